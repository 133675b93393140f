#include <cstdint>
#include <vector>

#include "armour.hpp"
#include "checks.hpp"
#include "codec.hpp"
#include "hush/common/text.hpp"

namespace hush::scanner::detail {
namespace {

constexpr std::string_view lines_field = "Private-Lines:";
constexpr std::string_view mac_field = "Private-MAC:";
constexpr std::size_t max_lines = 999;
// An Ed25519 private blob is 4 + 32 bytes; encrypted blobs are padded to whole AES blocks.
constexpr std::size_t min_blob_bytes = 36;

// Blanks around a field of a line; lines are split at LF, so a CRLF file leaves CR behind.
constexpr std::string_view line_blanks = " \t\r";

bool all_hex(std::string_view s) {
  for (char c : s)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) return false;
  return true;
}

}  // namespace

// PuTTY's .ppk format (versions 2 and 3): "Private-Lines: N", exactly N base64 lines, then
// "Private-MAC: " and an HMAC-SHA-1 (40 hex digits) or HMAC-SHA-256 (64 hex digits).
Validation ppk_private_lines(std::string_view secret) {
  std::vector<std::string_view> lines;
  std::size_t start = 0;
  while (start <= secret.size()) {
    std::size_t end = secret.find('\n', start);
    if (end == std::string_view::npos) end = secret.size();
    if (const std::string_view line = trim(secret.substr(start, end - start), line_blanks); !line.empty())
      lines.push_back(line);
    start = end + 1;
  }
  if (lines.size() < 3 || lines.front().substr(0, lines_field.size()) != lines_field) return Validation::failed;

  std::size_t declared = 0;
  const std::string_view count = trim(lines.front().substr(lines_field.size()), line_blanks);
  if (count.empty() || count.size() > 3) return Validation::failed;
  for (char c : count) {
    if (c < '0' || c > '9') return Validation::failed;
    declared = declared * 10 + static_cast<std::size_t>(c - '0');
  }
  if (declared == 0 || declared > max_lines || lines.size() != declared + 2) return Validation::failed;

  const std::string_view mac_line = lines.back();
  if (mac_line.substr(0, mac_field.size()) != mac_field) return Validation::failed;
  const std::string_view mac = trim(mac_line.substr(mac_field.size()), line_blanks);
  if ((mac.size() != 40 && mac.size() != 64) || !all_hex(mac)) return Validation::failed;

  const auto blob = decode_lines(std::span<const std::string_view>(lines).subspan(1, declared));
  if (!blob || blob->size() < min_blob_bytes) return Validation::failed;
  // Unencrypted blobs start with a length-prefixed SSH string; encrypted ones are whole blocks.
  std::uint32_t first_len = 0;
  for (int i = 0; i < 4; ++i)
    first_len = (first_len << 8) | static_cast<std::uint8_t>((*blob)[static_cast<std::size_t>(i)]);
  const bool ssh_string = first_len > 0 && first_len <= blob->size() - 4;
  return ssh_string || blob->size() % 16 == 0 ? Validation::passed : Validation::failed;
}

}  // namespace hush::scanner::detail
