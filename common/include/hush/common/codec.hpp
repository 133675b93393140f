#pragma once
// Hex, base64 and percent encoding, one copy for every library: object ids, digests, checksums, request
// signing, URLs and report URIs all spell bytes the same way.
#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace hush {

// Lower-case hex, two digits a byte.
[[nodiscard]] std::string to_hex(std::span<const unsigned char> bytes);

// The value of one hex digit of either case, or -1.
[[nodiscard]] constexpr int hex_value(char c) noexcept {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Standard base64 with padding (RFC 4648 section 4), decoded by libsodium into `out`, which holds
// at least base64_decoded_capacity(text.size()) bytes; bytes listed in `ignore` may stand between
// characters. The decoded length, or nullopt unless all of `text` is base64. (The scanner's
// decoders have their own lenient decoder: they read unpadded and non-canonical text as well.)
[[nodiscard]] std::optional<std::size_t> base64_decode(std::string_view text, std::span<unsigned char> out,
                                                       const char* ignore = nullptr);
[[nodiscard]] constexpr std::size_t base64_decoded_capacity(std::size_t encoded_size) noexcept {
  return encoded_size / 4 * 3 + 3;
}

// RFC 3986 percent-encoding: the unreserved bytes (ALPHA, DIGIT, '-', '.', '_', '~') and those in
// `also_kept` stay as they are, every other byte becomes %XX with upper-case digits (as RFC 3986
// section 2.1 recommends and AWS Signature Version 4 requires).
[[nodiscard]] std::string percent_encode(std::string_view text, std::string_view also_kept = {});

}  // namespace hush
