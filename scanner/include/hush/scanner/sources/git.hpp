#pragma once
// Git sources: the whole object database (history), a commit range (CI gate) and the staged
// change (pre-commit hook). Findings carry their commit, author, date and path.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "hush/scanner/finding.hpp"
#include "hush/scanner/path_excludes.hpp"
#include "hush/scanner/scanner.hpp"
#include "hush/scanner/sources/filesystem.hpp"

namespace hush {
class Logger;
}

namespace hush::scanner {

struct GitScanOptions {
  std::string repository = ".";  // a work tree, any directory inside one, or a bare repository
  unsigned threads = 1;
  std::uint64_t max_blob_size = 10ull * 1024 * 1024;
  bool include_binary = false;
  bool all_objects = false;         // history: unreachable objects too
  bool keep_going = false;          // unreadable objects are warned about and counted
  bool recurse_submodules = false;  // history: scan checked-out submodules' histories too
  // History: a blob stored as a delta takes over its base's Hyperscan candidates wherever the
  // bytes they depend on were copied unchanged (same findings, less scanning); off scans every
  // blob whole.
  bool reuse_delta_bases = true;
  PathExcludes exclude;  // applied to the paths blobs had
};

// Path used for findings in commit messages.
inline constexpr const char* commit_message_path = "(commit message)";
// Path used for findings in annotated tag messages.
inline constexpr const char* tag_message_path = "(tag message)";

// Every unique blob reachable from any ref (or every blob, with all_objects) is scanned once;
// each finding is then reported once per commit that introduced its blob, with the path it had.
// Commit messages are scanned too. An empty repository yields nothing (and a log line).
[[nodiscard]] std::vector<Finding> scan_git_history(const Scanner& scanner, const GitScanOptions& options,
                                                    ScanCounters& counters, Logger& log,
                                                    ScanProgress* progress = nullptr);

// --state DIR: the whole history on the first run (or with `all_findings`), then only what the
// commits the repository gained since the last run add, and only findings not reported before.
// A damaged or foreign state file is rebuilt with a warning.
[[nodiscard]] std::vector<Finding> scan_git_with_state(const Scanner& scanner, const GitScanOptions& options,
                                                       const std::string& state_dir, bool all_findings,
                                                       ScanCounters& counters, Logger& log,
                                                       ScanProgress* progress = nullptr);

// Lines added by the commits in BASE..HEAD ("A..B", or a single BASE meaning BASE..HEAD), each
// finding attributed to the commit that added it. A BASE that cannot be resolved, or a shallow
// clone that does not reach it, is a usage error telling the user to fetch more history.
[[nodiscard]] std::vector<Finding> scan_git_range(const Scanner& scanner, const GitScanOptions& options,
                                                  const std::string& range, ScanCounters& counters, Logger& log);

// Lines the index adds relative to HEAD (everything staged, before the first commit), located in
// the staged version of each file.
[[nodiscard]] std::vector<Finding> scan_git_staged(const Scanner& scanner, const GitScanOptions& options,
                                                   ScanCounters& counters, Logger& log);

// The directory holding the repository's .hush.toml and .hushignore: the work tree, or the git
// directory of a bare repository. Usage error when `path` is not in a repository.
[[nodiscard]] std::string git_project_root(const std::string& path);

// The Git work tree every one of `paths` (files and directories) lies in, with a trailing '/';
// nullopt when they are not all in the same one.
[[nodiscard]] std::optional<std::string> common_work_tree(const std::vector<std::string>& paths);

}  // namespace hush::scanner
