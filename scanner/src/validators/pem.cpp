#include <cstdint>
#include <optional>

#include "armour.hpp"
#include "checks.hpp"
#include "codec.hpp"

namespace hush::scanner::detail {
namespace {

// The smallest real private keys (Ed25519 and X25519 in PKCS#8) are 48 bytes of DER; anything
// shorter is a fragment or a placeholder.
constexpr std::size_t min_key_bytes = 48;
constexpr std::string_view openssh_magic{"openssh-key-v1\0", 15};

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

std::uint8_t byte_at(std::string_view d, std::size_t i) { return static_cast<std::uint8_t>(d[i]); }

// One DER tag-length header at `pos`: the content's offset and length, if it fits in `d`.
struct DerItem {
  std::uint8_t tag;
  std::size_t content;
  std::size_t length;
};
std::optional<DerItem> der_item(std::string_view d, std::size_t pos) {
  if (pos > d.size() || d.size() - pos < 2) return std::nullopt;
  DerItem item{byte_at(d, pos), pos + 2, byte_at(d, pos + 1)};
  if (item.length & 0x80) {
    const std::size_t n = item.length & 0x7F;
    if (n == 0 || n > 3 || d.size() - item.content < n) return std::nullopt;
    item.length = 0;
    for (std::size_t i = 0; i < n; ++i) item.length = (item.length << 8) | byte_at(d, item.content + i);
    item.content += n;
  }
  if (item.length > d.size() - item.content) return std::nullopt;
  return item;
}

// PKCS#1, SEC 1, DSA and PKCS#8 keys are one DER SEQUENCE covering the decoded bytes exactly,
// opening with a version INTEGER; encrypted PKCS#8 opens with an AlgorithmIdentifier, a
// SEQUENCE that starts with an OID. (A certificate opens with a SEQUENCE holding a [0] tag.)
bool der_key(std::string_view d) {
  if (d.size() < min_key_bytes) return false;
  const auto outer = der_item(d, 0);
  if (!outer || outer->tag != 0x30 || outer->content + outer->length != d.size()) return false;
  const auto first = der_item(d, outer->content);
  if (!first) return false;
  if (first->tag == 0x02) return true;
  if (first->tag != 0x30) return false;
  const auto algorithm = der_item(d, first->content);
  return algorithm && algorithm->tag == 0x06;
}

// OpenSSH's own format (PROTOCOL.key): magic, cipher name, KDF name, KDF options, key count,
// public keys, then the private section, all as length-prefixed strings.
class SshReader {
 public:
  explicit SshReader(std::string_view d) : d_(d) {}
  std::optional<std::uint32_t> u32() {
    if (d_.size() - pos_ < 4) return std::nullopt;
    std::uint32_t v = 0;
    for (int i = 0; i < 4; ++i) v = (v << 8) | byte_at(d_, pos_++);
    return v;
  }
  std::optional<std::string_view> string() {
    const auto n = u32();
    if (!n || *n > d_.size() - pos_) return std::nullopt;
    const std::string_view s = d_.substr(pos_, *n);
    pos_ += *n;
    return s;
  }
  [[nodiscard]] std::size_t remaining() const { return d_.size() - pos_; }

 private:
  std::string_view d_;
  std::size_t pos_ = 0;
};

bool openssh_key(std::string_view d) {
  if (d.size() < min_key_bytes || d.substr(0, openssh_magic.size()) != openssh_magic) return false;
  SshReader r(d.substr(openssh_magic.size()));
  const auto cipher = r.string();
  const auto kdf = r.string();
  const auto kdf_options = r.string();
  const auto count = r.u32();
  if (!cipher || !kdf || !kdf_options || !count) return false;
  if (cipher->empty() || cipher->size() > 64 || kdf->empty() || kdf->size() > 64) return false;
  if (*count == 0 || *count > 64) return false;
  for (std::uint32_t i = 0; i < *count; ++i)
    if (!r.string()) return false;
  const auto private_section = r.string();
  // Authenticated ciphers (chacha20-poly1305, AES-GCM) append a 16-byte tag.
  return private_section && !private_section->empty() && (r.remaining() == 0 || r.remaining() == 16);
}

// RFC 1421 encryption ("Proc-Type: 4,ENCRYPTED"): the body is ciphertext in whole cipher blocks.
bool legacy_encrypted(const Armour& armour) {
  for (const std::string_view h : armour.headers)
    if (h.substr(0, 10) == "Proc-Type:" && h.find("ENCRYPTED") != std::string_view::npos) return true;
  return false;
}

Validation check_armour(std::string_view text) {
  const auto armour = parse_armour(text);
  if (!armour) return Validation::failed;
  if (armour->label == "PGP PRIVATE KEY BLOCK" || armour->label == "PGP SECRET KEY BLOCK")
    return pgp_secret_key(*armour);
  if (!ends_with(armour->label, "PRIVATE KEY")) return Validation::failed;
  const auto bytes = decode_lines(armour->data);
  if (!bytes) return Validation::failed;
  if (armour->label == "OPENSSH PRIVATE KEY") return openssh_key(*bytes) ? Validation::passed : Validation::failed;
  if (legacy_encrypted(*armour))
    return bytes->size() >= min_key_bytes && bytes->size() % 8 == 0 ? Validation::passed : Validation::failed;
  return der_key(*bytes) ? Validation::passed : Validation::failed;
}

}  // namespace

Validation pem_key_body(std::string_view secret) { return check_armour(secret); }

// A whole PEM private key, base64-encoded once more: kubeconfig's client-key-data, Kubernetes
// Secrets' tls.key, Helm values.
Validation base64_pem_key(std::string_view secret) {
  const auto text = base64_decode(secret, Base64Alphabet::standard);
  if (!text) return Validation::failed;
  return check_armour(*text);
}

}  // namespace hush::scanner::detail
