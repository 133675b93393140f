#include "hush/scanner/validators.hpp"

#include <array>

namespace hush::scanner {
namespace {

constexpr std::string_view base62_alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

constexpr std::array<std::uint32_t, 256> make_crc_table() {
  std::array<std::uint32_t, 256> table{};
  for (std::uint32_t n = 0; n < 256; ++n) {
    std::uint32_t c = n;
    for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
    table[n] = c;
  }
  return table;
}
constexpr auto crc_table = make_crc_table();

// Tokens of the form <prefix><random><6 base62 digits of CRC32(random)>, as GitHub (classic) and
// npm publish them: the checksum makes a random 40-character string pass with odds of 1 in 2^32.
Validation base62_crc32_trailer(std::string_view secret) {
  const auto underscore = secret.find('_');
  if (underscore == std::string_view::npos) return Validation::failed;
  const std::string_view body = secret.substr(underscore + 1);
  if (body.size() <= 6) return Validation::failed;
  const std::string_view random = body.substr(0, body.size() - 6);
  const std::string_view checksum = body.substr(body.size() - 6);
  return base62_encode(crc32(random), 6) == checksum ? Validation::passed : Validation::failed;
}

constexpr std::array<ValidatorInfo, 1> validators{{
    {"base62-crc32", &base62_crc32_trailer, "checksum-ok",
     "last 6 characters are the base62 CRC32 of the random part (GitHub classic, npm)"},
}};

}  // namespace

std::uint32_t crc32(std::string_view bytes) noexcept {
  std::uint32_t c = 0xFFFFFFFFu;
  for (unsigned char b : bytes) c = crc_table[(c ^ b) & 0xFF] ^ (c >> 8);
  return c ^ 0xFFFFFFFFu;
}

std::string base62_encode(std::uint64_t value, std::size_t width) {
  std::string out(width, '0');
  for (std::size_t i = width; i-- > 0 && value > 0;) {
    out[i] = base62_alphabet[value % 62];
    value /= 62;
  }
  return out;
}

const ValidatorInfo* find_validator(std::string_view name) noexcept {
  for (const auto& v : validators)
    if (v.name == name) return &v;
  return nullptr;
}

std::span<const ValidatorInfo> all_validators() noexcept { return validators; }

}  // namespace hush::scanner
