#pragma once
// One `hush scan` from request to findings: configuration, rules, source, baseline. The CLI
// parses flags into a ScanRequest and renders the ScanOutcome; everything between lives here.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "hush/common/metrics.hpp"
#include "hush/scanner/baseline.hpp"
#include "hush/scanner/finding.hpp"
#include "hush/scanner/report.hpp"
#include "hush/scanner/rule.hpp"
#include "hush/scanner/sources/filesystem.hpp"
#include "hush/scanner/verify_settings.hpp"

namespace hush {
class Logger;
}

namespace hush::scanner {

enum class GitMode { none, history, range, staged };

struct ScanRequest {
  std::vector<std::string> paths;   // files and directories; "-" reads standard input
  std::vector<std::string> images;  // docker/podman save tarballs and OCI image layout directories
  GitMode git = GitMode::none;      // with git: paths holds at most the repository
  std::string git_range;            // GitMode::range: "BASE..HEAD" or "BASE"
  bool all_objects = false;
  bool keep_going = false;
  bool recurse_submodules = false;
  bool whole_blobs = false;              // history: no reuse of a delta base's candidates
  std::optional<std::string> state_dir;  // history: --state, scan what is new since the last run
  bool all_findings = false;             // with state_dir: scan everything and report every finding again
  std::vector<std::string> rule_paths;   // --rules
  std::optional<std::string> config_path;
  std::vector<std::string> exclude;
  std::optional<unsigned> threads;
  std::optional<std::uint64_t> max_file_size;
  std::optional<unsigned> max_decode_depth;  // nullopt: the configuration's, else the default
  // Archive limits (ArchiveLimits); nullopt: the configuration's, else the default. Depth 0: off.
  std::optional<unsigned> max_archive_depth;
  std::optional<std::uint64_t> max_archive_bytes;
  std::optional<std::uint64_t> max_archive_members;
  std::optional<std::uint64_t> max_archive_ratio;
  bool follow_symlinks = false;
  bool include_binary = false;
  std::optional<bool> respect_gitignore;   // --gitignore / --no-gitignore; nullopt: the configuration's
  bool list_suppressed = false;            // report only what a marker, an allowlist or an ignore file suppressed
  bool inline_allow = true;                // hush:allow and its kin suppress findings (--ignore-inline-allow: not)
  std::vector<std::string> enabled_rules;  // --enable-rule: only these rule ids (all when empty)
  std::vector<std::string> baseline_paths;
  // --write-baseline: the baselines are being rewritten, so what they list is kept in the findings
  // (only .hushignore suppresses) and the outcome says how the findings differ from them.
  bool rewriting_baseline = false;
  std::optional<Confidence> min_confidence;  // nullopt: the configuration's, else the default
  bool use_cache = true;
  bool collect_partners = false;  // --verify: pair rules' findings carry their partner (Scanner::collect_partners)
  std::optional<std::filesystem::path> cache_dir;
};

struct ScanOutcome {
  std::vector<Finding> findings;
  std::vector<Rule> rules;
  ReportSummary summary;
  std::optional<BaselineChanges> baseline_changes;  // when rewriting a baseline
  VerifySettings verify_settings;                   // the configuration's [verify], for --verify
};

// Throws hush::Error: usage for bad paths, config for bad rule/config/baseline files, runtime
// for I/O failures. `progress` (optional) is updated while files are read.
[[nodiscard]] ScanOutcome run_scan(const ScanRequest& request, std::vector<Rule> builtin_rules, Logger& log,
                                   ScanProgress* progress = nullptr);

// Decides each finding's confidence now that its path is known (Git history attributes paths
// after scanning), drops those that are no secret at their path (counted as suppressed), and
// moves those below `min` out of `findings`; returns how many were below it.
std::size_t apply_confidence(std::vector<Finding>& findings, Confidence min, ScanCounters& counters);

// Prometheus metrics describing a finished scan.
[[nodiscard]] Metrics scan_metrics(const ScanOutcome& outcome);

}  // namespace hush::scanner
