#include "codec.hpp"

#include <array>

namespace hush::scanner::detail {
namespace {

constexpr int invalid = -1;

constexpr std::array<int, 256> make_table(Base64Alphabet alphabet) {
  std::array<int, 256> t{};
  for (auto& v : t) v = invalid;
  constexpr std::string_view common = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  for (std::size_t i = 0; i < common.size(); ++i) t[static_cast<unsigned char>(common[i])] = static_cast<int>(i);
  t[alphabet == Base64Alphabet::url ? '-' : '+'] = 62;
  t[alphabet == Base64Alphabet::url ? '_' : '/'] = 63;
  return t;
}
constexpr auto standard_table = make_table(Base64Alphabet::standard);
constexpr auto url_table = make_table(Base64Alphabet::url);

// The `Bits`-bit values of `chars` (value_of: `invalid` outside the alphabet) packed into bytes,
// most significant first; the bits left over that do not fill a byte are not output.
template <int Bits, typename ValueOf>
std::optional<std::string> pack_bits(std::string_view chars, ValueOf value_of) {
  std::string out;
  out.reserve(chars.size() * Bits / 8);
  std::uint32_t acc = 0;
  int bits = 0;
  for (const char c : chars) {
    const int v = value_of(c);
    if (v == invalid) return std::nullopt;
    acc = (acc << Bits) | static_cast<std::uint32_t>(v);
    bits += Bits;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((acc >> bits) & 0xFF));
    }
  }
  return out;
}

}  // namespace

std::optional<std::string> base64_decode(std::string_view text, Base64Alphabet alphabet) {
  const auto& table = alphabet == Base64Alphabet::url ? url_table : standard_table;
  std::size_t data_len = text.size();
  while (data_len > 0 && text[data_len - 1] == '=') --data_len;
  const std::size_t padding = text.size() - data_len;
  if (padding > 2) return std::nullopt;
  if (padding > 0 && text.size() % 4 != 0) return std::nullopt;
  if (data_len % 4 == 1) return std::nullopt;  // 6 bits cannot end a byte
  return pack_bits<6>(text.substr(0, data_len), [&table](char c) { return table[static_cast<unsigned char>(c)]; });
}

std::optional<std::uint32_t> parse_hex32(std::string_view text) noexcept {
  if (text.size() != 8) return std::nullopt;
  std::uint32_t value = 0;
  for (char c : text) {
    const int v = hex_value(c);
    if (v == invalid) return std::nullopt;
    value = (value << 4) | static_cast<std::uint32_t>(v);
  }
  return value;
}

std::optional<std::string> base32_decode(std::string_view text) {
  std::size_t data_len = text.size();
  while (data_len > 0 && text[data_len - 1] == '=') --data_len;
  if (data_len < text.size() && text.size() % 8 != 0) return std::nullopt;
  // 5 bits a character: 2, 4, 5, 7 or 8 characters end a byte exactly enough; 1, 3, 6 do not.
  const std::size_t tail = data_len % 8;
  if (tail == 1 || tail == 3 || tail == 6) return std::nullopt;
  return pack_bits<5>(text.substr(0, data_len), [](char c) {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a';
    if (c >= '2' && c <= '7') return c - '2' + 26;
    return invalid;
  });
}

bool printable_text(std::string_view bytes) noexcept {
  for (std::size_t i = 0; i < bytes.size();) {
    const auto b = static_cast<unsigned char>(bytes[i]);
    if (b < 0x80) {
      if (b < 0x20 || b == 0x7F) return false;
      ++i;
      continue;
    }
    // Lead byte: how many continuation bytes follow, and the smallest code point it may encode
    // (overlong forms are not text); surrogates and values past U+10FFFF are rejected too.
    struct Lead {
      unsigned char mask, value;
      std::size_t extra;
      std::uint32_t min;
    };
    static constexpr Lead leads[] = {{0xE0, 0xC0, 1, 0x80}, {0xF0, 0xE0, 2, 0x800}, {0xF8, 0xF0, 3, 0x10000}};
    const Lead* lead = nullptr;
    for (const Lead& l : leads)
      if ((b & l.mask) == l.value) lead = &l;
    if (!lead) return false;
    const std::size_t extra = lead->extra;
    const std::uint32_t min = lead->min;
    std::uint32_t cp = b & static_cast<unsigned char>(~lead->mask);
    if (extra >= bytes.size() - i) return false;  // cut short
    for (std::size_t k = 1; k <= extra; ++k) {
      const auto c = static_cast<unsigned char>(bytes[i + k]);
      if ((c & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (c & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    i += extra + 1;
  }
  return true;
}

}  // namespace hush::scanner::detail
