// HTTP/1.1 over a socket, with OpenSSL for https. Store traffic is a handful of small requests to
// one host, so a persistent connection and a plain parser cover it. A general HTTP library loaded
// at run time cost every container start about 6 ms and 9 MiB (bench/run_bench/README.md).
#include <algorithm>
#include <string>

#include "http/connection.hpp"
#include "http/endpoint.hpp"
#include "http/http1.hpp"
#include "hush/vault_client/http.hpp"

namespace hush::vault_client {
namespace {

using std::chrono::milliseconds;
using TimePoint = SteadyClock::time_point;

constexpr std::size_t read_chunk = 16 * 1024;

// What a kept connection was opened for: the next request reuses it only for the same.
struct Route {
  detail::Endpoint target;
  std::optional<detail::Endpoint> proxy;
  std::string verify_name;
  bool operator==(const Route&) const = default;
};

}  // namespace

struct HttpClient::Impl {
  HttpOptions options;
  Logger* logger = nullptr;
  std::unique_ptr<detail::TlsContext> tls;
  std::unique_ptr<detail::Connection> connection;
  Route connected;
  bool connecting = false;  // a failure now is the connection's (connect, proxy, handshake)
  SecretBuffer read_buffer;     // responses pass through here: guarded, wiped after each one
  SecretBuffer request_buffer;  // the request being sent (tokens, signatures): guarded, reused

  detail::TlsContext& tls_context() {
    if (!tls) tls = std::make_unique<detail::TlsContext>(options.tls);
    return *tls;
  }

  void open(const Route& route, const std::optional<detail::ProxyRoute>& proxy, TimePoint until) {
    connection.reset();
    connecting = true;
    auto fresh = std::make_unique<detail::Connection>(proxy ? proxy->endpoint : route.target, until);
    if (proxy && route.target.tls) tunnel(*fresh, route.target, *proxy, until);
    if (route.target.tls) fresh->start_tls(tls_context(), route.verify_name, until);
    connection = std::move(fresh);
    connected = route;
    connecting = false;
  }

  // CONNECT through an http proxy: TLS then runs end to end, the proxy sees only the host name.
  void tunnel(detail::Connection& through, const detail::Endpoint& target, const detail::ProxyRoute& proxy, TimePoint until) {
    const std::string authority = detail::authority_of(target, true);
    HttpHeaders none;
    detail::RequestHead head{"CONNECT", authority, authority, options.user_agent, proxy.authorization.view()};
    through.write_all(detail::serialize_request(head, none, {}).view(), until);
    detail::ResponseParser parser(0, true);
    std::size_t leftover = 0;
    while (!parser.done()) {
      const std::size_t n = through.read_some(read_buffer.mutable_data(), read_chunk, until);
      if (n == 0) parser.finish_at_close();
      leftover = n - parser.feed(std::string_view(read_buffer.data(), n));
    }
    // The status first: a refusal may carry a body, which is no protocol error.
    const long status = parser.response().status;
    if (status == 407) throw StoreError(StoreFailure::auth_failed, "the proxy requires authentication (407)");
    if (status < 200 || status > 299) {
      throw StoreError(StoreFailure::unreachable, "the proxy refused to connect to " + authority + " (" + std::to_string(status) + ")");
    }
    if (leftover != 0) throw StoreError(StoreFailure::bad_response, "the proxy sent data before the tunnel was open");
  }

  // Sends the request and reads the answer on the kept connection, opening one when needed.
  // A kept connection the server closed meanwhile fails before any answer. An idempotent request
  // is then sent again at once on a new connection; any other (a login, a token or credential
  // creation) fails as unreachable, since the server may have acted on it, and the caller's retry
  // policy decides.
  HttpResponse exchange(const Route& route, const std::optional<detail::ProxyRoute>& proxy, std::string_view payload,
                        std::string_view method, TimePoint until) {
    const bool idempotent = method == "GET" || method == "HEAD" || method == "PUT" || method == "DELETE" ||
                            method == "LIST" || method == "OPTIONS";
    for (int round = 0;; ++round) {
      const bool reused = connection && connected == route && connection->idle_and_open();
      if (!reused) open(route, proxy, std::min(until, SteadyClock::now() + options.connect_timeout));
      detail::ResponseParser parser(options.max_response_bytes, method == "HEAD");
      std::size_t leftover = 0;
      try {
        connection->write_all(payload, until);
        while (!parser.done()) {
          const std::size_t n = connection->read_some(read_buffer.mutable_data(), read_chunk, until);
          if (n == 0) {
            if (parser.awaiting_close() && !connection->closed_cleanly()) {
              throw StoreError(StoreFailure::bad_response, "response body may be truncated: the TLS connection ended without close_notify");
            }
            parser.finish_at_close();
            break;
          }
          leftover = n - parser.feed(std::string_view(read_buffer.data(), n));
        }
      } catch (const StoreError& e) {
        connection.reset();
        secure_wipe(read_buffer.mutable_data(), read_chunk);
        if (idempotent && reused && round == 0 && !parser.started() && e.failure() == StoreFailure::unreachable) continue;
        throw;
      }
      secure_wipe(read_buffer.mutable_data(), read_chunk);
      // Read after an answer, a TLS 1.3 session carries the server's ticket and can resume, also
      // when this connection cannot be kept.
      if (route.target.tls) connection->remember_session(tls_context(), route.verify_name);
      if (!parser.reusable() || leftover != 0) connection.reset();
      return std::move(parser.response());
    }
  }
};

HttpClient::HttpClient(HttpOptions options, Logger& logger) : impl_(std::make_unique<Impl>()) {
  impl_->options = std::move(options);
  impl_->logger = &logger;
  impl_->read_buffer.resize(read_chunk);
  if (!impl_->options.tls.verify) {
    logger.warn("TLS verification is DISABLED: the store's certificate and host name are not checked, so anyone on the path can read the secrets and credentials exchanged");
  }
}

HttpClient::~HttpClient() = default;
HttpClient::HttpClient(HttpClient&&) noexcept = default;
HttpClient& HttpClient::operator=(HttpClient&&) noexcept = default;

const HttpOptions& HttpClient::options() const noexcept { return impl_->options; }

HttpResponse HttpClient::perform(const HttpRequest& request, Deadline deadline) {
  Impl& impl = *impl_;
  const std::string shown = loggable_url(request.url);
  const auto started = SteadyClock::now();
  if (deadline.passed(started)) {
    throw StoreError(StoreFailure::timeout, request.method + " " + shown + ": deadline passed before the request was sent");
  }
  const TimePoint until = std::min(deadline.at(), started + impl.options.request_timeout);
  auto elapsed_ms = [&] { return std::chrono::duration_cast<milliseconds>(SteadyClock::now() - started).count(); };

  impl.connecting = false;
  try {
    const detail::ParsedUrl url = detail::parse_url(request.url);
    const std::optional<detail::ProxyRoute> proxy = detail::proxy_for(url.endpoint);
    Route route{url.endpoint, proxy ? std::optional(proxy->endpoint) : std::nullopt, url.endpoint.host};
    // A server name override is the name verified, sent as SNI and as Host; the connection still
    // goes to the URL's host.
    detail::Endpoint named = url.endpoint;
    if (url.endpoint.tls && !impl.options.tls.server_name.empty()) {
      route.verify_name = impl.options.tls.server_name;
      named.host = impl.options.tls.server_name;
    }
    const std::string host = detail::authority_of(named);
    // Through a proxy, plain http names the whole URL in the request line; https tunnels.
    const bool forward = proxy && !url.endpoint.tls;
    const std::string target = forward ? "http://" + host + url.target : url.target;
    const detail::RequestHead head{request.method, target, host, impl.options.user_agent,
                                   forward ? proxy->authorization.view() : std::string_view()};
    detail::serialize_request(head, request.headers, request.body, impl.request_buffer);
    HttpResponse response = impl.exchange(route, proxy, impl.request_buffer.view(), request.method, until);
    impl.request_buffer.resize(0);  // wipes the token and body it held
    impl.logger->debug("http request", {{"method", request.method},
                                        {"url", shown},
                                        {"status", std::to_string(response.status)},
                                        {"duration_ms", std::to_string(elapsed_ms())},
                                        {"attempt", std::to_string(request.attempt)}});
    return response;
  } catch (const StoreError& e) {
    impl.request_buffer.resize(0);
    StoreFailure failure = e.failure();
    std::string detail = e.what();
    if (failure == StoreFailure::timeout) {
      // The caller's deadline makes a timeout final; a per-attempt limit before it is transient.
      if (deadline.passed()) {
        detail = "no complete answer before the deadline (" + std::to_string(elapsed_ms()) + " ms)";
      } else {
        failure = StoreFailure::unreachable;
        const auto connect_limit = std::min(impl.options.connect_timeout, impl.options.request_timeout);
        detail = impl.connecting ? "no connection within " + std::to_string(connect_limit.count()) + " ms (" + detail + ")"
                            : "no complete answer within " + std::to_string(impl.options.request_timeout.count()) + " ms";
      }
    }
    impl.logger->debug("http request failed", {{"method", request.method},
                                               {"url", shown},
                                               {"error", failure_name(failure)},
                                               {"duration_ms", std::to_string(elapsed_ms())},
                                               {"attempt", std::to_string(request.attempt)}});
    throw StoreError(failure, request.method + " " + shown + ": " + detail);
  }
}

}  // namespace hush::vault_client
