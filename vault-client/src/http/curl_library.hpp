#pragma once
// libcurl is loaded on first use instead of being linked. With its thirty-odd dependencies (TLS
// stacks, Kerberos, LDAP, IDN, ...) the dynamic loader spends about 6 ms on it at every start,
// which every scan and every `hush run` without a network store would pay for nothing.
#include <curl/curl.h>

namespace hush::vault_client::detail {

// The part of libcurl's API hush uses, resolved from the loaded library. Taking the declared
// prototypes keeps every call type-checked against the headers hush was built with.
struct CurlLibrary {
  decltype(&::curl_easy_init) easy_init;
  decltype(&::curl_easy_cleanup) easy_cleanup;
  decltype(&::curl_easy_reset) easy_reset;
  decltype(&::curl_easy_setopt) easy_setopt;
  decltype(&::curl_easy_perform) easy_perform;
  decltype(&::curl_easy_getinfo) easy_getinfo;
  decltype(&::curl_easy_strerror) easy_strerror;
  decltype(&::curl_slist_append) slist_append;
  decltype(&::curl_slist_free_all) slist_free_all;
  decltype(&::curl_url) url;
  decltype(&::curl_url_cleanup) url_cleanup;
  decltype(&::curl_url_set) url_set;
  decltype(&::curl_url_get) url_get;
  decltype(&::curl_free) free;
};

// Loads libcurl and runs curl_global_init, once per process and thread-safely. Throws Error
// (runtime: a broken installation, not a store failure to retry) naming the library when it cannot
// be loaded. The library stays loaded until exit.
const CurlLibrary& curl_library();

}  // namespace hush::vault_client::detail
