#pragma once
// The range and staged scans' common half: scan the new version of each changed file whole (so
// multi-line secrets and context work), then keep only the findings that touch an added line
// (line_changes.hpp), comparing a renamed file with the file it came from and a merge's result
// with every parent.
#include <git2.h>

#include <vector>

#include "git_library.hpp"
#include "hush/git/file_changes.hpp"
#include "hush/scanner/matcher.hpp"
#include "hush/scanner/sources/git.hpp"

namespace hush::scanner::git {

// The per-file steps every change scan shares, whoever reads the objects (libgit2 here, the git
// command for the formats libgit2 cannot read).
// Whether `path` is excluded or allowlisted (counted as excluded).
[[nodiscard]] bool change_skipped_by_path(const Scanner& scanner, const GitScanOptions& options,
                                          const std::string& path, ScanCounters& counters);
// Scans a changed file's new version whole into `found`; false (and counted) when it is too large
// or binary.
// An archive's members are scanned; their findings carry `path!member`.
bool scan_new_version(const Scanner& scanner, Matcher& matcher, const GitScanOptions& options, std::string_view bytes,
                      const std::string& path, std::vector<Finding>& found, ScanCounters& counters, Logger& log);
// A line diff of an archive's bytes says nothing about its members' lines: a finding in a member
// of a changed archive counts as added unless a version before held the same secret for the same
// rule in the same member. Drops (counted as suppressed) the findings in members that a version
// before held already; keep_added_findings keeps the other findings in members whole.
void keep_new_in_archive(const Scanner& scanner, Matcher& matcher, const GitScanOptions& options,
                         const std::string& path, std::vector<Finding>& found,
                         const std::vector<std::string_view>& before, ScanCounters& counters);
// Moves into `out` the findings of `found` that touch a line `bytes` adds relative to `before`
// (each with `provenance`, when given, and the blob id); the others count as suppressed. A secret
// counts as added when any of its lines is: a key block edited in the middle is a new secret.
// Findings in archive members (after keep_new_in_archive) are moved as they are.
void keep_added_findings(std::vector<Finding>& found, const std::string& path, std::string_view bytes,
                         const std::vector<std::string_view>& before, const GitProvenance* provenance,
                         const std::string& blob_hex, std::vector<Finding>& out, ScanCounters& counters);

class ChangeScanner {
 public:
  ChangeScanner(const Scanner& scanner, const GitScanOptions& options, git_repository* repo, Logger& log);

  // What a commit with one parent or none, or the index, changed; `provenance` (null for the
  // index) is attached to each finding.
  void scan(TreeChanges changes, const GitProvenance* provenance, std::vector<Finding>& out, ScanCounters& counters);

  // A merge: `per_parent[i]` compares parent i with the merge. Only files the merge changed
  // relative to every parent are read, and only lines beyond every parent's version count: a
  // clean merge adds nothing the merged commits did not add themselves.
  void scan_merge(const std::vector<TreeChanges>& per_parent, const GitProvenance& provenance,
                  std::vector<Finding>& out, ScanCounters& counters);

  // File versions a partial clone has not fetched are counted in `not_fetched` as they are met;
  // after the scan they become one gap in the report (absent on purpose, not damage), with the
  // git command that fetches what the scan needed.
  void report_not_fetched(ScanCounters& counters, const std::string& fetch_command) const;

 private:
  class RenameSources;
  template <typename Befores>
  void scan_file(const git_oid& id, const std::string& path, const GitProvenance* provenance, Befores befores_of,
                 std::vector<Finding>& out, ScanCounters& counters);

  const Scanner& scanner_;
  const GitScanOptions& options_;
  git_repository* repo_;
  Logger& log_;
  Matcher matcher_;
  bool partial_clone_;
  std::uint64_t not_fetched_ = 0;
};

}  // namespace hush::scanner::git
