#include "hush/vault_client/rs256.hpp"

#include <climits>
#include <memory>

#include "curl_api.hpp"
#include "hush/common/error.hpp"

namespace hush::vault_client {
namespace {

constexpr int pkey_rsa = 6;  // EVP_PKEY_RSA

// An encrypted key is not prompted for: a scan never reads a terminal.
int no_password(char* /*buf*/, int /*size*/, int /*rwflag*/, void* /*user*/) { return -1; }

}  // namespace

SecretBuffer rs256_sign(std::string_view pem_private_key, std::string_view data) {
  const auto& crypto = detail::curl_api().crypto;
  if (crypto.digest_sign == nullptr)
    throw Error(ErrorKind::runtime, "RSA signing needs libcurl built with OpenSSL 3 or later");
  if (pem_private_key.size() > INT_MAX) throw Error(ErrorKind::config, "private key too large");
  // Whatever fails leaves nothing in OpenSSL's error queue, where libcurl would read it as its own.
  struct ClearErrors {
    void (*clear)();
    ~ClearErrors() { clear(); }
  } clear_errors{crypto.err_clear_error};
  const auto bio_free = [&crypto](void* bio) { crypto.bio_free(bio); };
  const std::unique_ptr<void, decltype(bio_free)> bio(
      crypto.bio_new_mem_buf(pem_private_key.data(), static_cast<int>(pem_private_key.size())), bio_free);
  if (!bio) throw Error(ErrorKind::runtime, "out of memory");
  const auto pkey_free = [&crypto](void* key) { crypto.pkey_free(key); };
  const std::unique_ptr<void, decltype(pkey_free)> key(
      crypto.pem_read_bio_private_key(bio.get(), nullptr, no_password, nullptr), pkey_free);
  if (!key) throw Error(ErrorKind::config, "the private key does not parse");
  if (crypto.pkey_get_base_id(key.get()) != pkey_rsa)
    throw Error(ErrorKind::config, "the private key is not an RSA key");
  const auto ctx_free = [&crypto](void* ctx) { crypto.md_ctx_free(ctx); };
  const std::unique_ptr<void, decltype(ctx_free)> ctx(crypto.md_ctx_new(), ctx_free);
  if (!ctx || crypto.digest_sign_init(ctx.get(), nullptr, crypto.sha256(), nullptr, key.get()) != 1)
    throw Error(ErrorKind::runtime, "RSA signing could not start");
  const auto* bytes = reinterpret_cast<const unsigned char*>(data.data());
  std::size_t size = 0;
  if (crypto.digest_sign(ctx.get(), nullptr, &size, bytes, data.size()) != 1)
    throw Error(ErrorKind::runtime, "RSA signing failed");
  SecretBuffer signature;
  signature.resize(size);
  if (crypto.digest_sign(ctx.get(), signature.bytes(), &size, bytes, data.size()) != 1)
    throw Error(ErrorKind::runtime, "RSA signing failed");
  signature.resize(size);
  return signature;
}

}  // namespace hush::vault_client
