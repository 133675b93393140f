#include "http/curl_api.hpp"

#include <malloc.h>

#include <cstdlib>
#include <cstring>
#include <optional>
#include <string>

#include "hush/common/error.hpp"
#include "hush/common/secret.hpp"
#include "hush/common/shared_library.hpp"

namespace hush::vault_client::detail {
namespace {

// The SONAME libcurl has kept since 7.16 (Debian/Ubuntu package libcurl4, OpenSSL flavour).
constexpr const char* library_name = "libcurl.so.4";
constexpr unsigned oldest_supported = 0x074400;  // 7.68.0: curl_multi_poll, CURLOPT_PROXY_*, CURLU
constexpr unsigned long openssl_3 = 0x30000000UL;

// libcurl's and OpenSSL's own heap blocks hold what passes through them: request lines with the
// Vault token or an AWS signature, request bodies, raw responses before they reach hush's guarded
// buffers, decrypted TLS records, session keys. Each block is wiped before it goes back to malloc,
// so freed memory holds none of it (the blocks are not locked or guarded while in use).
void wipe_and_free(void* block) noexcept {
  if (block == nullptr) return;
  secure_wipe(block, malloc_usable_size(block));
  std::free(block);
}

void* plain_malloc(std::size_t size) noexcept { return std::malloc(size); }
void* plain_calloc(std::size_t count, std::size_t size) noexcept { return std::calloc(count, size); }

void* wiping_realloc(void* block, std::size_t size) noexcept {
  if (block == nullptr) return std::malloc(size);
  if (size == 0) {
    wipe_and_free(block);
    return nullptr;
  }
  const std::size_t usable = malloc_usable_size(block);
  if (size <= usable) return block;  // the block stays; its slack is wiped with it when freed
  void* moved = std::malloc(size);
  if (moved == nullptr) return nullptr;
  std::memcpy(moved, block, usable);
  wipe_and_free(block);
  return moved;
}

char* wiping_strdup(const char* text) noexcept {
  const std::size_t size = std::strlen(text) + 1;
  auto* copy = static_cast<char*>(std::malloc(size));
  if (copy != nullptr) std::memcpy(copy, text, size);
  return copy;
}

// OpenSSL's allocator hooks carry the caller's file and line, unused here.
void* openssl_malloc(std::size_t size, const char* /*file*/, int /*line*/) noexcept { return std::malloc(size); }
void* openssl_realloc(void* block, std::size_t size, const char* /*file*/, int /*line*/) noexcept {
  return wiping_realloc(block, size);
}
void openssl_free(void* block, const char* /*file*/, int /*line*/) noexcept { wipe_and_free(block); }

using SetOpensslAllocator = int (*)(void* (*)(std::size_t, const char*, int),
                                    void* (*)(void*, std::size_t, const char*, int), void (*)(void*, const char*, int));
using OpensslVersionNumber = unsigned long (*)();

template <typename Function>
void resolve(const SharedLibrary& library, const char* symbol, Function& out) {
  if (!library.resolve(symbol, out))
    throw Error(ErrorKind::runtime, std::string(library_name) + " lacks " + symbol + " (too old?)");
}

// Debian's libcurl links LDAP, and with it GnuTLS, whose constructor initialises itself at load
// (resident memory: bench/run_bench/README.md) although every request of hush's goes through
// OpenSSL. GnuTLS skips that when GNUTLS_NO_IMPLICIT_INIT is set: set only around the dlopen, and
// a value the user set is left as it was, so neither hush's environment nor the child's changes.
class NoGnutlsInit {
 public:
  NoGnutlsInit() {
    if (const char* value = std::getenv(name)) saved_ = value;
    ::setenv(name, "1", 1);
  }
  ~NoGnutlsInit() {
    if (saved_) ::setenv(name, saved_->c_str(), 1);
    else ::unsetenv(name);
  }
  NoGnutlsInit(const NoGnutlsInit&) = delete;
  NoGnutlsInit& operator=(const NoGnutlsInit&) = delete;

 private:
  static constexpr const char* name = "GNUTLS_NO_IMPLICIT_INIT";
  std::optional<std::string> saved_;
};

CurlApi load() {
  // Bound up front (SharedLibrary opens with RTLD_NOW): a lazily bound call goes through the
  // loader's trampoline, which saves the vector registers on the stack, and in a TLS library those
  // can still hold the bytes of a token or a response just copied. That costs more symbol lookups
  // once, at the first store request only.
  std::string error;
  std::optional<SharedLibrary> opened;
  {
    const NoGnutlsInit no_gnutls_init;
    opened = SharedLibrary::open(library_name, error);
  }
  if (!opened) {
    throw Error(
        ErrorKind::runtime,
        "Vault and AWS stores need libcurl (Debian/Ubuntu package libcurl4), which could not be loaded: " + error);
  }
  const SharedLibrary& library = *opened;
  CurlApi api;
  decltype(&::curl_global_init_mem) global_init_mem = nullptr;
  decltype(&::curl_version_info) version_info = nullptr;
  resolve(library, "curl_global_init_mem", global_init_mem);
  resolve(library, "curl_version_info", version_info);
  resolve(library, "curl_easy_init", api.easy_init);
  resolve(library, "curl_easy_cleanup", api.easy_cleanup);
  resolve(library, "curl_easy_setopt", api.easy_setopt);
  resolve(library, "curl_easy_getinfo", api.easy_getinfo);
  resolve(library, "curl_easy_strerror", api.easy_strerror);
  resolve(library, "curl_multi_init", api.multi_init);
  resolve(library, "curl_multi_cleanup", api.multi_cleanup);
  resolve(library, "curl_multi_setopt", api.multi_setopt);
  resolve(library, "curl_multi_add_handle", api.multi_add_handle);
  resolve(library, "curl_multi_remove_handle", api.multi_remove_handle);
  resolve(library, "curl_multi_perform", api.multi_perform);
  resolve(library, "curl_multi_poll", api.multi_poll);
  resolve(library, "curl_multi_info_read", api.multi_info_read);
  resolve(library, "curl_multi_strerror", api.multi_strerror);
  resolve(library, "curl_share_init", api.share_init);
  resolve(library, "curl_share_cleanup", api.share_cleanup);
  resolve(library, "curl_share_setopt", api.share_setopt);
  resolve(library, "curl_url", api.url);
  resolve(library, "curl_url_cleanup", api.url_cleanup);
  resolve(library, "curl_url_set", api.url_set);
  resolve(library, "curl_url_get", api.url_get);
  resolve(library, "curl_free", api.free);

  // OpenSSL accepts allocator hooks only before its first allocation, which comes with
  // curl_global_init; dlsym on libcurl's handle searches the libraries libcurl loaded.
  if (const auto set_allocator = library.symbol<SetOpensslAllocator>("CRYPTO_set_mem_functions")) {
    api.openssl_heap_wiped = set_allocator(openssl_malloc, openssl_realloc, openssl_free) == 1;
  }
  // Before any other libcurl call, and only once: curl_global_init is thread-safe only since
  // 7.84, and the static initialisation of curl_api()'s result serialises it on older releases.
  if (global_init_mem(CURL_GLOBAL_DEFAULT, plain_malloc, wipe_and_free, wiping_realloc, wiping_strdup, plain_calloc) !=
      CURLE_OK) {
    throw Error(ErrorKind::runtime, "libcurl initialisation failed");
  }
  api.curl_heap_wiped = true;

  const curl_version_info_data* info = version_info(CURLVERSION_NOW);
  api.version_number = info->version_num;
  api.version = info->version != nullptr ? info->version : "?";
  api.tls_backend = info->ssl_version != nullptr ? info->ssl_version : "";
  if (api.version_number < oldest_supported) {
    throw Error(ErrorKind::runtime, "libcurl " + api.version + " is too old: Vault and AWS stores need 7.68 or later");
  }
  if (api.tls_backend.rfind("OpenSSL/", 0) == 0) {
    const auto openssl_version = library.symbol<OpensslVersionNumber>("OpenSSL_version_num");
    if (openssl_version != nullptr && openssl_version() >= openssl_3) {
      api.ssl_ctx_set_options = library.symbol<decltype(api.ssl_ctx_set_options)>("SSL_CTX_set_options");
      CurlApi::Crypto crypto;
      const bool complete =
          library.resolve("BIO_new_mem_buf", crypto.bio_new_mem_buf) && library.resolve("BIO_free", crypto.bio_free) &&
          library.resolve("PEM_read_bio_PrivateKey", crypto.pem_read_bio_private_key) &&
          library.resolve("EVP_PKEY_free", crypto.pkey_free) &&
          library.resolve("EVP_PKEY_get_base_id", crypto.pkey_get_base_id) &&
          library.resolve("EVP_MD_CTX_new", crypto.md_ctx_new) &&
          library.resolve("EVP_MD_CTX_free", crypto.md_ctx_free) && library.resolve("EVP_sha256", crypto.sha256) &&
          library.resolve("EVP_DigestSignInit", crypto.digest_sign_init) &&
          library.resolve("EVP_DigestSign", crypto.digest_sign) &&
          library.resolve("ERR_clear_error", crypto.err_clear_error);
      if (complete) api.crypto = crypto;
    }
  }
  return api;
}

}  // namespace

const CurlApi& curl_api() {
  static const CurlApi api = load();
  return api;
}

}  // namespace hush::vault_client::detail
