#pragma once
// Directory and file scanning: a walker feeds files to worker threads, each with its own matcher.
#include <atomic>
#include <cstdint>
#include <string>
#include <vector>

#include "hush/scanner/finding.hpp"
#include "hush/scanner/path_excludes.hpp"
#include "hush/scanner/scanner.hpp"

namespace hush {
class Logger;
}

namespace hush::scanner {

struct FsScanOptions {
  unsigned threads = 1;
  std::uint64_t max_file_size = 10ull * 1024 * 1024;
  bool follow_symlinks = false;
  bool include_binary = false;
  PathExcludes exclude;  // matched against the path relative to the root
  // Skip what git ignores in a work tree (--gitignore); off by default because the files git
  // ignores (.env, local settings, build output) are where credentials sit before they leak
  // through an image, an artifact or a backup.
  bool respect_gitignore = false;
};

// Updated by workers while a scan runs, read by a progress display.
struct ScanProgress {
  std::atomic<std::uint64_t> files{0};
  std::atomic<std::uint64_t> bytes{0};
};

// A directory or file to scan and the name its findings carry: a file's path, or the prefix of
// the paths found under a directory (empty: relative to it).
struct ScanRoot {
  std::string path;
  std::string display;
  // The display names a path from the project's root (a Git work tree), so excludes match it
  // there; otherwise they match paths relative to the root.
  bool display_from_project_root = false;
};

// Roots named as given: paths relative to the root when there is a single directory, otherwise
// prefixed with the root as given.
[[nodiscard]] std::vector<ScanRoot> roots_as_given(const std::vector<std::string>& paths);

// Scans each root (directory or file). Unreadable files are warned about and counted, never
// fatal; a root that does not exist is hush::Error(usage).
[[nodiscard]] std::vector<Finding> scan_paths(const Scanner& scanner, const std::vector<ScanRoot>& roots,
                                              const FsScanOptions& options, ScanCounters& counters, Logger& log,
                                              ScanProgress* progress = nullptr);

// Scans a stream (stdin) in bounded windows with overlap, so its size never bounds memory; an
// archive (recognised by its first bytes) is read whole, up to the archive byte limit.
[[nodiscard]] std::vector<Finding> scan_stream(const Scanner& scanner, int fd, const std::string& display_path,
                                               bool include_binary, ScanCounters& counters, Logger& log,
                                               ScanProgress* progress = nullptr);

}  // namespace hush::scanner
