#pragma once
// Decoders for text that hides other text (a Kubernetes Secret's base64 values, a URL's
// percent-escapes, a JSON string's \u escapes). Each takes one bounded token and returns the
// decoded bytes, or nullopt when the token is not well-formed in that encoding: the input is
// untrusted, so nothing is guessed and every index is checked.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace hush::scanner::decode {

enum class Encoding : std::uint8_t { base64, hex, percent, escape };

// The name reports use: "base64", "hex", "percent", "escape".
[[nodiscard]] std::string_view encoding_name(Encoding encoding) noexcept;

// Standard or URL-safe alphabet (the token's characters choose), padded or not.
[[nodiscard]] std::optional<std::string> decode_base64(std::string_view token);
// An even number of hex digits of either case.
[[nodiscard]] std::optional<std::string> decode_hex(std::string_view token);
// %XX sequences; other bytes pass through. A '%' without two hex digits after it is malformed.
[[nodiscard]] std::optional<std::string> decode_percent(std::string_view token);
// Backslash escapes as JSON, JavaScript, Python and C write them: \n \t \r \b \f \v \a \0 \\ \" \'
// \/, \xHH, \uXXXX (surrogate pairs joined), \u{X...}, \UXXXXXXXX and octal \NNN; code points
// come out as UTF-8. An escape it does not know keeps its backslash, as Python's do; a truncated
// or out-of-range one is malformed.
[[nodiscard]] std::optional<std::string> decode_escapes(std::string_view token);

[[nodiscard]] std::optional<std::string> decode_as(Encoding encoding, std::string_view token);

}  // namespace hush::scanner::decode
