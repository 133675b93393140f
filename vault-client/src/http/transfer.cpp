#include "http/transfer.hpp"

#include <algorithm>
#include <charconv>

#include "hush/common/text.hpp"

namespace hush::vault_client::detail {
namespace {

using std::chrono::milliseconds;

// OpenSSL 3's SSL_OP_CLEANSE_PLAINTEXT (openssl/ssl.h, SSL_OP_BIT(1)): decrypted records are
// wiped once the application has read them, and buffers are wiped when the connection is freed.
constexpr std::uint64_t ssl_op_cleanse_plaintext = std::uint64_t{1} << 1;

CURLcode on_ssl_context(CURL* /*easy*/, void* ssl_ctx, void* api) {
  static_cast<const CurlApi*>(api)->ssl_ctx_set_options(ssl_ctx, ssl_op_cleanse_plaintext);
  return CURLE_OK;
}

long clamp_ms(milliseconds value) { return static_cast<long>(std::max<milliseconds::rep>(1, value.count())); }

const char* c_str_or_null(const std::string& text) { return text.empty() ? nullptr : text.c_str(); }

bool is_https(std::string_view url) { return ascii_iequals(url.substr(0, 8), "https://"); }

bool is_http_or_https(std::string_view url) { return is_https(url) || ascii_iequals(url.substr(0, 7), "http://"); }

// TLS alerts by which a server rejects the client's certificate (or its absence). With TLS 1.3
// they arrive after the handshake, as a receive error, which alone would look transient.
bool tls_alert_rejects_us(std::string_view detail) {
  for (const char* alert : {"alert certificate required", "alert bad certificate", "alert unknown ca",
                            "alert certificate unknown", "alert certificate revoked", "alert certificate expired"}) {
    if (detail.find(alert) != std::string_view::npos) return true;
  }
  return false;
}

bool proxy_refused_credentials(long proxy_error) {
  return proxy_error == CURLPX_USER_REJECTED || proxy_error == CURLPX_NO_AUTH || proxy_error == CURLPX_LONG_USER ||
         proxy_error == CURLPX_LONG_PASSWD;
}

StoreFailure failure_for(CURLcode code) {
  switch (code) {
    case CURLE_PARTIAL_FILE:
    case CURLE_BAD_CONTENT_ENCODING:
    case CURLE_WEIRD_SERVER_REPLY:
    case CURLE_TOO_MANY_REDIRECTS:
    case CURLE_FILESIZE_EXCEEDED:
      return StoreFailure::bad_response;
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CRL_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_INVALIDCERTSTATUS:
    case CURLE_LOGIN_DENIED:
      return StoreFailure::auth_failed;
    case CURLE_UNSUPPORTED_PROTOCOL:
    case CURLE_URL_MALFORMAT:
      return StoreFailure::invalid_request;
    default:
      // Resolving, connecting, proxies, resets, empty replies, handshakes: transient.
      return StoreFailure::unreachable;
  }
}

}  // namespace

Transfer::Transfer(const HttpRequest& request, curl_slist* lines, const TransferSettings& settings, Deadline deadline)
    : request_(&request), settings_(&settings), deadline_(deadline), started_(SteadyClock::now()) {
  const HttpOptions& options = *settings.options;
  if (!is_http_or_https(request.url)) {
    throw StoreError(StoreFailure::invalid_request, "not an http or https URL: " + loggable_url(request));
  }
  CurlEasy& easy = easy_;
  easy.set<CURLOPT_NOSIGNAL>(1);
  // Defence in depth: hush only ever builds http and https URLs (libcurl before 7.85 lacks this).
  (void)easy.set_if_supported<CURLOPT_PROTOCOLS_STR>("http,https");
  easy.set<CURLOPT_FOLLOWLOCATION>(0);
  easy.set<CURLOPT_ERRORBUFFER>(error_.data());
  easy.set<CURLOPT_USERAGENT>(options.user_agent.c_str());
  easy.set<CURLOPT_TCP_KEEPALIVE>(1);
  // HTTP/2 where the server offers it in the TLS handshake (a libcurl without HTTP/2 speaks 1.1).
  (void)easy.set_if_supported<CURLOPT_HTTP_VERSION>(CURL_HTTP_VERSION_2TLS);
  easy.set<CURLOPT_PROXYAUTH>(CURLAUTH_ANY);
  easy.set<CURLOPT_SHARE>(settings.share->get_handle());
  // No CURLOPT_PROXY or CURLOPT_NOPROXY: libcurl then reads http_proxy, https_proxy, all_proxy
  // and no_proxy itself, as the curl command does. No Accept-Encoding either: a compressed
  // answer would pass through the decompressor's buffers as well.

  // TLS.
  const TlsOptions& tls = options.tls;
  easy.set<CURLOPT_SSL_VERIFYPEER>(tls.verify ? 1 : 0);
  easy.set<CURLOPT_SSL_VERIFYHOST>(tls.verify ? 2 : 0);
  easy.set<CURLOPT_SSLVERSION>(CURL_SSLVERSION_TLSv1_2);
  if (settings.replace_default_trust) {
    easy.set<CURLOPT_CAINFO>(c_str_or_null(settings.ca_file));
    easy.set<CURLOPT_CAPATH>(c_str_or_null(settings.ca_path));
  }
  if (!settings.proxy_ca_file.empty() || !settings.proxy_ca_path.empty()) {
    (void)easy.set_if_supported<CURLOPT_PROXY_CAINFO>(c_str_or_null(settings.proxy_ca_file));
    (void)easy.set_if_supported<CURLOPT_PROXY_CAPATH>(c_str_or_null(settings.proxy_ca_path));
  }
  if (!tls.client_cert.empty()) {
    easy.set<CURLOPT_SSLCERT>(tls.client_cert.c_str());
    easy.set<CURLOPT_SSLCERTTYPE>("PEM");
  }
  if (!tls.client_key.empty()) {
    easy.set<CURLOPT_SSLKEY>(tls.client_key.c_str());
    easy.set<CURLOPT_SSLKEYTYPE>("PEM");
    // Always a passphrase, if only an empty one: without it OpenSSL would ask on the terminal for
    // an encrypted key's, and a container start must never wait on a terminal read.
    easy.set<CURLOPT_KEYPASSWD>(settings.key_passphrase.data());
  }
  const CurlApi& api = curl_api();
  if (api.ssl_ctx_set_options != nullptr) {
    easy.set<CURLOPT_SSL_CTX_FUNCTION>(on_ssl_context);
    easy.set<CURLOPT_SSL_CTX_DATA>(const_cast<CurlApi*>(&api));  // read only, in on_ssl_context
  }

  // Time: the per-attempt limits, and never past the caller's deadline.
  const milliseconds remaining = deadline.remaining(started_);
  easy.set<CURLOPT_TIMEOUT_MS>(clamp_ms(std::min(remaining, options.request_timeout)));
  easy.set<CURLOPT_CONNECTTIMEOUT_MS>(clamp_ms(std::min(remaining, options.connect_timeout)));

  // Where to: a server name override is the name in the URL (so libcurl verifies it, and sends it
  // as SNI and Host) while CURLOPT_CONNECT_TO sends the connection to the URL's real host.
  url_ = request.url;
  if (!tls.server_name.empty() && is_https(request.url)) {
    CurlUrl parsed(request.url);
    const std::string host = parsed.part(CURLUPART_HOST);
    const std::string port = parsed.part(CURLUPART_PORT, CURLU_DEFAULT_PORT);
    parsed.set_part(CURLUPART_HOST, tls.server_name);
    url_ = parsed.part(CURLUPART_URL);
    connect_to_.push_back(tls.server_name + ":" + port + ":" + host + ":" + port);
  }
  connect_to_.insert(connect_to_.end(), options.connect_to.begin(), options.connect_to.end());
  if (!connect_to_.empty()) {
    connect_to_nodes_.resize(connect_to_.size());
    for (std::size_t i = 0; i < connect_to_.size(); ++i) {
      connect_to_nodes_[i].data = connect_to_[i].data();
      connect_to_nodes_[i].next = i + 1 < connect_to_.size() ? &connect_to_nodes_[i + 1] : nullptr;
    }
    easy.set<CURLOPT_CONNECT_TO>(connect_to_nodes_.data());
  }
  if (!options.unix_socket.empty()) easy.set<CURLOPT_UNIX_SOCKET_PATH>(options.unix_socket.c_str());
  easy.set<CURLOPT_URL>(url_.c_str());
  // Parallel requests wait for a TLS connection being made to learn whether it multiplexes
  // (HTTP/2) rather than each opening its own.
  if (is_https(url_)) easy.set<CURLOPT_PIPEWAIT>(1);

  // What: method, headers, body.
  easy.set<CURLOPT_HTTPHEADER>(lines);
  const std::string& method = request.method;
  if (method == "GET") {
    easy.set<CURLOPT_HTTPGET>(1);
  } else if (method == "HEAD") {
    easy.set<CURLOPT_NOBODY>(1);
  } else {
    if (method != "POST") easy.set<CURLOPT_CUSTOMREQUEST>(method.c_str());
    if (method == "POST" || !request.body.empty()) {
      // POSTFIELDS is not copied by libcurl: the body stays in the caller's (guarded) memory until
      // libcurl writes it out. Never null: libcurl would then read the body from stdin.
      easy.set<CURLOPT_POSTFIELDS>(request.body.empty() ? "" : request.body.data());
      easy.set<CURLOPT_POSTFIELDSIZE_LARGE>(static_cast<curl_off_t>(request.body.size()));
    }
  }
  // libcurl resends a request by itself when a kept connection turns out closed before any answer;
  // a new connection rules that out for requests the server may have acted on.
  if ((method == "POST" || method == "PATCH") && !request.resend_safe) easy.set<CURLOPT_FRESH_CONNECT>(1);

  easy.set<CURLOPT_WRITEFUNCTION>(on_body);
  easy.set<CURLOPT_WRITEDATA>(this);
  easy.set<CURLOPT_HEADERFUNCTION>(on_header);
  easy.set<CURLOPT_HEADERDATA>(this);
}

Transfer::~Transfer() {
  if (attached_ != nullptr) attached_->remove(easy_);
}

void Transfer::attach(CurlMulti& multi) {
  multi.add(easy_);
  attached_ = &multi;
}

std::size_t Transfer::on_body(char* data, std::size_t size, std::size_t count, void* self) {
  auto& transfer = *static_cast<Transfer*>(self);
  const std::size_t n = size * count;
  SecretBuffer& body = transfer.response_.body;
  if (body.size() + n > transfer.settings_->options->max_response_bytes) {
    transfer.too_large_ = true;
    return 0;  // aborts the transfer with CURLE_WRITE_ERROR
  }
  body.append(std::string_view(data, n));
  return n;
}

std::size_t Transfer::on_header(char* data, std::size_t size, std::size_t count, void* self) {
  auto& transfer = *static_cast<Transfer*>(self);
  HttpResponse& response = transfer.response_;
  const std::size_t n = size * count;
  const std::string_view line(data, n);
  // A status line starts a new header block (an interim 1xx answer, a proxy's CONNECT answer, an
  // authentication round): only the final answer's headers and body are kept.
  if (line.substr(0, 5) == "HTTP/") {
    response.headers.clear();
    response.body.clear();
    return n;
  }
  const std::size_t colon = line.find(':');
  if (colon == std::string_view::npos) return n;
  std::string name = ascii_lower(std::string(trim(line.substr(0, colon))));
  const std::string_view value = trim(line.substr(colon + 1));
  if (name == "content-length") {
    // One guarded allocation for the body instead of a doubling series.
    std::size_t length = 0;
    const auto parsed = std::from_chars(value.data(), value.data() + value.size(), length);
    if (parsed.ec == std::errc() && length <= transfer.settings_->options->max_response_bytes)
      response.body.reserve(length);
  }
  response.headers.emplace_back(std::move(name), std::string(value));
  return n;
}

StoreError Transfer::failure(CURLcode code) const {
  const HttpOptions& options = *settings_->options;
  const auto elapsed = std::chrono::duration_cast<milliseconds>(SteadyClock::now() - started_);
  StoreFailure failure = failure_for(code);
  std::string detail = error_[0] != '\0' ? std::string(error_.data()) : std::string(easy_.describe(code));
  if (too_large_) {
    failure = StoreFailure::bad_response;
    detail = "response larger than " + std::to_string(options.max_response_bytes) + " bytes";
  } else if (code == CURLE_OPERATION_TIMEDOUT) {
    // The caller's deadline makes a timeout final; a per-attempt or connect limit before it is
    // transient. (libcurl counts whole milliseconds: it may fire a hair before the deadline.)
    if (deadline_.passed(SteadyClock::now() + milliseconds(2))) {
      failure = StoreFailure::timeout;
      detail = "no complete answer before the deadline (" + std::to_string(elapsed.count()) + " ms)";
    } else if (easy_.get<CURLINFO_PRETRANSFER_TIME_T>() == 0) {
      detail = "no connection within " +
               std::to_string(std::min(options.connect_timeout, options.request_timeout).count()) + " ms (" + detail +
               ")";
    } else {
      detail = "no complete answer within " + std::to_string(options.request_timeout.count()) + " ms";
    }
  } else if (easy_.get<CURLINFO_HTTP_CONNECTCODE>() == 407) {
    failure = StoreFailure::auth_failed;
    detail = "the proxy requires authentication (407); give its credentials in the proxy URL";
  } else if (proxy_refused_credentials(easy_.get<CURLINFO_PROXY_ERROR>())) {
    failure = StoreFailure::auth_failed;
    detail = "the proxy refused the credentials (" + detail + ")";
  } else if (easy_.get<CURLINFO_PROXY_SSL_VERIFYRESULT>() != 0) {
    failure = StoreFailure::auth_failed;
    detail = "the https proxy's certificate was not verified (" + detail +
             "); its CA must be in the system store, or in SSL_CERT_FILE or SSL_CERT_DIR";
  } else if (tls_alert_rejects_us(detail)) {
    failure = StoreFailure::auth_failed;
    detail = "the server rejected the TLS client certificate (" + detail + ")";
  } else if (code == CURLE_SSL_CERTPROBLEM) {
    detail = "the TLS client certificate or key cannot be used (" + detail + "); an encrypted key needs its passphrase";
  } else if (code == CURLE_PARTIAL_FILE) {
    detail = "response body truncated (" + detail + ")";
  }
  return StoreError(failure, request_->method + " " + loggable_url(*request_) + ": " + detail);
}

bool Transfer::multiplexed() const { return easy_.get<CURLINFO_HTTP_VERSION>() >= CURL_HTTP_VERSION_2_0; }

std::optional<std::chrono::microseconds> Transfer::answer_time() const {
  if (easy_.get<CURLINFO_NUM_CONNECTS>() != 0) return std::nullopt;
  return std::chrono::microseconds(easy_.get<CURLINFO_TOTAL_TIME_T>());
}

Outcome<HttpResponse> Transfer::finish(CURLcode code, Logger& logger) {
  const auto elapsed = std::chrono::duration_cast<milliseconds>(SteadyClock::now() - started_);
  if (code == CURLE_OK) {
    response_.status = easy_.get<CURLINFO_RESPONSE_CODE>();
    logger.debug("http request", {{"method", request_->method},
                                  {"url", loggable_url(*request_)},
                                  {"status", std::to_string(response_.status)},
                                  {"duration_ms", std::to_string(elapsed.count())},
                                  {"attempt", std::to_string(request_->attempt)}});
    return Outcome<HttpResponse>::of(std::move(response_));
  }
  StoreError error = failure(code);
  logger.debug("http request failed", {{"method", request_->method},
                                       {"url", loggable_url(*request_)},
                                       {"error", failure_name(error.failure())},
                                       {"duration_ms", std::to_string(elapsed.count())},
                                       {"attempt", std::to_string(request_->attempt)}});
  response_.body.clear();
  return Outcome<HttpResponse>::failed(std::make_exception_ptr(std::move(error)));
}

}  // namespace hush::vault_client::detail
