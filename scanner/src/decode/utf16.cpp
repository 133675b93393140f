#include "decode/utf16.hpp"

#include <algorithm>

#include "decode/utf8.hpp"

namespace hush::scanner::decode {
namespace {

// Enough code units to judge a file by; the rest is taken on trust, as the NUL sniff does.
constexpr std::size_t sample_units = 4096;

char16_t unit_at(std::string_view bytes, std::size_t at, ByteOrder order) noexcept {
  const auto b0 = static_cast<unsigned char>(bytes[at]);
  const auto b1 = static_cast<unsigned char>(bytes[at + 1]);
  return order == ByteOrder::little ? static_cast<char16_t>(b0 | (b1 << 8)) : static_cast<char16_t>((b0 << 8) | b1);
}

bool is_control(char16_t unit) noexcept {
  return unit < 0x20 && unit != '\t' && unit != '\n' && unit != '\r' && unit != '\f';
}

// Text in this order: hardly a control character or NUL among the sampled code units, and
// (without a BOM to vouch for it) mostly ASCII, as configuration files are.
bool reads_as_text(std::string_view bytes, std::size_t from, ByteOrder order, bool need_ascii) noexcept {
  const std::size_t units = std::min((bytes.size() - from) / 2, sample_units);
  if (units == 0) return !need_ascii;
  std::size_t controls = 0, ascii = 0;
  for (std::size_t i = 0; i < units; ++i) {
    const char16_t u = unit_at(bytes, from + 2 * i, order);
    if (is_control(u)) ++controls;
    else if (u < 0x80) ++ascii;
  }
  if (controls * 50 > units) return false;
  return !need_ascii || (units >= 4 && ascii * 10 >= units * 7);
}

}  // namespace

std::optional<Utf16Layout> detect_utf16(std::string_view bytes) noexcept {
  if (bytes.size() < 2) return std::nullopt;
  const auto b0 = static_cast<unsigned char>(bytes[0]);
  const auto b1 = static_cast<unsigned char>(bytes[1]);
  if (b0 == 0xFF && b1 == 0xFE) {
    // FF FE 00 00 is UTF-32's mark, not UTF-16's.
    if (bytes.size() >= 4 && bytes[2] == '\0' && bytes[3] == '\0') return std::nullopt;
    if (reads_as_text(bytes, 2, ByteOrder::little, false)) return Utf16Layout{ByteOrder::little, 2};
    return std::nullopt;
  }
  if (b0 == 0xFE && b1 == 0xFF) {
    if (reads_as_text(bytes, 2, ByteOrder::big, false)) return Utf16Layout{ByteOrder::big, 2};
    return std::nullopt;
  }
  // ASCII in UTF-16 has its NULs in the high byte of each unit: odd offsets for little-endian.
  // Text without a mark starts with such a unit; every other file is passed over at once.
  if (b0 != 0 && b1 != 0) return std::nullopt;
  const std::size_t n = std::min(bytes.size() & ~std::size_t{1}, 2 * sample_units);
  std::size_t nul_even = 0, nul_odd = 0;
  for (std::size_t i = 0; i < n; i += 2) {
    nul_even += bytes[i] == '\0';
    nul_odd += bytes[i + 1] == '\0';
  }
  const std::size_t units = n / 2;
  if (units < 4) return std::nullopt;
  if (nul_odd * 10 >= units * 7 && nul_even * 50 <= units && reads_as_text(bytes, 0, ByteOrder::little, true))
    return Utf16Layout{ByteOrder::little, 0};
  if (nul_even * 10 >= units * 7 && nul_odd * 50 <= units && reads_as_text(bytes, 0, ByteOrder::big, true))
    return Utf16Layout{ByteOrder::big, 0};
  return std::nullopt;
}

std::string utf16_to_utf8(std::string_view bytes, Utf16Layout layout) {
  std::string out;
  out.reserve(bytes.size() / 2 + bytes.size() / 8);
  const std::size_t end = layout.bom + ((bytes.size() - std::min(bytes.size(), layout.bom)) & ~std::size_t{1});
  for (std::size_t i = layout.bom; i < end; i += 2) {
    const char16_t u = unit_at(bytes, i, layout.order);
    if (u >= 0xD800 && u <= 0xDBFF && i + 2 < end) {
      const char16_t low = unit_at(bytes, i + 2, layout.order);
      if (low >= 0xDC00 && low <= 0xDFFF) {
        append_utf8(out, 0x10000 + ((static_cast<char32_t>(u) - 0xD800) << 10) + (low - 0xDC00));
        i += 2;
        continue;
      }
    }
    append_utf8(out, (u >= 0xD800 && u <= 0xDFFF) ? char32_t{0xFFFD} : char32_t{u});
  }
  return out;
}

std::size_t utf16_units_before(std::string_view utf8, std::size_t utf8_bytes) noexcept {
  std::size_t units = 0;
  for (std::size_t i = 0; i < utf8_bytes && i < utf8.size(); ++i) {
    const auto c = static_cast<unsigned char>(utf8[i]);
    if ((c & 0xC0) == 0x80) continue;
    units += c >= 0xF0 ? 2 : 1;  // a four-byte sequence was a surrogate pair
  }
  return units;
}

std::size_t count_characters(std::string_view text) noexcept {
  return static_cast<std::size_t>(
      std::count_if(text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

}  // namespace hush::scanner::decode
