#pragma once
// Window-by-window scanning of a file descriptor, for inputs too large (or too unknown, like a
// pipe) to hold whole. Consecutive windows overlap so a secret across a boundary is still found,
// and each match is reported by exactly one window.
#include <cstdint>
#include <string>
#include <vector>

#include "hush/scanner/finding.hpp"
#include "hush/scanner/scanner.hpp"
#include "hush/scanner/sources/filesystem.hpp"

namespace hush::scanner {

struct WindowOptions {
  std::size_t window = 16 * 1024 * 1024;
  std::size_t overlap = 64 * 1024;  // must exceed the longest secret plus the matcher's windows
  std::size_t guard = 4 * 1024;     // left context a match needs (\b, lookbehind); < overlap
  bool include_binary = false;
};

enum class ReadOutcome { scanned, binary, unreadable };

// Reads `fd` from its current position to its end; `already_read` is what the caller read of it
// first (at most one window's worth).
ReadOutcome scan_fd_windows(const Scanner& scanner, Matcher& matcher, int fd, std::string_view path,
                            const WindowOptions& options, std::vector<Finding>& out, ScanCounters& counters,
                            ScanProgress* progress, std::string_view already_read = {});

// Reads until `buffer[from..]` is full or the input ends; returns bytes read, or -1 on error.
long read_full(int fd, char* buffer, std::size_t size);

}  // namespace hush::scanner

namespace hush::scanner {

// The same windowing over bytes already in memory (a large Git blob): Hyperscan takes at most
// 4 GiB per call, and windows keep the matcher's per-call state small.
void scan_memory_windows(const Scanner& scanner, Matcher& matcher, std::string_view bytes, std::string_view path,
                         const WindowOptions& options, std::vector<Finding>& out, ScanCounters& counters);

// A blob in memory: scanned whole, or in windows when it is larger than one window.
void scan_in_memory(const Scanner& scanner, Matcher& matcher, std::string_view bytes, std::string_view path,
                    std::vector<Finding>& out, ScanCounters& counters);

// What scan_whole_file decides from a file's first bytes alone: true when it skips the file as
// binary. `head` holds the whole file or at least `kind_sniff_bytes` of it (the NUL sniff reads
// 8,000 bytes, the UTF-16 test a byte-order mark and 4,096 code units), so a caller can stop
// reading a file as soon as it knows.
constexpr std::size_t kind_sniff_bytes = 8194;
[[nodiscard]] bool skips_as_binary(std::string_view head, bool include_binary) noexcept;

// A whole file held in memory (a blob, an archive member): UTF-16 text is scanned as its text, a
// binary file (the NUL sniff) is skipped and counted unless `include_binary`, anything else is
// scanned as bytes; scanned files are counted. False when skipped as binary.
bool scan_whole_file(const Scanner& scanner, Matcher& matcher, std::string_view bytes, std::string_view path,
                     bool include_binary, std::vector<Finding>& out, ScanCounters& counters);

}  // namespace hush::scanner
