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

}  // namespace

int hex_value(char c) noexcept {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return invalid;
}

std::optional<std::string> base64_decode(std::string_view text, Base64Alphabet alphabet) {
  const auto& table = alphabet == Base64Alphabet::url ? url_table : standard_table;
  std::size_t data_len = text.size();
  while (data_len > 0 && text[data_len - 1] == '=') --data_len;
  const std::size_t padding = text.size() - data_len;
  if (padding > 2) return std::nullopt;
  if (padding > 0 && text.size() % 4 != 0) return std::nullopt;
  if (data_len % 4 == 1) return std::nullopt;  // 6 bits cannot end a byte

  std::string out;
  out.reserve(data_len * 3 / 4);
  std::uint32_t acc = 0;
  int bits = 0;
  for (std::size_t i = 0; i < data_len; ++i) {
    const int v = table[static_cast<unsigned char>(text[i])];
    if (v == invalid) return std::nullopt;
    acc = (acc << 6) | static_cast<std::uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((acc >> bits) & 0xFF));
    }
  }
  return out;
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

}  // namespace hush::scanner::detail
