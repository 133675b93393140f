#pragma once
// The range and staged scans' common half: scan the new version of each changed file whole (so
// multi-line secrets and context work), then keep only the findings that touch an added line
// (line_changes.hpp), comparing a renamed file with the file it came from and a merge's result
// with every parent.
#include <git2.h>

#include <vector>

#include "hush/scanner/matcher.hpp"
#include "hush/scanner/sources/git.hpp"
#include "sources/git/file_changes.hpp"

namespace hush::scanner::git {

class ChangeScanner {
 public:
  ChangeScanner(const Scanner& scanner, const GitScanOptions& options, git_repository* repo, Logger& log);

  // What a commit with one parent or none, or the index, changed; `provenance` (null for the
  // index) is attached to each finding.
  void scan(TreeChanges changes, const GitProvenance* provenance, std::vector<Finding>& out, ScanCounters& counters);

  // A merge: `per_parent[i]` compares parent i with the merge. Only files the merge changed
  // relative to every parent are read, and only lines beyond every parent's version count: a
  // clean merge adds nothing the merged commits did not add themselves.
  void scan_merge(const std::vector<TreeChanges>& per_parent, const GitProvenance& provenance, std::vector<Finding>& out,
                  ScanCounters& counters);

  // File versions a partial clone has not fetched are counted in `not_fetched` as they are met;
  // after the scan they become one gap in the report (absent on purpose, not damage), with the
  // git command that fetches what the scan needed.
  void report_not_fetched(ScanCounters& counters, const std::string& fetch_command) const;

 private:
  class RenameSources;
  template <typename Befores>
  void scan_file(const git_oid& id, const std::string& path, const GitProvenance* provenance, Befores befores_of,
                 std::vector<Finding>& out, ScanCounters& counters);
  [[nodiscard]] bool skipped_by_path(const std::string& path, ScanCounters& counters) const;

  const Scanner& scanner_;
  const GitScanOptions& options_;
  git_repository* repo_;
  Logger& log_;
  Matcher matcher_;
  bool partial_clone_;
  std::uint64_t not_fetched_ = 0;
};

}  // namespace hush::scanner::git
