#include "sources/chunked.hpp"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "decode/utf16.hpp"
#include "hush/common/error.hpp"
#include "hush/scanner/matcher.hpp"

namespace hush::scanner {

long read_full(int fd, char* buffer, std::size_t size) {
  std::size_t got = 0;
  while (got < size) {
    const ssize_t n = ::read(fd, buffer + got, size - got);
    if (n == 0) break;
    if (n < 0) {
      if (errno == EINTR) continue;
      return -1;
    }
    got += static_cast<std::size_t>(n);
  }
  return static_cast<long>(got);
}

ReadOutcome scan_fd_windows(const Scanner& scanner, Matcher& matcher, int fd, std::string_view path,
                            const WindowOptions& options, std::vector<Finding>& out, ScanCounters& counters,
                            ScanProgress* progress, std::string_view already_read) {
  if (options.guard >= options.overlap || options.overlap >= options.window || already_read.size() > options.window)
    throw Error(ErrorKind::runtime, "window scan needs guard < overlap < window");
  std::string buffer(options.window, '\0');
  // memcpy's source must not be null, even for no bytes (an empty string_view's data may be).
  if (!already_read.empty()) std::memcpy(buffer.data(), already_read.data(), already_read.size());
  std::size_t carry = already_read.size();
  std::uint64_t base_offset = 0, base_line = 1, base_line_start = 0, total = already_read.size();
  if (progress) progress->bytes += already_read.size();
  bool first = true;
  for (;;) {
    const long got = read_full(fd, buffer.data() + carry, buffer.size() - carry);
    if (got < 0) return ReadOutcome::unreadable;
    const std::size_t len = carry + static_cast<std::size_t>(got);
    const bool at_end = len < buffer.size();
    const std::string_view window(buffer.data(), len);
    if (first && !options.include_binary && looks_binary(window)) return ReadOutcome::binary;
    first = false;
    total += static_cast<std::uint64_t>(got);
    if (progress) progress->bytes += static_cast<std::uint64_t>(got);

    // A window's first bytes lack their left neighbours (a \b there would pass wrongly), so each
    // window leaves its first `guard` bytes to the previous one, which saw them in context.
    const std::size_t owned = at_end ? len : len - options.overlap;
    const std::size_t report_from = base_offset == 0 ? 0 : options.guard;
    const std::size_t report_until = at_end ? len + 1 : owned + options.guard;
    ScanTarget target{window, path, base_offset, base_line, base_line_start, report_from, report_until};
    scanner.scan(target, matcher, out, counters);
    if (at_end) break;

    // Advance line bookkeeping over the part that will not be seen again.
    for (const char* p = buffer.data();
         (p = static_cast<const char*>(std::memchr(p, '\n', owned - static_cast<std::size_t>(p - buffer.data())))) !=
         nullptr;
         ++p) {
      ++base_line;
      base_line_start = base_offset + static_cast<std::uint64_t>(p - buffer.data()) + 1;
    }
    base_offset += owned;
    std::memmove(buffer.data(), buffer.data() + owned, len - owned);
    carry = len - owned;
  }
  counters.bytes_scanned += total;
  ++counters.files_scanned;
  return ReadOutcome::scanned;
}

}  // namespace hush::scanner

namespace hush::scanner {

void scan_memory_windows(const Scanner& scanner, Matcher& matcher, std::string_view bytes, std::string_view path,
                         const WindowOptions& options, std::vector<Finding>& out, ScanCounters& counters) {
  if (options.guard >= options.overlap || options.overlap >= options.window)
    throw Error(ErrorKind::runtime, "window scan needs guard < overlap < window");
  std::uint64_t line = 1, line_start = 0;
  for (std::size_t pos = 0;;) {
    const std::size_t len = std::min(options.window, bytes.size() - pos);
    const bool at_end = pos + len == bytes.size();
    const std::size_t owned = at_end ? len : len - options.overlap;
    ScanTarget target{bytes.substr(pos, len),
                      path,
                      pos,
                      line,
                      line_start,
                      pos == 0 ? 0 : options.guard,
                      at_end ? len + 1 : owned + options.guard};
    scanner.scan(target, matcher, out, counters);
    if (at_end) break;
    for (std::size_t i = pos; i < pos + owned; ++i) {
      if (bytes[i] == '\n') {
        ++line;
        line_start = i + 1;
      }
    }
    pos += owned;
  }
}

void scan_in_memory(const Scanner& scanner, Matcher& matcher, std::string_view bytes, std::string_view path,
                    std::vector<Finding>& out, ScanCounters& counters) {
  const WindowOptions options;
  if (bytes.size() > options.window) {
    scan_memory_windows(scanner, matcher, bytes, path, options, out, counters);
    return;
  }
  ScanTarget target;
  target.bytes = bytes;
  target.path = path;
  scanner.scan(target, matcher, out, counters);
}

bool skips_as_binary(std::string_view head, bool include_binary) noexcept {
  // UTF-16 text of ASCII is half NULs: it is read as the text it encodes, never skipped.
  return !include_binary && looks_binary(head) && !decode::detect_utf16(head);
}

bool scan_whole_file(const Scanner& scanner, Matcher& matcher, std::string_view bytes, std::string_view path,
                     bool include_binary, std::vector<Finding>& out, ScanCounters& counters) {
  ScanTarget whole;
  whole.bytes = bytes;
  whole.path = path;
  if (skips_as_binary(bytes, include_binary)) {
    ++counters.skipped_binary;
    return false;
  }
  const bool utf16 = scan_utf16(scanner, whole, matcher, out, counters);
  ++counters.files_scanned;
  counters.bytes_scanned += bytes.size();
  if (!utf16) scan_in_memory(scanner, matcher, bytes, path, out, counters);
  return true;
}

}  // namespace hush::scanner
