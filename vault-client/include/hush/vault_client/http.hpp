#pragma once
// HTTP/1.1 for the store clients, with OpenSSL for TLS (src/http/). One HttpClient per thread: it
// keeps its connection, so consecutive requests to the same store reuse it, and the TLS session
// for the next one. TLS 1.2 or later; peer and host verification are on unless the caller turns
// them off, which is logged loudly. Proxies come from the usual environment (http_proxy,
// https_proxy, all_proxy, no_proxy), read per request; https goes through CONNECT.
//
// Nothing secret is logged: debug lines carry the method, the URL path (never the query), the
// status, the duration and the attempt number. Request bodies and sensitive header values stay
// in guarded memory on hush's side; response bodies arrive in a SecretBuffer.
#include <chrono>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "hush/common/log.hpp"
#include "hush/common/secret.hpp"
#include "hush/vault_client/deadline.hpp"
#include "hush/vault_client/store_error.hpp"

namespace hush::vault_client {

struct TlsOptions {
  bool verify = true;         // peer certificate and host name
  std::string ca_file;        // PEM bundle; empty: the system store
  std::string ca_path;        // directory of hashed CA certificates
  std::string client_cert;    // PEM client certificate (mutual TLS)
  std::string client_key;     // PEM key for client_cert
  std::string server_name;    // name to verify and send as SNI instead of the URL's host
};

struct HttpOptions {
  std::chrono::milliseconds connect_timeout{10000};
  std::chrono::milliseconds request_timeout{60000};  // per attempt; the caller's deadline also bounds it
  std::size_t max_response_bytes = 32u * 1024u * 1024u;
  TlsOptions tls;
  std::string user_agent = "hush";
};

// Request headers. Values added as sensitive (tokens, signatures) are kept in guarded memory and
// never appear in a log line; no header value is logged either way.
class HttpHeaders {
 public:
  void add(std::string_view name, std::string_view value);
  void add_sensitive(std::string_view name, std::string_view value);
  // A sensitive value the caller already holds in guarded memory, borrowed rather than copied
  // (one guarded allocation less per request): it must stay unchanged until the request is sent.
  void add_sensitive_borrowed(std::string_view name, std::string_view value);
  [[nodiscard]] std::size_t size() const noexcept { return fields_.size(); }
  // Name and value of every header, in insertion order (for the transport).
  [[nodiscard]] std::vector<std::pair<std::string_view, std::string_view>> fields() const;
  // The value of the first header with this name (case-insensitive), for signing.
  [[nodiscard]] std::optional<std::string_view> find(std::string_view name) const;

 private:
  struct Field {
    std::string name;
    std::string plain;               // an ordinary value
    SecretBuffer secret;             // a sensitive value, copied
    std::string_view borrowed;       // a sensitive value, borrowed
    enum class Kind { plain, secret, borrowed } kind = Kind::plain;
    [[nodiscard]] std::string_view value() const noexcept {
      return kind == Kind::plain ? std::string_view(plain) : kind == Kind::secret ? secret.view() : borrowed;
    }
  };
  std::vector<Field> fields_;
};

struct HttpRequest {
  std::string method = "GET";  // GET, POST, PUT, LIST, ...
  std::string url;             // absolute; never put secrets into it
  HttpHeaders headers;
  std::string_view body;       // not owned, may be secret; sent as is
  int attempt = 1;             // for the debug log line only
};

struct HttpResponse {
  long status = 0;
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-cased, in order
  SecretBuffer body;
  [[nodiscard]] std::optional<std::string_view> header(std::string_view lower_name) const;
};

class HttpClient {
 public:
  HttpClient(HttpOptions options, Logger& logger);
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;
  HttpClient(HttpClient&&) noexcept;
  HttpClient& operator=(HttpClient&&) noexcept;

  // One attempt, no retries. Any HTTP status is returned as a response; transport failures throw
  // StoreError: unreachable (connect, reset, empty reply; transient), timeout (the deadline passed;
  // a per-attempt timeout before the deadline is unreachable), bad_response (truncated body,
  // oversized body), auth_failed (server certificate rejected or client certificate unusable).
  [[nodiscard]] HttpResponse perform(const HttpRequest& request, Deadline deadline = Deadline::never());

  [[nodiscard]] const HttpOptions& options() const noexcept;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// The generic meaning of an HTTP status for a store: 400 invalid_request, 401 auth_failed, 403
// permission_denied, 404 not_found, 408/429 throttled or unavailable, 5xx unavailable.
// nullopt for success (2xx, 3xx are the caller's business).
[[nodiscard]] std::optional<StoreFailure> classify_status(long status) noexcept;

// The Retry-After of a response, when present and parseable.
[[nodiscard]] std::optional<std::chrono::milliseconds> retry_after_of(const HttpResponse& response);

// The URL without query, fragment or user info: what a log line may show.
[[nodiscard]] std::string loggable_url(std::string_view url);

// Percent-encodes one path segment or query value (RFC 3986 unreserved characters kept).
[[nodiscard]] std::string url_encode(std::string_view text);

}  // namespace hush::vault_client
