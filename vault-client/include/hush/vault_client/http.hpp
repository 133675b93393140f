#pragma once
// HTTP for the store clients, over libcurl (src/http/), which is loaded when the first client is
// made. One HttpClient per thread: it keeps its connections, so consecutive requests to a store
// reuse them (HTTP/2 where the server offers it, HTTP/1.1 otherwise), and shares DNS answers and
// TLS sessions between them. TLS 1.2 or later from the system's OpenSSL; peer and host
// verification are on unless the caller turns them off, which is logged loudly. Proxies are
// libcurl's: http_proxy, https_proxy, all_proxy and no_proxy from the environment (http, https,
// socks4, socks5 and socks5h proxies; proxy authentication as libcurl negotiates it).
//
// Nothing secret is logged: debug lines carry the method, the URL path (never the query), the
// status, the duration and the attempt number. Header lines are composed in guarded memory and
// request bodies stay in the caller's; response bodies are written straight into a SecretBuffer.
// What libcurl and OpenSSL hold meanwhile is wiped when they free it (README, "Never leak").
#include <chrono>
#include <cstddef>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "hush/common/log.hpp"
#include "hush/common/secret.hpp"
#include "hush/vault_client/deadline.hpp"
#include "hush/vault_client/outcome.hpp"
#include "hush/vault_client/store_error.hpp"

namespace hush::vault_client {

struct TlsOptions {
  bool verify = true;       // peer certificate and host name
  std::string ca_file;      // PEM bundle; empty: the system store
  std::string ca_path;      // directory of hashed CA certificates
  std::string client_cert;  // PEM client certificate (mutual TLS)
  std::string client_key;   // PEM key for client_cert
  // The passphrase of an encrypted client_key. Without one, an encrypted key fails to load: it is
  // never asked for on a terminal.
  std::shared_ptr<const SecretBuffer> client_key_passphrase;
  std::string server_name;  // name to verify and send as SNI and Host instead of the URL's host
};

struct HttpOptions {
  std::chrono::milliseconds connect_timeout{10000};
  std::chrono::milliseconds request_timeout{60000};  // per attempt; the caller's deadline also bounds it
  std::size_t max_response_bytes = 32u * 1024u * 1024u;
  TlsOptions tls;
  std::string user_agent = "hush";
  std::string unix_socket;       // connect to this Unix socket instead of the URL's host (a Vault Agent)
  std::size_t max_parallel = 8;  // requests perform_all keeps in flight at once (at least 1)
  // perform_all starts on one connection and sends the rest in parallel only once an answer has
  // taken this long: a store that answers sooner is better served one request after another
  // than by new connections, each a TLS set-up of a few milliseconds. For a store already seen
  // to answer in under half of it, a slow answer is taken for a hiccup: at least 50 ms then. On
  // HTTP/2 all go at once.
  std::chrono::milliseconds parallel_after{3};
  // Connections for HOST:PORT go to HOST2:PORT2 instead, as curl's --connect-to: the URL, the
  // Host header, SNI and certificate verification keep the first name (a proxy, a mirror, a test
  // server). Entries are "HOST:PORT:HOST2:PORT2"; an empty HOST or PORT matches any.
  std::vector<std::string> connect_to;
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
    std::string plain;          // an ordinary value
    SecretBuffer secret;        // a sensitive value, copied
    std::string_view borrowed;  // a sensitive value, borrowed
    enum class Kind { plain, secret, borrowed } kind = Kind::plain;
    [[nodiscard]] std::string_view value() const noexcept {
      return kind == Kind::plain ? std::string_view(plain) : kind == Kind::secret ? secret.view() : borrowed;
    }
  };
  std::vector<Field> fields_;
};

struct HttpRequest {
  std::string method = "GET";  // GET, POST, PUT, LIST, ...
  std::string url;             // absolute; never put secrets into it, unless log_url stands in for it
  // What log lines and error messages show instead of the URL, for a URL whose path holds a
  // secret (an API that takes its token there); empty: the URL without query or user info.
  std::string log_url;
  HttpHeaders headers;
  std::string_view body;  // not owned, may be secret; sent as is, not copied into a buffer of hush's
  int attempt = 1;        // for the debug log line only
  // A POST or PATCH is sent only on a new connection, so that libcurl never resends it on its own
  // when a kept connection turns out to be closed: the server may have acted on it (a login, a
  // credential minted), and the caller's retry policy decides. Set for POSTs that only read (the
  // AWS JSON APIs), which may then use a kept connection. Other methods always may.
  bool resend_safe = false;
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
  // StoreError: unreachable (connect, reset, empty reply, proxy failure; transient), timeout (the
  // deadline passed; a per-attempt timeout before the deadline is unreachable), bad_response
  // (truncated body, oversized body), auth_failed (server certificate rejected, client
  // certificate or key unusable, proxy authentication refused), invalid_request (not an http or
  // https URL, a header with a line break).
  [[nodiscard]] HttpResponse perform(const HttpRequest& request, Deadline deadline = Deadline::never());

  // Several requests at once, up to max_parallel in flight (multiplexed on one HTTP/2 connection
  // where the server offers it, else on parallel connections that resume one TLS session, opened
  // once an answer takes longer than parallel_after). One attempt each; every outcome is the
  // response, or the error perform() would have thrown.
  [[nodiscard]] std::vector<Outcome<HttpResponse>> perform_all(std::span<const HttpRequest> requests,
                                                               Deadline deadline = Deadline::never());

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// The generic meaning of an HTTP status for a store: 400 invalid_request, 401 and 407 (a proxy's)
// auth_failed, 403 permission_denied, 404 not_found, 408/429 throttled or unavailable, 5xx
// unavailable.
// nullopt for success (2xx, 3xx are the caller's business).
[[nodiscard]] std::optional<StoreFailure> classify_status(long status) noexcept;

// The Retry-After of a response, when present and parseable.
[[nodiscard]] std::optional<std::chrono::milliseconds> retry_after_of(const HttpResponse& response);

// The URL without query, fragment or user info: what a log line may show.
[[nodiscard]] std::string loggable_url(std::string_view url);

// What a log line or error message shows for a request: its log_url, or its loggable_url.
[[nodiscard]] std::string loggable_url(const HttpRequest& request);

}  // namespace hush::vault_client
