#include "ejson_box.hpp"

#include <sodium.h>

#include <algorithm>
#include <vector>

#include "hush/common/codec.hpp"
#include "hush/vault_client/store_error.hpp"

namespace hush::vault_client::ejson {
namespace {

constexpr int base64_variant = sodium_base64_VARIANT_ORIGINAL;

std::string to_base64(const std::uint8_t* data, std::size_t size) {
  std::string out(sodium_base64_encoded_len(size, base64_variant), '\0');
  sodium_bin2base64(out.data(), out.size(), data, size, base64_variant);
  out.resize(out.size() - 1);  // the encoded length counts the terminating NUL
  return out;
}

std::optional<std::vector<std::uint8_t>> from_base64(std::string_view text) {
  std::vector<std::uint8_t> out(base64_decoded_capacity(text.size()));
  const auto size = base64_decode(text, out);
  if (!size) return std::nullopt;
  out.resize(*size);
  return out;
}

[[noreturn]] void malformed(const std::string& why) {
  throw StoreError(StoreFailure::bad_response, "malformed ejson value: " + why);
}

}  // namespace

bool looks_sealed(std::string_view value) noexcept { return value.starts_with("EJ[") && value.ends_with("]"); }

Sealer::Sealer(const PublicKey& recipient) {
  ensure_sodium();
  SecretBuffer ephemeral_private;
  ephemeral_private.resize(crypto_box_SECRETKEYBYTES);
  crypto_box_keypair(ephemeral_public_.data(), ephemeral_private.bytes());
  shared_key_.resize(crypto_box_BEFORENMBYTES);
  if (crypto_box_beforenm(shared_key_.bytes(), recipient.data(), ephemeral_private.bytes()) != 0)
    throw Error(ErrorKind::runtime, "encryption failed (invalid public key?)");
}

std::string Sealer::seal(std::string_view plaintext) const {
  std::array<std::uint8_t, crypto_box_NONCEBYTES> nonce{};
  randombytes_buf(nonce.data(), nonce.size());
  std::vector<std::uint8_t> box(plaintext.size() + crypto_box_MACBYTES);
  crypto_box_easy_afternm(box.data(), reinterpret_cast<const std::uint8_t*>(plaintext.data()), plaintext.size(),
                          nonce.data(), shared_key_.bytes());
  return "EJ[1:" + to_base64(ephemeral_public_.data(), ephemeral_public_.size()) + ":" +
         to_base64(nonce.data(), nonce.size()) + ":" + to_base64(box.data(), box.size()) + "]";
}

std::optional<SecretBuffer> Opener::open(std::string_view sealed) {
  if (!looks_sealed(sealed)) malformed("not an EJ[...] envelope");
  std::string_view body = sealed.substr(3, sealed.size() - 4);
  std::vector<std::string_view> parts;
  for (std::size_t start = 0;;) {
    const auto colon = body.find(':', start);
    parts.push_back(body.substr(start, colon == std::string_view::npos ? std::string_view::npos : colon - start));
    if (colon == std::string_view::npos) break;
    start = colon + 1;
  }
  if (!parts.empty() && parts[0] != "1") {
    if (parts[0] == "2" || parts[0] == "3")
      malformed("schema version " + std::string(parts[0]) +
                " (post-quantum hybrid) is not supported; re-encrypt with a schema 1 key");
    malformed("unknown schema version");
  }
  if (parts.size() != 4) malformed("expected 4 fields");
  const auto ephemeral = from_base64(parts[1]);
  const auto nonce = from_base64(parts[2]);
  const auto box = from_base64(parts[3]);
  if (!ephemeral || ephemeral->size() != crypto_box_PUBLICKEYBYTES) malformed("bad ephemeral public key");
  if (!nonce || nonce->size() != crypto_box_NONCEBYTES) malformed("bad nonce");
  if (!box || box->size() < crypto_box_MACBYTES) malformed("bad ciphertext");

  PublicKey ephemeral_key{};
  std::copy(ephemeral->begin(), ephemeral->end(), ephemeral_key.begin());
  if (cached_ephemeral_ != ephemeral_key) {
    cached_ephemeral_.reset();
    shared_key_.resize(crypto_box_BEFORENMBYTES);
    // Fails only for a low-order ephemeral point: no box can open with it, so neither can this one.
    if (crypto_box_beforenm(shared_key_.bytes(), ephemeral_key.data(), recipient_private_.bytes()) != 0)
      return std::nullopt;
    cached_ephemeral_ = ephemeral_key;
  }
  SecretBuffer plain;
  const std::size_t plain_size = box->size() - crypto_box_MACBYTES;
  plain.reserve(plain_size + 1);  // never a null buffer, even for an empty value
  plain.resize(plain_size);
  if (crypto_box_open_easy_afternm(plain.bytes(), box->data(), box->size(), nonce->data(), shared_key_.bytes()) != 0)
    return std::nullopt;
  return plain;
}

std::optional<PublicKey> parse_public_key_hex(std::string_view hex) {
  PublicKey key{};
  std::size_t size = 0;
  const char* end = nullptr;
  if (hex.size() != 64 || sodium_hex2bin(key.data(), key.size(), hex.data(), hex.size(), nullptr, &size, &end) != 0 ||
      size != 32)
    return std::nullopt;
  return key;
}

std::optional<SecretBuffer> parse_private_key_hex(std::string_view hex) {
  while (!hex.empty() && (hex.back() == '\n' || hex.back() == '\r' || hex.back() == ' ' || hex.back() == '\t'))
    hex.remove_suffix(1);
  while (!hex.empty() && (hex.front() == ' ' || hex.front() == '\t' || hex.front() == '\n')) hex.remove_prefix(1);
  if (hex.size() != 64) return std::nullopt;
  SecretBuffer key;
  key.resize(32);
  std::size_t size = 0;
  if (sodium_hex2bin(key.bytes(), 32, hex.data(), hex.size(), nullptr, &size, nullptr) != 0 || size != 32)
    return std::nullopt;
  return key;
}

}  // namespace hush::vault_client::ejson
