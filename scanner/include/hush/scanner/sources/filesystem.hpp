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
};

// Updated by workers while a scan runs, read by a progress display.
struct ScanProgress {
  std::atomic<std::uint64_t> files{0};
  std::atomic<std::uint64_t> bytes{0};
};

// Scans each root (directory or file). Paths in findings are relative to the root when there is
// a single directory root, otherwise prefixed with the root as given. Unreadable files are
// warned about and counted, never fatal; a root that does not exist is hush::Error(usage).
[[nodiscard]] std::vector<Finding> scan_paths(const Scanner& scanner, const std::vector<std::string>& roots,
                                              const FsScanOptions& options, ScanCounters& counters, Logger& log,
                                              ScanProgress* progress = nullptr);

// Scans a stream (stdin) in bounded windows with overlap, so its size never bounds memory; an
// archive (recognised by its first bytes) is read whole, up to the archive byte limit.
[[nodiscard]] std::vector<Finding> scan_stream(const Scanner& scanner, int fd, const std::string& display_path,
                                               bool include_binary, ScanCounters& counters, Logger& log,
                                               ScanProgress* progress = nullptr);

}  // namespace hush::scanner
