#include <cstdint>
#include <optional>

#include "armour.hpp"
#include "codec.hpp"

namespace hush::scanner::detail {
namespace {

constexpr std::size_t min_packet_bytes = 48;
constexpr std::uint8_t secret_key_tag = 5;

// RFC 4880 section 6.1.
std::uint32_t crc24(std::string_view bytes) {
  std::uint32_t crc = 0xB704CEu;
  for (unsigned char b : bytes) {
    crc ^= static_cast<std::uint32_t>(b) << 16;
    for (int i = 0; i < 8; ++i) {
      crc <<= 1;
      if (crc & 0x1000000u) crc ^= 0x1864CFBu;
    }
  }
  return crc & 0xFFFFFFu;
}

struct Packet {
  std::uint8_t tag;
  std::size_t end;  // offset just past the packet
};

// RFC 4880 section 4.2 packet headers, old and new format. Partial body lengths only occur in
// data packets, never in an exported key, so they count as malformed here.
std::optional<Packet> packet_at(std::string_view d, std::size_t pos) {
  const auto at = [&](std::size_t i) { return static_cast<std::size_t>(static_cast<std::uint8_t>(d[i])); };
  if (pos >= d.size() || !(at(pos) & 0x80)) return std::nullopt;
  const std::size_t left = d.size() - pos;
  Packet p{0, 0};
  std::size_t header = 0;
  std::size_t length = 0;
  if (at(pos) & 0x40) {
    p.tag = static_cast<std::uint8_t>(at(pos) & 0x3F);
    if (left < 2) return std::nullopt;
    const std::size_t first = at(pos + 1);
    if (first < 192) {
      header = 2;
      length = first;
    } else if (first < 224) {
      if (left < 3) return std::nullopt;
      header = 3;
      length = ((first - 192) << 8) + at(pos + 2) + 192;
    } else if (first == 255) {
      if (left < 6) return std::nullopt;
      header = 6;
      length = (at(pos + 2) << 24) | (at(pos + 3) << 16) | (at(pos + 4) << 8) | at(pos + 5);
    } else {
      return std::nullopt;
    }
  } else {
    p.tag = static_cast<std::uint8_t>((at(pos) >> 2) & 0x0F);
    const std::size_t type = at(pos) & 3;
    if (type == 3) return Packet{p.tag, d.size()};  // indeterminate: runs to the end
    const std::size_t n = type == 0 ? 1 : type == 1 ? 2 : 4;
    if (left < 1 + n) return std::nullopt;
    header = 1 + n;
    for (std::size_t i = 0; i < n; ++i) length = (length << 8) | at(pos + 1 + i);
  }
  if (length > left - header) return std::nullopt;
  p.end = pos + header + length;
  return p;
}

}  // namespace

// The data must decode to packets that start with a Secret-Key packet, and when the armour
// carries its "=XXXX" CRC-24 line (RFC 9580 makes it optional) the CRC must match.
Validation pgp_secret_key(const Armour& armour) {
  std::span<const std::string_view> lines = armour.data;
  std::optional<std::string> crc_bytes;
  if (!lines.empty() && lines.back().size() == 5 && lines.back().front() == '=') {
    crc_bytes = base64_decode(lines.back().substr(1), Base64Alphabet::standard);
    if (!crc_bytes || crc_bytes->size() != 3) return Validation::failed;
    lines = lines.first(lines.size() - 1);
  }
  const auto bytes = decode_lines(lines);
  if (!bytes || bytes->size() < min_packet_bytes) return Validation::failed;

  // The first packet must be a Secret-Key packet and the packets must fill the data exactly,
  // so a block cut at a line boundary fails even without its CRC line.
  bool first = true;
  for (std::size_t pos = 0; pos < bytes->size();) {
    const auto packet = packet_at(*bytes, pos);
    if (!packet || (first && packet->tag != secret_key_tag)) return Validation::failed;
    first = false;
    pos = packet->end;
  }
  if (crc_bytes) {
    std::uint32_t expected = 0;
    for (unsigned char b : *crc_bytes) expected = (expected << 8) | b;
    if (crc24(*bytes) != expected) return Validation::failed;
  }
  return Validation::passed;
}

}  // namespace hush::scanner::detail
