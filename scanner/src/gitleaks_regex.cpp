#include "gitleaks_regex.hpp"

#include <cstdio>

#include "pcre2_handle.hpp"

namespace hush::scanner::gitleaks {
namespace {

bool is_octal(char c) { return c >= '0' && c <= '7'; }

}  // namespace

std::string translate_regex(std::string_view re2) {
  std::string out;
  out.reserve(re2.size());
  for (std::size_t i = 0; i < re2.size(); ++i) {
    if (re2[i] != '\\' || i + 1 == re2.size()) {
      out += re2[i];
      continue;
    }
    const char c = re2[i + 1];
    if (c == 'Q') {  // literal text up to \E: copied as is, escapes and all
      const std::size_t end = re2.find("\\E", i + 2);
      const std::size_t stop = end == std::string_view::npos ? re2.size() : end + 2;
      out.append(re2.substr(i, stop - i));
      i = stop - 1;
      continue;
    }
    if (c == 'v') {
      out += "\\x0b";
      ++i;
      continue;
    }
    // RE2: \0 takes up to two more octal digits; \1..\7 only when another octal digit follows.
    if (is_octal(c) && (c == '0' || (i + 2 < re2.size() && is_octal(re2[i + 2])))) {
      unsigned value = static_cast<unsigned>(c - '0');
      std::size_t j = i + 2;
      for (int extra = 0; extra < 2 && j < re2.size() && is_octal(re2[j]); ++extra, ++j)
        value = value * 8 + static_cast<unsigned>(re2[j] - '0');
      char hex[16];
      std::snprintf(hex, sizeof hex, "\\x{%x}", value);
      out += hex;
      i = j - 1;
      continue;
    }
    out += re2[i];
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
