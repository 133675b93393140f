#pragma once
// UTF-16 text (Windows configuration and registry exports, PowerShell output) is NUL-laden, so
// the binary sniff would skip it. Recognised by its byte order mark or, without one, by the look
// of mostly-ASCII text in UTF-16: every other byte NUL, the others text, and neither control
// characters nor NUL code units, which arrays of 16-bit numbers in binary files have.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace hush::scanner::decode {

enum class ByteOrder { little, big };

struct Utf16Layout {
  ByteOrder order;
  std::size_t bom;  // bytes of byte order mark before the text: 0 or 2
};

[[nodiscard]] std::optional<Utf16Layout> detect_utf16(std::string_view bytes) noexcept;

// The text as UTF-8; an unpaired surrogate becomes U+FFFD and an odd last byte is dropped.
[[nodiscard]] std::string utf16_to_utf8(std::string_view bytes, Utf16Layout layout);

// UTF-16 code units that encode the first `utf8_bytes` bytes of utf16_to_utf8's output.
[[nodiscard]] std::size_t utf16_units_before(std::string_view utf8, std::size_t utf8_bytes) noexcept;

// Characters (code points) in UTF-8 `text`; continuation bytes do not count.
[[nodiscard]] std::size_t count_characters(std::string_view text) noexcept;

}  // namespace hush::scanner::decode
