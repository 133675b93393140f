#include "http/curl_library.hpp"

#include <dlfcn.h>

#include <string>

#include "hush/common/error.hpp"

namespace hush::vault_client::detail {
namespace {

// The SONAME libcurl has kept since 7.16; the GnuTLS build shares the ABI under another name.
constexpr const char* library_names[] = {"libcurl.so.4", "libcurl-gnutls.so.4"};

template <typename Function>
void resolve(void* library, const char* symbol, Function& out) {
  void* address = dlsym(library, symbol);
  if (address == nullptr) {
    throw Error(ErrorKind::runtime, std::string("libcurl lacks ") + symbol + " (too old?)");
  }
  out = reinterpret_cast<Function>(address);
}

CurlLibrary load() {
  void* library = nullptr;
  std::string errors;
  for (const char* name : library_names) {
    // RTLD_LOCAL keeps libcurl's TLS library out of the global scope, away from any statically
    // linked copy inside hush.
    library = dlopen(name, RTLD_NOW | RTLD_LOCAL);
    if (library != nullptr) break;
    const char* why = dlerror();
    errors += std::string(errors.empty() ? "" : "; ") + (why != nullptr ? why : name);
  }
  if (library == nullptr) {
    throw Error(ErrorKind::runtime,
                "network stores need libcurl 4 (Debian/Ubuntu package libcurl4), which could not be loaded: " + errors);
  }
  CurlLibrary api{};
  decltype(&::curl_global_init) global_init = nullptr;
  resolve(library, "curl_global_init", global_init);
  resolve(library, "curl_easy_init", api.easy_init);
  resolve(library, "curl_easy_cleanup", api.easy_cleanup);
  resolve(library, "curl_easy_reset", api.easy_reset);
  resolve(library, "curl_easy_setopt", api.easy_setopt);
  resolve(library, "curl_easy_perform", api.easy_perform);
  resolve(library, "curl_easy_getinfo", api.easy_getinfo);
  resolve(library, "curl_easy_strerror", api.easy_strerror);
  resolve(library, "curl_slist_append", api.slist_append);
  resolve(library, "curl_slist_free_all", api.slist_free_all);
  resolve(library, "curl_url", api.url);
  resolve(library, "curl_url_cleanup", api.url_cleanup);
  resolve(library, "curl_url_set", api.url_set);
  resolve(library, "curl_url_get", api.url_get);
  resolve(library, "curl_free", api.free);
  // curl_global_init before the first easy handle (thread-safe only since 7.84; the static
  // initialisation of curl_library's result serialises it on older releases).
  if (global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
    throw Error(ErrorKind::runtime, "libcurl initialisation failed");
  }
  return api;
}

}  // namespace

const CurlLibrary& curl_library() {
  static const CurlLibrary api = load();
  return api;
}

}  // namespace hush::vault_client::detail
