#pragma once
// Repositories for the Git tests, built with the git CLI in a temporary directory, isolated from
// the machine's git configuration and with fixed identities and dates so commits are reproducible.
#include <string>
#include <vector>

#include "harness.hpp"

namespace hush_it {

[[nodiscard]] RunOptions git_env(const fs::path& cwd);

class Repo {
 public:
  Repo();

  // Runs git in the repository, REQUIREs success and returns stdout without its final newline.
  std::string git(const std::vector<std::string>& args) const;
  void write(const std::string& rel, const std::string& content) const { write_file(dir_ / rel, content); }
  // Stages everything and commits (empty commits allowed); returns the new commit's id.
  std::string commit_all(const std::string& message) const;
  [[nodiscard]] const fs::path& path() const { return dir_.path(); }
  [[nodiscard]] std::string str() const { return dir_.str(); }

 private:
  TempDir dir_;
};

// `hush ARGS --format json`, REQUIREs the exit code and returns the parsed report.
nlohmann::json scan_json(const std::vector<std::string>& args, int expected_exit, const fs::path* cwd = nullptr);

[[nodiscard]] std::vector<nlohmann::json> by_rule(const nlohmann::json& report, const std::string& rule);

}  // namespace hush_it
