#pragma once
// The sealed-value wire format of ejson schema 1: "EJ[1:<ephemeral public>:<nonce>:<box>]", each
// part standard base64; the box is crypto_box_easy(plaintext) from the ephemeral key to the file's key.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "hush/common/secret.hpp"

namespace hush::vault_client::ejson {

using PublicKey = std::array<std::uint8_t, 32>;

[[nodiscard]] bool looks_sealed(std::string_view value) noexcept;  // "EJ[" ... "]"
[[nodiscard]] std::string seal(std::string_view plaintext, const PublicKey& recipient);

// Empty optional: the box does not open with this key (wrong key or tampered value). Throws a
// StoreError for a malformed envelope or an unsupported schema version.
[[nodiscard]] std::optional<SecretBuffer> open(std::string_view sealed, const PublicKey& recipient_public,
                                               const SecretBuffer& recipient_private);

[[nodiscard]] std::optional<PublicKey> parse_public_key_hex(std::string_view hex);
// 32 raw private-key bytes from 64 hex characters (surrounding whitespace ignored).
[[nodiscard]] std::optional<SecretBuffer> parse_private_key_hex(std::string_view hex);

}  // namespace hush::vault_client::ejson
