#pragma once
// Loading rule files and the project configuration (.hush.toml). Every problem is a
// hush::Error of kind config rendered as "file:line: what is wrong".
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hush/common/log.hpp"
#include "hush/scanner/finding.hpp"
#include "hush/scanner/rule.hpp"
#include "hush/scanner/verify_settings.hpp"

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
  std::optional<unsigned> max_decode_depth;  // nullopt: the scanner's default
  // Archive limits; nullopt: ArchiveLimits' defaults.
  std::optional<unsigned> max_archive_depth;
  std::optional<std::uint64_t> max_archive_bytes;
  std::optional<std::uint64_t> max_archive_members;
  std::optional<std::uint64_t> max_archive_ratio;
};

// Deeper decoding than this finds nothing real and multiplies the work.
constexpr unsigned max_decode_depth_limit = 16;

// A global allowlist that applies to some rules only (gitleaks' `targetRules`).
struct TargetedAllowlist {
  std::vector<std::string> rule_ids;
  Allowlist allow;
};

struct Config {
  std::vector<std::string> disabled_rules;
  std::vector<Rule> rules;  // rules added by the config file
  Allowlist allow;          // global allowlist
  std::vector<TargetedAllowlist> targeted_allow;
  std::vector<std::string> exclude;          // path globs
  std::optional<Confidence> min_confidence;  // findings below it are counted, not reported
  bool respect_gitignore = false;            // `gitignore = true`: directory scans skip what git ignores
  Limits limits;
  VerifySettings verify;  // [verify]: for --verify
  bool use_builtin_rules = true;
  // gitleaks' [extend] semantics: a config rule whose id names a built-in rule refines it (its
  // regex, entropy, secret group, path and description replace the built-in ones, its keywords
  // and allowlists add to them), a rule with neither regex nor path only refines, and unknown
  // disabled ids are warnings (the rule may exist in gitleaks' pack and not in hush's).
  bool refine_builtin = false;
  std::string origin;  // file it came from, empty when defaulted
};

// Reads hush's format, or gitleaks' (recognised by its [[rules]], [extend], [allowlist] or title
// keys). Fields of gitleaks' format that hush does not support are named once each on `log`.
[[nodiscard]] Config parse_config(std::string_view toml_text, const std::string& origin, Logger& log = Logger::null());
[[nodiscard]] Config load_config_file(const std::filesystem::path& path, Logger& log = Logger::null());

// The rule set a scan uses: builtin pack (unless disabled), then config rules, then --rules paths,
// minus disabled ids, with targeted allowlists attached. Duplicate ids are a config error naming
// both places.
[[nodiscard]] std::vector<Rule> assemble_rules(std::vector<Rule> builtin, const Config& config,
                                               const std::vector<Rule>& extra, Logger& log = Logger::null());

// Drops Git findings introduced by a commit that their rule's or the global allowlist names.
// With `keep_suppressed` (--list-suppressed) they are marked (Finding::suppressed_by) instead.
void drop_allowlisted_commits(std::vector<Finding>& findings, const std::vector<Rule>& rules, const Allowlist& global,
                              bool keep_suppressed = false);

}  // namespace hush::scanner
