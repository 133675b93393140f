#include <cstring>

#include "decode/utf16.hpp"
#include "hush/scanner/scanner.hpp"

namespace hush::scanner {
namespace {

std::size_t line_start_before(std::string_view text, std::size_t pos) {
  while (pos > 0 && text[pos - 1] != '\n') --pos;
  return pos;
}

// Byte offset in `text` of 1-based `column` of the line that starts at `line_start`.
std::size_t byte_at(std::string_view text, std::size_t line_start, std::uint64_t column) {
  return std::min<std::size_t>(text.size(), line_start + static_cast<std::size_t>(column) - 1);
}

// The scanner counted columns in bytes of the UTF-8 text; the file's user counts characters.
void to_characters(std::string_view text, Finding& f) {
  const std::size_t start = static_cast<std::size_t>(f.offset);
  const std::size_t line_start = line_start_before(text, start);
  std::size_t end_line_start = line_start;
  for (std::uint64_t line = f.line; line < f.end_line; ++line) {
    const void* nl = std::memchr(text.data() + end_line_start, '\n', text.size() - end_line_start);
    if (!nl) break;
    end_line_start = static_cast<std::size_t>(static_cast<const char*>(nl) - text.data()) + 1;
  }
  const std::size_t end = byte_at(text, end_line_start, f.end_column);
  f.column = decode::count_characters(text.substr(line_start, start - line_start)) + 1;
  f.end_column = decode::count_characters(text.substr(end_line_start, end - end_line_start)) + 1;
}

}  // namespace

bool scan_utf16(const Scanner& scanner, const ScanTarget& target, Matcher& matcher, std::vector<Finding>& out,
                ScanCounters& counters) {
  const auto layout = decode::detect_utf16(target.bytes);
  if (!layout) return false;
  const std::string text = decode::utf16_to_utf8(target.bytes, *layout);
  ScanTarget as_text;
  as_text.bytes = text;
  as_text.path = target.path;
  const std::size_t first_new = out.size();
  scanner.scan(as_text, matcher, out, counters);
  for (std::size_t i = first_new; i < out.size(); ++i) {
    Finding& f = out[i];
    to_characters(text, f);
    f.offset =
        target.base_offset + layout->bom + 2 * decode::utf16_units_before(text, static_cast<std::size_t>(f.offset));
  }
  return true;
}

}  // namespace hush::scanner
