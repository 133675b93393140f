#pragma once
// libcurl is loaded on first use instead of being linked: with its thirty-odd dependencies (TLS,
// HTTP/2, Kerberos, LDAP, IDN, ...) the dynamic loader would spend milliseconds on it at every
// start, which `hush scan` and a `hush run` that reads only the file store would pay for nothing.
// The build still needs libcurl's headers (pkg-config libcurl), which declare the dependency.
#include <curl/curl.h>

#include <cstddef>
#include <cstdint>
#include <string>

namespace hush::vault_client::detail {

// The part of libcurl's API hush uses, resolved from the loaded library. Each entry keeps its
// declared prototype (decltype), so every call is checked against the headers hush was built
// with; the variadic setopt and getinfo entries are called only by the typed wrappers in
// curl_handles.hpp.
struct CurlApi {
  decltype(&::curl_easy_init) easy_init = nullptr;
  decltype(&::curl_easy_cleanup) easy_cleanup = nullptr;
  decltype(&::curl_easy_setopt) easy_setopt = nullptr;
  decltype(&::curl_easy_getinfo) easy_getinfo = nullptr;
  decltype(&::curl_easy_strerror) easy_strerror = nullptr;
  decltype(&::curl_multi_init) multi_init = nullptr;
  decltype(&::curl_multi_cleanup) multi_cleanup = nullptr;
  decltype(&::curl_multi_setopt) multi_setopt = nullptr;
  decltype(&::curl_multi_add_handle) multi_add_handle = nullptr;
  decltype(&::curl_multi_remove_handle) multi_remove_handle = nullptr;
  decltype(&::curl_multi_perform) multi_perform = nullptr;
  decltype(&::curl_multi_poll) multi_poll = nullptr;
  decltype(&::curl_multi_info_read) multi_info_read = nullptr;
  decltype(&::curl_multi_strerror) multi_strerror = nullptr;
  decltype(&::curl_share_init) share_init = nullptr;
  decltype(&::curl_share_cleanup) share_cleanup = nullptr;
  decltype(&::curl_share_setopt) share_setopt = nullptr;
  decltype(&::curl_url) url = nullptr;
  decltype(&::curl_url_cleanup) url_cleanup = nullptr;
  decltype(&::curl_url_set) url_set = nullptr;
  decltype(&::curl_url_get) url_get = nullptr;
  decltype(&::curl_free) free = nullptr;

  // OpenSSL's SSL_CTX_set_options, from the libssl that libcurl loaded (hush links no OpenSSL of
  // its own for TLS). Null when libcurl's TLS backend is not OpenSSL 3.0 or later.
  std::uint64_t (*ssl_ctx_set_options)(void* ssl_ctx, std::uint64_t options) = nullptr;
  // RSA signing (RS256) from the libcrypto libcurl loaded, for the token exchanges verification
  // signs (rs256.hpp); all null when libcurl's TLS backend is not OpenSSL 3.0 or later. OpenSSL's
  // types are opaque here: hush builds without OpenSSL's headers.
  struct Crypto {
    void* (*bio_new_mem_buf)(const void* data, int size) = nullptr;
    int (*bio_free)(void* bio) = nullptr;
    void* (*pem_read_bio_private_key)(void* bio, void** out, int (*password)(char*, int, int, void*),
                                      void* user) = nullptr;
    void (*pkey_free)(void* key) = nullptr;
    int (*pkey_get_base_id)(const void* key) = nullptr;
    void* (*md_ctx_new)() = nullptr;
    void (*md_ctx_free)(void* ctx) = nullptr;
    const void* (*sha256)() = nullptr;
    int (*digest_sign_init)(void* ctx, void** pkey_ctx, const void* md, void* engine, void* key) = nullptr;
    int (*digest_sign)(void* ctx, unsigned char* signature, std::size_t* signature_size, const unsigned char* data,
                       std::size_t size) = nullptr;
    void (*err_clear_error)() = nullptr;
  } crypto;
  // Whether libcurl's and OpenSSL's heap blocks are wiped when freed (see curl_api.cpp).
  bool curl_heap_wiped = false;
  bool openssl_heap_wiped = false;
  std::string version;      // "7.88.1"
  std::string tls_backend;  // "OpenSSL/3.0.11"
  unsigned version_number = 0;
};

// Loads libcurl and initialises it, once per process and thread-safely. Throws hush::Error
// (runtime: a broken installation, not a store failure to retry) naming the library when it
// cannot be loaded or is too old. The library stays loaded until exit.
[[nodiscard]] const CurlApi& curl_api();

}  // namespace hush::vault_client::detail
