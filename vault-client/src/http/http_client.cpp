#include <algorithm>
#include <cctype>
#include <string>

#include "http/curl_handles.hpp"
#include "hush/vault_client/http.hpp"

namespace hush::vault_client {
namespace {

using std::chrono::milliseconds;

struct Transfer {
  HttpResponse* response = nullptr;
  std::size_t limit = 0;
  bool too_large = false;
};

std::size_t on_body(char* data, std::size_t size, std::size_t count, void* user) {
  auto* transfer = static_cast<Transfer*>(user);
  const std::size_t n = size * count;
  if (transfer->response->body.size() + n > transfer->limit) {
    transfer->too_large = true;
    return 0;  // aborts the transfer with CURLE_WRITE_ERROR
  }
  transfer->response->body.append(std::string_view(data, n));
  return n;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n')) s.remove_suffix(1);
  return s;
}

std::size_t on_header(char* data, std::size_t size, std::size_t count, void* user) {
  auto* transfer = static_cast<Transfer*>(user);
  const std::size_t n = size * count;
  const std::string_view line(data, n);
  // A new status line starts a new header block (interim 1xx answers, a proxy's CONNECT reply).
  if (line.substr(0, 5) == "HTTP/") {
    transfer->response->headers.clear();
    return n;
  }
  const std::size_t colon = line.find(':');
  if (colon == std::string_view::npos) return n;
  std::string name(trim(line.substr(0, colon)));
  for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  transfer->response->headers.emplace_back(std::move(name), std::string(trim(line.substr(colon + 1))));
  return n;
}

long clamp_ms(milliseconds value) { return static_cast<long>(std::max<milliseconds::rep>(1, value.count())); }

StoreFailure failure_for(CURLcode code) {
  switch (code) {
    case CURLE_PARTIAL_FILE:
    case CURLE_BAD_CONTENT_ENCODING:
    case CURLE_WEIRD_SERVER_REPLY:
    case CURLE_TOO_MANY_REDIRECTS:
      return StoreFailure::bad_response;
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CRL_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
      return StoreFailure::auth_failed;
    case CURLE_UNSUPPORTED_PROTOCOL:
    case CURLE_URL_MALFORMAT:
      return StoreFailure::invalid_request;
    default:
      return StoreFailure::unreachable;
  }
}

// TLS alerts by which a server rejects the client's certificate. With TLS 1.3 they arrive after
// the handshake, as a receive error, so the curl code alone would call them transient.
bool tls_alert_rejects_us(const std::string& detail) {
  for (const char* alert : {"alert certificate required", "alert bad certificate", "alert unknown ca",
                            "alert certificate unknown", "alert certificate revoked", "alert certificate expired"}) {
    if (detail.find(alert) != std::string::npos) return true;
  }
  return false;
}

// For a server name override: the request goes to a URL naming server_name (so it is the name
// verified and sent as SNI and Host), while CONNECT_TO sends the TCP connection to the original host.
struct Redirected {
  std::string url;
  detail::CurlSlist connect_to;
};

Redirected redirect_to_server_name(const std::string& url, const std::string& server_name) {
  const detail::CurlLibrary& api = detail::curl_library();
  Redirected out;
  detail::CurlUrl handle(api.url());
  if (!handle || api.url_set(handle.get(), CURLUPART_URL, url.c_str(), 0) != CURLUE_OK) {
    throw StoreError(StoreFailure::invalid_request, "malformed URL: " + loggable_url(url));
  }
  char* host_raw = nullptr;
  char* port_raw = nullptr;
  if (api.url_get(handle.get(), CURLUPART_HOST, &host_raw, 0) != CURLUE_OK) {
    throw StoreError(StoreFailure::invalid_request, "URL without host: " + loggable_url(url));
  }
  detail::CurlString host(host_raw);
  if (api.url_get(handle.get(), CURLUPART_PORT, &port_raw, CURLU_DEFAULT_PORT) != CURLUE_OK) {
    throw StoreError(StoreFailure::invalid_request, "URL without port: " + loggable_url(url));
  }
  detail::CurlString port(port_raw);
  api.url_set(handle.get(), CURLUPART_HOST, server_name.c_str(), 0);
  char* rewritten_raw = nullptr;
  if (api.url_get(handle.get(), CURLUPART_URL, &rewritten_raw, 0) != CURLUE_OK) {
    throw StoreError(StoreFailure::invalid_request, "invalid TLS server name: " + server_name);
  }
  detail::CurlString rewritten(rewritten_raw);
  out.url = rewritten.get();
  const std::string mapping = server_name + ":" + port.get() + ":" + host.get() + ":" + port.get();
  out.connect_to.reset(api.slist_append(nullptr, mapping.c_str()));
  return out;
}

}  // namespace

struct HttpClient::Impl {
  const detail::CurlLibrary* curl = nullptr;
  HttpOptions options;
  Logger* logger;
  detail::CurlEasy easy;
  char error_buffer[CURL_ERROR_SIZE] = {};

  void apply_common_options() {
    const detail::CurlLibrary& api = *curl;
    CURL* h = easy.get();
    api.easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
#if LIBCURL_VERSION_NUM >= 0x075500
    api.easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
#else
    api.easy_setopt(h, CURLOPT_PROTOCOLS, static_cast<long>(CURLPROTO_HTTP | CURLPROTO_HTTPS));
#endif
    api.easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
    api.easy_setopt(h, CURLOPT_ERRORBUFFER, error_buffer);
    api.easy_setopt(h, CURLOPT_USERAGENT, options.user_agent.c_str());
    api.easy_setopt(h, CURLOPT_ACCEPT_ENCODING, "");
    api.easy_setopt(h, CURLOPT_TCP_KEEPALIVE, 1L);
    const TlsOptions& tls = options.tls;
    api.easy_setopt(h, CURLOPT_SSL_VERIFYPEER, tls.verify ? 1L : 0L);
    api.easy_setopt(h, CURLOPT_SSL_VERIFYHOST, tls.verify ? 2L : 0L);
    if (!tls.ca_file.empty()) api.easy_setopt(h, CURLOPT_CAINFO, tls.ca_file.c_str());
    if (!tls.ca_path.empty()) api.easy_setopt(h, CURLOPT_CAPATH, tls.ca_path.c_str());
    if (!tls.client_cert.empty()) {
      api.easy_setopt(h, CURLOPT_SSLCERT, tls.client_cert.c_str());
      api.easy_setopt(h, CURLOPT_SSLCERTTYPE, "PEM");
    }
    if (!tls.client_key.empty()) {
      api.easy_setopt(h, CURLOPT_SSLKEY, tls.client_key.c_str());
      api.easy_setopt(h, CURLOPT_SSLKEYTYPE, "PEM");
    }
    // No CURLOPT_PROXY/NOPROXY: libcurl then honours https_proxy, http_proxy and no_proxy.
  }
};

HttpClient::HttpClient(HttpOptions options, Logger& logger) : impl_(std::make_unique<Impl>()) {
  impl_->curl = &detail::curl_library();
  impl_->options = std::move(options);
  impl_->logger = &logger;
  impl_->easy.reset(impl_->curl->easy_init());
  if (!impl_->easy) throw StoreError(StoreFailure::unreachable, "libcurl could not create a handle");
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
  const detail::CurlLibrary& api = *impl.curl;
  CURL* h = impl.easy.get();
  const std::string shown = loggable_url(request.url);
  const auto started = SteadyClock::now();
  const milliseconds remaining = deadline.remaining(started);
  if (deadline.passed(started)) {
    throw StoreError(StoreFailure::timeout, request.method + " " + shown + ": deadline passed before the request was sent");
  }

  // Reset keeps the connection cache, so the next request to the same host reuses the connection.
  api.easy_reset(h);
  impl.apply_common_options();
  impl.error_buffer[0] = '\0';

  const bool deadline_bound = remaining <= impl.options.request_timeout;
  api.easy_setopt(h, CURLOPT_TIMEOUT_MS, clamp_ms(std::min(remaining, impl.options.request_timeout)));
  api.easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, clamp_ms(std::min(remaining, impl.options.connect_timeout)));

  Redirected redirected;
  const std::string* url = &request.url;
  if (!impl.options.tls.server_name.empty() && request.url.rfind("https://", 0) == 0) {
    redirected = redirect_to_server_name(request.url, impl.options.tls.server_name);
    url = &redirected.url;
    api.easy_setopt(h, CURLOPT_CONNECT_TO, redirected.connect_to.get());
  }
  api.easy_setopt(h, CURLOPT_URL, url->c_str());

  // Header nodes point into HttpHeaders' own (for sensitive values: guarded) memory rather than
  // being copied by curl_slist_append into ordinary heap blocks that are freed unwiped.
  static const char no_expect[] = "Expect:";
  std::vector<const char*> texts = request.headers.lines();
  texts.push_back(no_expect);
  std::vector<curl_slist> nodes(texts.size());
  for (std::size_t i = 0; i < texts.size(); ++i) {
    nodes[i].data = const_cast<char*>(texts[i]);  // libcurl only reads header lists
    nodes[i].next = i + 1 < nodes.size() ? &nodes[i + 1] : nullptr;
  }
  api.easy_setopt(h, CURLOPT_HTTPHEADER, nodes.data());

  if (request.method == "GET") {
    api.easy_setopt(h, CURLOPT_HTTPGET, 1L);
  } else if (request.method == "HEAD") {
    api.easy_setopt(h, CURLOPT_NOBODY, 1L);
  } else {
    if (request.method != "POST") api.easy_setopt(h, CURLOPT_CUSTOMREQUEST, request.method.c_str());
    if (request.method == "POST" || !request.body.empty()) {
      // POSTFIELDS does not copy: the body stays in the caller's memory.
      api.easy_setopt(h, CURLOPT_POSTFIELDS, request.body.data());
      api.easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
    }
  }

  HttpResponse response;
  Transfer transfer{&response, impl.options.max_response_bytes, false};
  api.easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
  api.easy_setopt(h, CURLOPT_WRITEDATA, &transfer);
  api.easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
  api.easy_setopt(h, CURLOPT_HEADERDATA, &transfer);

  const CURLcode code = api.easy_perform(h);
  const auto elapsed = std::chrono::duration_cast<milliseconds>(SteadyClock::now() - started);
  api.easy_setopt(h, CURLOPT_HTTPHEADER, nullptr);
  api.easy_setopt(h, CURLOPT_CONNECT_TO, nullptr);

  if (code != CURLE_OK) {
    StoreFailure failure = failure_for(code);
    std::string detail = impl.error_buffer[0] != '\0' ? std::string(impl.error_buffer) : std::string(api.easy_strerror(code));
    if (transfer.too_large) {
      failure = StoreFailure::bad_response;
      detail = "response larger than " + std::to_string(impl.options.max_response_bytes) + " bytes";
    } else if (code == CURLE_OPERATION_TIMEDOUT) {
      failure = deadline_bound ? StoreFailure::timeout : StoreFailure::unreachable;
      detail = deadline_bound ? "no complete answer before the deadline (" + std::to_string(elapsed.count()) + " ms)"
                              : "no complete answer within " + std::to_string(impl.options.request_timeout.count()) + " ms";
    } else if (tls_alert_rejects_us(detail)) {
      // The server refused our client certificate (or its absence): retrying cannot help.
      failure = StoreFailure::auth_failed;
      detail = "the server rejected the TLS client certificate (" + detail + ")";
    } else if (code == CURLE_PARTIAL_FILE) {
      detail = "response body truncated (" + detail + ")";
    }
    impl.logger->debug("http request failed", {{"method", request.method},
                                               {"url", shown},
                                               {"error", api.easy_strerror(code)},
                                               {"duration_ms", std::to_string(elapsed.count())},
                                               {"attempt", std::to_string(request.attempt)}});
    response.body.clear();
    throw StoreError(failure, request.method + " " + shown + ": " + detail);
  }
  api.easy_getinfo(h, CURLINFO_RESPONSE_CODE, &response.status);
  impl.logger->debug("http request", {{"method", request.method},
                                      {"url", shown},
                                      {"status", std::to_string(response.status)},
                                      {"duration_ms", std::to_string(elapsed.count())},
                                      {"attempt", std::to_string(request.attempt)}});
  return response;
}

}  // namespace hush::vault_client
