#include <array>

#include "checks.hpp"

namespace hush::scanner {
namespace {

using namespace detail;

constexpr std::array<ValidatorInfo, 10> validators{{
    {"base62-crc32", &base62_crc32_trailer, "checksum-ok",
     "last 6 characters are the base62 CRC32 of the random part (GitHub classic, npm)"},
    {"grafana-sa-crc32", &grafana_sa_crc32, "checksum-ok",
     "last 8 hex digits are the little-endian CRC32 of the token before its last '_' (Grafana service accounts)"},
    {"atlassian-crc32", &atlassian_crc32, "checksum-ok",
     "last 8 hex digits are the CRC32 of every character before them (Atlassian API and access tokens)"},
    {"age-bech32", &age_bech32, "checksum-ok",
     "Bech32 (BIP-173) string with HRP age-secret-key- and a 32-byte payload (age X25519 identities)"},
    {"jwt", &jwt_structure, "structure-ok",
     "three base64url segments: a JSON header naming a signing algorithm (not none), a non-empty JSON "
     "payload object, a signature of the algorithm's size"},
    {"pem-base64", &pem_key_body, "structure-ok",
     "armoured private key whose body decodes to a whole key: a DER SEQUENCE (PKCS#1, SEC 1, DSA, PKCS#8), an "
     "openssh-key-v1 blob, ciphertext blocks (RFC 1421 encryption) or an OpenPGP secret-key packet with a "
     "matching CRC-24"},
    {"base64-pem", &base64_pem_key, "structure-ok",
     "base64 of a PEM private key (kubeconfig client-key-data, Kubernetes tls.key) that itself passes pem-base64"},
    {"ppk-base64", &ppk_private_lines, "structure-ok",
     "PuTTY .ppk private lines: as many base64 lines as declared, a key-sized blob and a MAC line"},
    {"base64-user-password", &base64_user_password, "structure-ok",
     "base64 of printable user:password with a non-empty password (HTTP Basic credentials, docker config.json "
     "auth); a placeholder password is weighed as text instead of passing"},
    {"nkey-seed", &nkey_seed, "checksum-ok",
     "NATS nkey seed: base32 of the seed prefix, a known key type, 32 bytes and their little-endian CRC-16/XMODEM"},
}};

}  // namespace

const ValidatorInfo* find_validator(std::string_view name) noexcept {
  for (const auto& v : validators)
    if (v.name == name) return &v;
  return nullptr;
}

std::span<const ValidatorInfo> all_validators() noexcept { return validators; }

}  // namespace hush::scanner
