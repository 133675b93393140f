#include <array>
#include <cstdint>
#include <string>

#include "checks.hpp"

namespace hush::scanner::detail {
namespace {

// BIP-173. age encodes its X25519 secret keys with the original Bech32 constant (1), not the
// Bech32m constant, and upper-cases the whole string.
constexpr std::string_view charset = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
constexpr std::uint32_t bech32_constant = 1;
constexpr std::string_view age_hrp = "age-secret-key-";
constexpr std::size_t age_key_bytes = 32;

std::uint32_t polymod_step(std::uint32_t chk, std::uint32_t value) noexcept {
  static constexpr std::array<std::uint32_t, 5> generator{0x3b6a57b2u, 0x26508e6du, 0x1ea119fau, 0x3d4233ddu,
                                                          0x2a1462b3u};
  const std::uint32_t top = chk >> 25;
  chk = ((chk & 0x1ffffffu) << 5) ^ value;
  for (std::size_t i = 0; i < generator.size(); ++i)
    if ((top >> i) & 1u) chk ^= generator[i];
  return chk;
}

char ascii_lower(char c) noexcept { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

}  // namespace

Validation age_bech32(std::string_view secret) {
  // Bech32 forbids mixed case; checksums are computed on the lower-case form.
  bool upper = false, lower = false;
  std::string text;
  text.reserve(secret.size());
  for (char c : secret) {
    if (c < 33 || c > 126) return Validation::failed;
    upper |= c >= 'A' && c <= 'Z';
    lower |= c >= 'a' && c <= 'z';
    text.push_back(ascii_lower(c));
  }
  if (upper && lower) return Validation::failed;
  const std::size_t sep = text.rfind('1');
  if (sep == std::string::npos || std::string_view(text).substr(0, sep) != age_hrp) return Validation::failed;
  const std::string_view data = std::string_view(text).substr(sep + 1);
  if (data.size() < 6) return Validation::failed;

  std::uint32_t chk = 1;
  for (char c : age_hrp) chk = polymod_step(chk, static_cast<unsigned char>(c) >> 5);
  chk = polymod_step(chk, 0);
  for (char c : age_hrp) chk = polymod_step(chk, static_cast<unsigned char>(c) & 31);
  std::uint32_t acc = 0;
  int bits = 0;
  std::size_t bytes = 0;
  for (std::size_t i = 0; i < data.size(); ++i) {
    const auto pos = charset.find(data[i]);
    if (pos == std::string_view::npos) return Validation::failed;
    const auto value = static_cast<std::uint32_t>(pos);
    chk = polymod_step(chk, value);
    if (i >= data.size() - 6) continue;  // checksum characters carry no key bits
    acc = ((acc << 5) | value) & 0xFFFu;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      ++bytes;
    }
  }
  if (chk != bech32_constant) return Validation::failed;
  // The key is exactly 32 bytes; the leftover bits of the last group must be zero padding.
  if (bytes != age_key_bytes || bits >= 5 || (acc & ((1u << bits) - 1)) != 0) return Validation::failed;
  return Validation::passed;
}

}  // namespace hush::scanner::detail
