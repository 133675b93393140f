#include <libdeflate.h>

#include <array>

#include "checks.hpp"
#include "codec.hpp"
#include "hush/common/codec.hpp"

namespace hush::scanner {
namespace {

constexpr std::string_view base62_alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

}  // namespace

// The CRC-32 of zlib and PNG, from libdeflate, which the pack reader links for inflating anyway.
std::uint32_t crc32(std::string_view bytes) noexcept { return libdeflate_crc32(0, bytes.data(), bytes.size()); }

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
  const std::array<unsigned char, 4> bytes{static_cast<unsigned char>(c), static_cast<unsigned char>(c >> 8),
                                           static_cast<unsigned char>(c >> 16), static_cast<unsigned char>(c >> 24)};
  return to_hex(bytes);
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
