#pragma once
// Loading rule files and the project configuration (.hush.toml). Every problem is a
// hush::Error of kind config rendered as "file:line: what is wrong".
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hush/scanner/rule.hpp"

namespace hush::scanner {

// Parses the [[rule]] tables of one TOML document. `origin` names it in error messages;
// `default_family` is used for rules without a `family` key.
[[nodiscard]] std::vector<Rule> parse_rules(std::string_view toml_text, const std::string& origin,
                                            const std::string& default_family);

// A file, or every *.toml file of a directory (sorted by name, not recursive).
[[nodiscard]] std::vector<Rule> load_rules_path(const std::filesystem::path& path);

struct Limits {
  std::uint64_t max_file_size = 10ull * 1024 * 1024;
  std::optional<unsigned> threads;
};

struct Config {
  std::vector<std::string> disabled_rules;
  std::vector<Rule> rules;      // rules added by the config file
  Allowlist allow;              // global allowlist
  std::vector<std::string> exclude;  // path globs
  Limits limits;
  bool use_builtin_rules = true;
  std::string origin;           // file it came from, empty when defaulted
};

[[nodiscard]] Config parse_config(std::string_view toml_text, const std::string& origin);
[[nodiscard]] Config load_config_file(const std::filesystem::path& path);

// The rule set a scan uses: builtin pack (unless disabled), then config rules, then --rules paths,
// minus disabled ids. Duplicate ids are a config error naming both places.
[[nodiscard]] std::vector<Rule> assemble_rules(const std::vector<Rule>& builtin, const Config& config,
                                               const std::vector<Rule>& extra);

}  // namespace hush::scanner
