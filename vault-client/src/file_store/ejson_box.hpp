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

// One encryption session: a single ephemeral key pair for a whole file, as ejson itself does, so
// that opening the file costs one Curve25519 operation instead of one per value. Every value
// still gets its own random nonce.
class Sealer {
 public:
  explicit Sealer(const PublicKey& recipient);
  [[nodiscard]] std::string seal(std::string_view plaintext) const;

 private:
  PublicKey ephemeral_public_{};
  SecretBuffer shared_key_;  // crypto_box_beforenm(recipient, ephemeral private)
};

// Opens the values of one file. The shared key of the last ephemeral public key seen is kept, so
// a file sealed in one session (by ejson or hush) costs a single key agreement.
class Opener {
 public:
  explicit Opener(const SecretBuffer& recipient_private) : recipient_private_(recipient_private) {}
  // Empty optional: the box does not open with this key (wrong key or tampered value). Throws a
  // StoreError for a malformed envelope or an unsupported schema version.
  [[nodiscard]] std::optional<SecretBuffer> open(std::string_view sealed);

 private:
  const SecretBuffer& recipient_private_;
  std::optional<PublicKey> cached_ephemeral_;
  SecretBuffer shared_key_;
};

[[nodiscard]] std::optional<PublicKey> parse_public_key_hex(std::string_view hex);
// 32 raw private-key bytes from 64 hex characters (surrounding whitespace ignored).
[[nodiscard]] std::optional<SecretBuffer> parse_private_key_hex(std::string_view hex);

}  // namespace hush::vault_client::ejson
