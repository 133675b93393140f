#pragma once
// `--staged` and `--range` for repositories libgit2 cannot read (SHA-256 objects, reftable refs):
// the git command lists what changed and serves the versions; the change scan's own steps decide
// what a change adds, so the findings are those the libgit2 path would give.
#include <string>
#include <vector>

#include "git_library.hpp"
#include "hush/scanner/sources/git.hpp"

namespace hush::scanner::git {

// `format` names what libgit2 cannot read, for messages. Both throw hush::Error(runtime) when no
// git command is installed.
[[nodiscard]] std::vector<Finding> scan_staged_with_git_command(const Scanner& scanner, const GitScanOptions& options,
                                                                const std::string& format, ScanCounters& counters,
                                                                Logger& log);

// The commits reachable from `head` and not from `base`, parents first.
[[nodiscard]] std::vector<Finding> scan_range_with_git_command(const Scanner& scanner, const GitScanOptions& options,
                                                               const std::string& base, const std::string& head,
                                                               const std::string& format, ScanCounters& counters,
                                                               Logger& log);

}  // namespace hush::scanner::git
