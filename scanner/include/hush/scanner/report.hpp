#pragma once
// Report writers. Every format is deterministic for the same findings (findings arrive sorted),
// and no format contains a secret unless `reveal` is set.
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "hush/scanner/baseline.hpp"
#include "hush/scanner/confidence.hpp"
#include "hush/scanner/finding.hpp"
#include "hush/scanner/rule.hpp"
#include "hush/scanner/scanner.hpp"

namespace hush::scanner {

enum class ReportFormat { text, json, jsonl, sarif, junit, csv, html };

[[nodiscard]] std::optional<ReportFormat> parse_report_format(std::string_view name) noexcept;

// A repository a multi-repository scan read: an absolute URI for it (without user info; file:
// for a local path), and the commit its HEAD named when it was scanned (empty when it has none).
struct ScannedRepository {
  std::string uri;
  std::string revision;
  std::string error;  // why it could not be fetched or read; empty when it was scanned
};

struct ReportSummary {
  ScanCounters counters;
  double duration_seconds = 0;
  std::size_t baseline_suppressed = 0;  // findings dropped because the baseline knows them
  Confidence min_confidence = default_min_confidence;
  std::size_t below_confidence = 0;  // findings not reported because they are below min_confidence
  std::size_t rules_loaded = 0;
  // The absolute directory, with a trailing '/', that relative paths in findings start from: the
  // work tree's root inside a repository, else the working directory. SARIF names it %SRCROOT%.
  std::string source_root;
  // Scans of several repositories: each one, in list order, scanned or not (then with its error).
  std::vector<ScannedRepository> repositories;
};

struct ReportOptions {
  bool reveal = false;
  bool color = false;  // text only; set by the caller when the output is a terminal
  std::string tool_version;
  std::string information_uri;  // SARIF tool.driver.informationUri; empty: the project's default
  bool summary = true;          // text only: the closing line of counts (`-q` leaves it out)
  bool rule_summary = false;    // text only: findings per rule before it (`--summary`)
};

// `rules` is the rule set the scan used (SARIF lists them in tool.driver.rules).
void write_report(ReportFormat format, const std::vector<Finding>& findings, const std::vector<Rule>& rules,
                  const ReportSummary& summary, const ReportOptions& options, std::ostream& out);

// The text report's closing line ("2 findings in 1 file · 5 files scanned ... · 0.01 s"), without
// colour: what a console shows when the report itself went to a file.
[[nodiscard]] std::string summary_line(const std::vector<Finding>& findings, const ReportSummary& summary);

// For a person updating a baseline: one line of counts, then a line per finding added (+) and per
// entry removed (-), by rule, location and fingerprint (never the secret), each starting "hush: ".
void write_baseline_changes(const BaselineChanges& changes, std::ostream& out);

}  // namespace hush::scanner
