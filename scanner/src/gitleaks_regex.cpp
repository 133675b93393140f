#include "gitleaks_regex.hpp"

#include <cstdio>

#include "pcre2_handle.hpp"

namespace hush::scanner::gitleaks {
namespace {

bool is_octal(char c) { return c >= '0' && c <= '7'; }

}  // namespace

std::string translate_regex(std::string_view in) {
  std::string out;
  out.reserve(in.size());
  for (std::size_t i = 0; i < in.size(); ++i) {
    if (in[i] != '\\' || i + 1 == in.size()) {
      out += in[i];
      continue;
    }
    const char c = in[i + 1];
    if (c == 'Q') {  // literal text up to \E: copied as is, escapes and all
      const std::size_t end = in.find("\\E", i + 2);
      const std::size_t stop = end == std::string_view::npos ? in.size() : end + 2;
      out.append(in.substr(i, stop - i));
      i = stop - 1;
      continue;
    }
    if (c == 'v') {
      out += "\\x0b";
      ++i;
      continue;
    }
    // RE2: \0 takes up to two more octal digits; \1..\7 only when another octal digit follows.
    if (is_octal(c) && (c == '0' || (i + 2 < in.size() && is_octal(in[i + 2])))) {
      unsigned value = static_cast<unsigned>(c - '0');
      std::size_t j = i + 2;
      for (int extra = 0; extra < 2 && j < in.size() && is_octal(in[j]); ++extra, ++j)
        value = value * 8 + static_cast<unsigned>(in[j] - '0');
      char hex[16];
      std::snprintf(hex, sizeof hex, "\\x{%x}", value);
      out += hex;
      i = j - 1;
      continue;
    }
    out += in[i];
    out += c;
    ++i;
  }
  return out;
}

unsigned capture_count(const std::string& regex) {
  auto result = pcre2_compile_pattern(regex, 0);
  if (!result.code) return 0;
  uint32_t n = 0;
  pcre2_pattern_info(result.code.get(), PCRE2_INFO_CAPTURECOUNT, &n);
  return n;
}

}  // namespace hush::scanner::gitleaks
