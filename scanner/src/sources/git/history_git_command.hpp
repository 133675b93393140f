#pragma once
// The whole-history scan through the git command, for repositories libgit2 cannot read.
#include <string>
#include <vector>

#include "git_library.hpp"
#include "hush/scanner/sources/git.hpp"

namespace hush::scanner::git {

// `format` names what libgit2 cannot read ("sha256 object format", "reftable refs"), for
// messages. Throws hush::Error(runtime) when no git command is installed.
[[nodiscard]] std::vector<Finding> scan_history_with_git_command(const Scanner& scanner, const GitScanOptions& options,
                                                                 const std::string& format, ScanCounters& counters,
                                                                 Logger& log, ScanProgress* progress);

}  // namespace hush::scanner::git
