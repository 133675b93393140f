#include <array>

#include "checks.hpp"
#include "codec.hpp"

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

constexpr std::string_view lower_hex = "0123456789abcdef";

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

std::string grafana_checksum(std::string_view key) {
  // Grafana writes the CRC32's bytes least significant first, then hex-encodes them.
  const std::uint32_t c = crc32(key);
  std::string out;
  for (int i = 0; i < 4; ++i) {
    const unsigned byte = (c >> (8 * i)) & 0xFF;
    out.push_back(lower_hex[byte >> 4]);
    out.push_back(lower_hex[byte & 0xF]);
  }
  return out;
}

namespace detail {

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

// Grafana service-account tokens: "gl" + service id + "_" + 32 random alphanumerics + "_" + the
// CRC32 of everything before that last underscore. Grafana compares the hex text exactly, so an
// upper-case trailer is not a token Grafana would accept either.
Validation grafana_sa_crc32(std::string_view secret) {
  if (secret.size() < 12 || secret.substr(0, 2) != "gl") return Validation::failed;
  const std::size_t last = secret.rfind('_');
  if (last == std::string_view::npos || secret.size() - last - 1 != 8) return Validation::failed;
  const std::string_view key = secret.substr(0, last);
  const std::size_t first = key.find('_');
  if (first == std::string_view::npos || first == key.size() - 1) return Validation::failed;
  for (char c : key.substr(first + 1))
    if (!is_alnum(c)) return Validation::failed;
  return grafana_checksum(key) == secret.substr(last + 1) ? Validation::passed : Validation::failed;
}

// Atlassian API tokens (ATATT...) and Bitbucket access tokens (ATCTT...): base64url text, an
// '=' and 8 hex digits holding the CRC32 of every byte before them, the '=' included.
Validation atlassian_crc32(std::string_view secret) {
  if (secret.size() < 9 + 12 || secret.substr(0, 2) != "AT") return Validation::failed;
  const std::string_view body = secret.substr(0, secret.size() - 8);
  for (char c : body)
    if (!is_alnum(c) && c != '-' && c != '_' && c != '=') return Validation::failed;
  const auto trailer = parse_hex32(secret.substr(secret.size() - 8));
  return trailer && *trailer == crc32(body) ? Validation::passed : Validation::failed;
}

}  // namespace detail
}  // namespace hush::scanner
