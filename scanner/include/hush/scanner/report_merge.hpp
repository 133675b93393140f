#pragma once
// `hush report merge`: the JSON or JSON Lines reports of several scans (the shards of one run,
// typically) read back into one set of findings and one summary, to be written in any format.
//
// Deduplication: two findings are the same when fingerprint, repository, commit, path and line
// all agree, that is the same occurrence reported twice (a report merged twice, a repository in
// two overlapping lists). The same secret at another place, in another commit or in another
// repository stays a finding of its own: each place is one to clean up.
//
// Summary: counters, gaps, baseline and confidence counts are added up; the repositories listed
// are concatenated; the duration is the longest report's (shards run side by side).
#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "hush/scanner/finding.hpp"
#include "hush/scanner/report.hpp"

namespace hush::scanner {

struct MergedReport {
  std::vector<Finding> findings;  // sorted as every report is
  ReportSummary summary;
  std::size_t reports = 0;
  std::size_t duplicates = 0;  // findings dropped as seen in an earlier report
};

class ReportMerger {
 public:
  // hush's JSON report (with its summary), a JSON array of findings, or JSON Lines. Config error
  // naming `origin` (and the line, for JSON Lines) on anything else.
  void add_text(std::string_view text, const std::string& origin);
  void add_file(const std::filesystem::path& path);
  [[nodiscard]] MergedReport finish() &&;

 private:
  void add_finding(Finding finding);
  MergedReport merged_;
  std::unordered_set<std::string> seen_;
  bool min_confidence_set_ = false;
};

}  // namespace hush::scanner
