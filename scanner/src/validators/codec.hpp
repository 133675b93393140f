#pragma once
// Decoders shared by the validators. Validators run on untrusted bytes, so these check every
// index and report malformed input as std::nullopt rather than guessing.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "hush/common/codec.hpp"

namespace hush::scanner::detail {

enum class Base64Alphabet { standard, url };

// Strict decoding: only alphabet characters, '=' padding only at the very end. Unpadded input is
// accepted (JWTs and many config values omit padding) as long as its length is possible.
// Not libsodium's decoder (hush::base64_decode): that one needs the padding and the alphabet chosen
// before it reads and refuses non-canonical trailing bits, which tokens in the wild have; and this
// one runs on every encoded run the decoder finds in scanned text (decode/), so it stays inline
// and allocation-free apart from its output.
[[nodiscard]] std::optional<std::string> base64_decode(std::string_view text, Base64Alphabet alphabet);

// Exactly 8 hex digits of either case, most significant first.
[[nodiscard]] std::optional<std::uint32_t> parse_hex32(std::string_view text) noexcept;

[[nodiscard]] inline bool is_alnum(char c) noexcept {
  return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

// RFC 4648 base32 (A-Z, 2-7; lower case accepted, since authenticator apps take either), without
// padding or with whole '=' padding; leftover bits that cannot end a byte make it malformed.
[[nodiscard]] std::optional<std::string> base32_decode(std::string_view text);

// True when every byte is printable text: ASCII without control characters, or well-formed
// UTF-8 beyond it (a password may hold any letter).
[[nodiscard]] bool printable_text(std::string_view bytes) noexcept;

}  // namespace hush::scanner::detail
