#pragma once
// Repositories built with the git CLI in a temporary directory, for the Git scan tests.
#include <string>
#include <vector>

#include "catch.hpp"
#include "harness.hpp"

namespace hush_it {

// Isolated from the machine's git configuration, with fixed identities and dates so commits are
// reproducible.
inline RunOptions git_env(const fs::path& cwd) {
  RunOptions o;
  o.cwd = cwd;
  o.env = {{"GIT_CONFIG_NOSYSTEM", "1"},
           {"GIT_CONFIG_GLOBAL", "/dev/null"},
           {"GIT_AUTHOR_NAME", "Ada Dev"},
           {"GIT_AUTHOR_EMAIL", "ada@example.com"},
           {"GIT_COMMITTER_NAME", "Ada Dev"},
           {"GIT_COMMITTER_EMAIL", "ada@example.com"},
           {"GIT_AUTHOR_DATE", "2024-03-01T10:00:00+01:00"},
           {"GIT_COMMITTER_DATE", "2024-03-01T10:00:00+01:00"}};
  return o;
}

// Runs git in `dir` (any repository, e.g. a clone) and returns its output without the final
// newline; the test fails when git does.
inline std::string git_in(const fs::path& dir, const std::vector<std::string>& args) {
  const RunResult r = run_program("git", args, git_env(dir));
  INFO("git " << args.front() << ": " << r.err);
  REQUIRE(r.exit_code == 0);
  std::string out = r.out;
  while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
  return out;
}

class Repo {
 public:
  // "sha256" makes a repository libgit2 cannot read, which hush reads through the git command.
  explicit Repo(const std::string& object_format = "sha1") {
    git({"init", "-q", "--object-format=" + object_format, "-b", "main", "."});
  }

  std::string git(const std::vector<std::string>& args) const { return git_in(dir_.path(), args); }
  void write(const std::string& rel, const std::string& content) const { write_file(dir_ / rel, content); }
  std::string commit_all(const std::string& message) const {
    git({"add", "-A"});
    git({"commit", "-q", "--allow-empty", "-m", message});
    return git({"rev-parse", "HEAD"});
  }
  const fs::path& path() const { return dir_.path(); }
  std::string str() const { return dir_.str(); }

 private:
  TempDir dir_;
};

// Lines [from, to) of a file of distinct settings, for files that must be more than their secret
// (renames are found by shared content, added lines by counting).
inline std::string numbered_lines(int from, int to) {
  std::string out;
  for (int i = from; i < to; ++i) out += "setting_" + std::to_string(i) + " = " + std::to_string(i * 7) + "\n";
  return out;
}

// `hush scan --staged` in `repo`'s work tree: the report, the exit code required.
inline nlohmann::json staged_report(const Repo& repo, int expected_exit) {
  return scan_json({"scan", "--staged"}, expected_exit, &repo.path());
}

// Where git keeps the loose object `id` of `repo`.
inline fs::path loose_path(const Repo& repo, const std::string& id) {
  return repo.path() / ".git" / "objects" / id.substr(0, 2) / id.substr(2);
}

// A history scan of a repository with an object it cannot read: exit 3 naming `object`; then the
// report of the same scan with --keep-going (exit `kept_exit`), which counts one unreadable object.
inline nlohmann::json scan_damaged(const Repo& repo, const std::string& object, int kept_exit = 1) {
  const RunResult failed = run_hush({"scan", "--git", repo.str()});
  INFO(failed.err);
  CHECK(failed.exit_code == 3);
  CHECK(failed.err.find(object) != std::string::npos);
  auto kept = scan_json({"scan", "--git", "--keep-going", repo.str()}, kept_exit);
  CHECK(kept["summary"]["unreadable"] == 1);
  return kept;
}

inline std::vector<nlohmann::json> by_rule(const nlohmann::json& report, const std::string& rule) {
  std::vector<nlohmann::json> out;
  for (const auto& f : report["findings"])
    if (f["rule_id"] == rule) out.push_back(f);
  return out;
}

}  // namespace hush_it
