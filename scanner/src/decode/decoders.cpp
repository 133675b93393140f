#include "decode/decoders.hpp"
#include "decode/utf8.hpp"
#include "hush/common/enum_names.hpp"

#include "validators/codec.hpp"

namespace hush::scanner::decode {
namespace {

// Exactly `digits` hex digits at `text[at]`, or nullopt.
std::optional<char32_t> hex_at(std::string_view text, std::size_t at, std::size_t digits) {
  if (at > text.size() || text.size() - at < digits) return std::nullopt;
  char32_t value = 0;
  for (std::size_t i = 0; i < digits; ++i) {
    const int v = hex_value(text[at + i]);
    if (v < 0) return std::nullopt;
    value = (value << 4) | static_cast<char32_t>(v);
  }
  return value;
}

bool is_surrogate(char32_t cp) noexcept { return cp >= 0xD800 && cp <= 0xDFFF; }

char simple_escape(char c) noexcept {
  switch (c) {
    case 'n':
      return '\n';
    case 't':
      return '\t';
    case 'r':
      return '\r';
    case 'b':
      return '\b';
    case 'f':
      return '\f';
    case 'v':
      return '\v';
    case 'a':
      return '\a';
    case '\\':
    case '"':
    case '\'':
    case '/':
    case '`':
      return c;
    default:
      return '\0';
  }
}

}  // namespace

std::string_view encoding_name(Encoding encoding) noexcept {
  constexpr EnumName<Encoding> names[] = {{Encoding::base64, "base64"},
                                          {Encoding::hex, "hex"},
                                          {Encoding::percent, "percent"},
                                          {Encoding::escape, "escape"}};
  return name_of(names, encoding, "?");
}

std::optional<std::string> decode_base64(std::string_view token) {
  const bool url = token.find_first_of("-_") != std::string_view::npos;
  return detail::base64_decode(token, url ? detail::Base64Alphabet::url : detail::Base64Alphabet::standard);
}

std::optional<std::string> decode_hex(std::string_view token) {
  if (token.size() % 2 != 0) return std::nullopt;
  std::string out;
  out.reserve(token.size() / 2);
  for (std::size_t i = 0; i < token.size(); i += 2) {
    const auto byte = hex_at(token, i, 2);
    if (!byte) return std::nullopt;
    out.push_back(static_cast<char>(*byte));
  }
  return out;
}

std::optional<std::string> decode_percent(std::string_view token) {
  std::string out;
  out.reserve(token.size());
  for (std::size_t i = 0; i < token.size(); ++i) {
    if (token[i] != '%') {
      out.push_back(token[i]);
      continue;
    }
    const auto byte = hex_at(token, i + 1, 2);
    if (!byte) return std::nullopt;
    out.push_back(static_cast<char>(*byte));
    i += 2;
  }
  return out;
}

std::optional<std::string> decode_escapes(std::string_view token) {
  std::string out;
  out.reserve(token.size());
  for (std::size_t i = 0; i < token.size(); ++i) {
    if (token[i] != '\\') {
      out.push_back(token[i]);
      continue;
    }
    if (i + 1 >= token.size()) return std::nullopt;
    const char c = token[++i];
    if (const char simple = simple_escape(c)) {
      out.push_back(simple);
    } else if (c == '\n') {
      // A line continuation joins the lines.
    } else if (c == 'x') {
      const auto byte = hex_at(token, i + 1, 2);
      if (!byte) return std::nullopt;
      out.push_back(static_cast<char>(*byte));
      i += 2;
    } else if (c == 'u' && i + 1 < token.size() && token[i + 1] == '{') {
      const std::size_t close = token.find('}', i + 2);
      if (close == std::string_view::npos || close == i + 2 || close - (i + 2) > 6) return std::nullopt;
      const auto cp = hex_at(token, i + 2, close - (i + 2));
      if (!cp || *cp > 0x10FFFF || is_surrogate(*cp)) return std::nullopt;
      append_utf8(out, *cp);
      i = close;
    } else if (c == 'u' || c == 'U') {
      const std::size_t digits = c == 'u' ? 4 : 8;
      auto cp = hex_at(token, i + 1, digits);
      if (!cp || *cp > 0x10FFFF) return std::nullopt;
      i += digits;
      if (*cp >= 0xD800 && *cp <= 0xDBFF) {
        // JSON and JavaScript spell a code point above U+FFFF as two \u escapes.
        const bool pair_follows = i + 2 < token.size() && token[i + 1] == '\\' && token[i + 2] == 'u';
        const auto low = pair_follows ? hex_at(token, i + 3, 4) : std::nullopt;
        if (!low || *low < 0xDC00 || *low > 0xDFFF) return std::nullopt;
        cp = 0x10000 + ((*cp - 0xD800) << 10) + (*low - 0xDC00);
        i += 6;
      } else if (is_surrogate(*cp)) {
        return std::nullopt;
      }
      append_utf8(out, *cp);
    } else if (c >= '0' && c <= '7') {
      unsigned value = 0;
      std::size_t digits = 0;
      while (digits < 3 && i + digits < token.size() && token[i + digits] >= '0' && token[i + digits] <= '7')
        value = value * 8 + static_cast<unsigned>(token[i + digits++] - '0');
      if (value > 0xFF) return std::nullopt;
      out.push_back(static_cast<char>(value));
      i += digits - 1;
    } else {
      out.push_back('\\');
      out.push_back(c);
    }
  }
  return out;
}

std::optional<std::string> decode_as(Encoding encoding, std::string_view token) {
  switch (encoding) {
    case Encoding::base64:
      return decode_base64(token);
    case Encoding::hex:
      return decode_hex(token);
    case Encoding::percent:
      return decode_percent(token);
    case Encoding::escape:
      return decode_escapes(token);
  }
  return std::nullopt;
}

}  // namespace hush::scanner::decode
