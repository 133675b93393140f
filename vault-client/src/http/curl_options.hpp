#pragma once
// The value type of each libcurl option hush sets. curl_easy_setopt is variadic, so a value of the
// wrong type (an int where libcurl reads a long, a std::string where it reads a char pointer)
// compiles and then misbehaves; libcurl's own checks (typecheck-gcc.h) are compiled for C only,
// never for C++. CurlEasy::set<OPTION>(value) takes the type listed here, converting to it, and an
// option missing from this table does not compile. Each entry is also checked against the kind
// libcurl encodes in the option's number (long, object pointer, function pointer, curl_off_t).
#include <curl/curl.h>

#include <type_traits>

namespace hush::vault_client::detail {

template <CURLoption Option>
struct EasyOption;  // declared only: an option without an entry below does not compile

template <CURLMoption Option>
struct MultiOption;

#define HUSH_CURL_EASY_OPTION(option, value_type) \
  template <>                                     \
  struct EasyOption<option> {                     \
    using type = value_type;                      \
  }
#define HUSH_CURL_MULTI_OPTION(option, value_type) \
  template <>                                      \
  struct MultiOption<option> {                     \
    using type = value_type;                       \
  }

// Behaviour and limits.
HUSH_CURL_EASY_OPTION(CURLOPT_NOSIGNAL, long);
HUSH_CURL_EASY_OPTION(CURLOPT_PROTOCOLS_STR, const char*);
HUSH_CURL_EASY_OPTION(CURLOPT_FOLLOWLOCATION, long);
HUSH_CURL_EASY_OPTION(CURLOPT_ERRORBUFFER, char*);
HUSH_CURL_EASY_OPTION(CURLOPT_USERAGENT, const char*);
HUSH_CURL_EASY_OPTION(CURLOPT_TCP_KEEPALIVE, long);
HUSH_CURL_EASY_OPTION(CURLOPT_HTTP_VERSION, long);
HUSH_CURL_EASY_OPTION(CURLOPT_PIPEWAIT, long);
HUSH_CURL_EASY_OPTION(CURLOPT_FRESH_CONNECT, long);
HUSH_CURL_EASY_OPTION(CURLOPT_TIMEOUT_MS, long);
HUSH_CURL_EASY_OPTION(CURLOPT_CONNECTTIMEOUT_MS, long);
HUSH_CURL_EASY_OPTION(CURLOPT_SHARE, CURLSH*);
HUSH_CURL_EASY_OPTION(CURLOPT_PRIVATE, void*);
HUSH_CURL_EASY_OPTION(CURLOPT_PROXYAUTH, unsigned long);
// Where the request goes.
HUSH_CURL_EASY_OPTION(CURLOPT_URL, const char*);
HUSH_CURL_EASY_OPTION(CURLOPT_CONNECT_TO, curl_slist*);
HUSH_CURL_EASY_OPTION(CURLOPT_UNIX_SOCKET_PATH, const char*);
// The request.
HUSH_CURL_EASY_OPTION(CURLOPT_HTTPGET, long);
HUSH_CURL_EASY_OPTION(CURLOPT_NOBODY, long);
HUSH_CURL_EASY_OPTION(CURLOPT_CUSTOMREQUEST, const char*);
HUSH_CURL_EASY_OPTION(CURLOPT_HTTPHEADER, curl_slist*);
HUSH_CURL_EASY_OPTION(CURLOPT_POSTFIELDS, const char*);
HUSH_CURL_EASY_OPTION(CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t);
// The response.
HUSH_CURL_EASY_OPTION(CURLOPT_WRITEFUNCTION, curl_write_callback);
HUSH_CURL_EASY_OPTION(CURLOPT_WRITEDATA, void*);
HUSH_CURL_EASY_OPTION(CURLOPT_HEADERFUNCTION, curl_write_callback);
HUSH_CURL_EASY_OPTION(CURLOPT_HEADERDATA, void*);
// TLS to the store.
HUSH_CURL_EASY_OPTION(CURLOPT_SSL_VERIFYPEER, long);
HUSH_CURL_EASY_OPTION(CURLOPT_SSL_VERIFYHOST, long);
HUSH_CURL_EASY_OPTION(CURLOPT_SSLVERSION, long);
HUSH_CURL_EASY_OPTION(CURLOPT_CAINFO, const char*);
HUSH_CURL_EASY_OPTION(CURLOPT_CAPATH, const char*);
HUSH_CURL_EASY_OPTION(CURLOPT_SSLCERT, const char*);
HUSH_CURL_EASY_OPTION(CURLOPT_SSLCERTTYPE, const char*);
HUSH_CURL_EASY_OPTION(CURLOPT_SSLKEY, const char*);
HUSH_CURL_EASY_OPTION(CURLOPT_SSLKEYTYPE, const char*);
HUSH_CURL_EASY_OPTION(CURLOPT_KEYPASSWD, const char*);
HUSH_CURL_EASY_OPTION(CURLOPT_SSL_CTX_FUNCTION, curl_ssl_ctx_callback);
HUSH_CURL_EASY_OPTION(CURLOPT_SSL_CTX_DATA, void*);
// TLS to an https:// proxy.
HUSH_CURL_EASY_OPTION(CURLOPT_PROXY_CAINFO, const char*);
HUSH_CURL_EASY_OPTION(CURLOPT_PROXY_CAPATH, const char*);

HUSH_CURL_MULTI_OPTION(CURLMOPT_MAX_HOST_CONNECTIONS, long);
HUSH_CURL_MULTI_OPTION(CURLMOPT_PIPELINING, long);

#undef HUSH_CURL_EASY_OPTION
#undef HUSH_CURL_MULTI_OPTION

// Whether T is what libcurl reads for an option numbered `option` (CURLOPTTYPE_* ranges).
template <typename T>
constexpr bool fits_option_number(long option) {
  if (option < CURLOPTTYPE_OBJECTPOINT) {
    if constexpr (std::is_integral_v<T>) return sizeof(T) == sizeof(long);
    return false;
  }
  if (option < CURLOPTTYPE_FUNCTIONPOINT) return std::is_pointer_v<T> && !std::is_function_v<std::remove_pointer_t<T>>;
  if (option < CURLOPTTYPE_OFF_T) return std::is_pointer_v<T> && std::is_function_v<std::remove_pointer_t<T>>;
  if (option < CURLOPTTYPE_BLOB) return std::is_same_v<T, curl_off_t>;
  return false;
}

}  // namespace hush::vault_client::detail
