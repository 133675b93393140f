#include <cstdint>

#include "checks.hpp"
#include "codec.hpp"

namespace hush::scanner::detail {
namespace {

// An nkey seed is base32 of: two prefix bytes, a 32-byte Ed25519 seed, a CRC-16 of the first 34
// bytes (NATS nkeys).
constexpr std::size_t seed_bytes = 2 + 32 + 2;
constexpr unsigned seed_prefix = 18;  // 'S' after encoding
// The prefix bytes of the public keys a seed may belong to (a type number shifted left by three):
// account (A), cluster (C), operator (O), server (N), user (U), curve (X).
constexpr unsigned key_prefixes[] = {0 << 3, 2 << 3, 14 << 3, 13 << 3, 20 << 3, 23 << 3};

// CRC-16/XMODEM: polynomial 0x1021, initial value 0, no reflection.
std::uint16_t crc16_xmodem(std::string_view bytes) noexcept {
  std::uint16_t crc = 0;
  for (const unsigned char b : bytes) {
    crc = static_cast<std::uint16_t>(crc ^ (b << 8));
    for (int k = 0; k < 8; ++k) crc = static_cast<std::uint16_t>((crc & 0x8000) ? (crc << 1) ^ 0x1021 : crc << 1);
  }
  return crc;
}

}  // namespace

// The first byte holds the seed prefix in its top five bits and the top three bits of the public
// key's prefix byte in its low three; the second byte holds that byte's low five bits, then three
// zero bits. The checksum is stored little-endian.
Validation nkey_seed(std::string_view secret) {
  const auto raw = base32_decode(secret);
  if (!raw || raw->size() != seed_bytes) return Validation::failed;
  const auto b0 = static_cast<unsigned char>((*raw)[0]);
  const auto b1 = static_cast<unsigned char>((*raw)[1]);
  if ((b0 >> 3) != seed_prefix || (b1 & 0x07) != 0) return Validation::failed;
  const unsigned key_prefix = ((b0 & 0x07u) << 5) | (b1 >> 3u);
  bool known = false;
  for (const unsigned p : key_prefixes) known = known || p == key_prefix;
  if (!known) return Validation::failed;
  const std::uint16_t stored = static_cast<std::uint16_t>(static_cast<unsigned char>((*raw)[34]) |
                                                          (static_cast<unsigned char>((*raw)[35]) << 8));
  return crc16_xmodem(std::string_view(*raw).substr(0, 34)) == stored ? Validation::passed : Validation::failed;
}

}  // namespace hush::scanner::detail
