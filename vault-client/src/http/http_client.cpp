// HTTP over libcurl's multi interface: every request of a client, one or many at once, runs on the
// client's multi handle, whose connection cache keeps connections between calls (and multiplexes
// on HTTP/2), with one share handle for DNS answers and TLS sessions. libcurl itself is loaded
// with the first client (http/curl_api.hpp).
#include <algorithm>
#include <cstdlib>
#include <memory>
#include <optional>
#include <string>

#include "http/curl_handles.hpp"
#include "http/header_lines.hpp"
#include "http/transfer.hpp"
#include "hush/vault_client/http.hpp"

namespace hush::vault_client {
namespace {

// The longest wait for activity; libcurl's own timers (the per-transfer timeouts) end it sooner.
constexpr int poll_interval_ms = 1000;

// For a store known to answer quickly, one slow answer is a hiccup (its scheduler, a pause), not
// distance: more connections are opened only after this long.
constexpr std::chrono::milliseconds hiccup_patience{50};

std::string environment_value(const char* name) {
  const char* value = std::getenv(name);
  return value == nullptr ? std::string() : std::string(value);
}

// The settings every transfer of a client shares, trust decided once.
void settle_trust(detail::TransferSettings& settings) {
  const TlsOptions& tls = settings.options->tls;
  // OpenSSL's variables for the system store, as the curl command honours them: they replace
  // libcurl's built-in CA bundle and directory, for the store and for an https:// proxy.
  const std::string cert_file = environment_value("SSL_CERT_FILE");
  const std::string cert_dir = environment_value("SSL_CERT_DIR");
  settings.proxy_ca_file = cert_file;
  settings.proxy_ca_path = cert_dir;
  if (!tls.ca_file.empty() || !tls.ca_path.empty()) {
    // A store's own CA (VAULT_CACERT, VAULT_CAPATH, AWS_CA_BUNDLE) is the only trust for it.
    settings.ca_file = tls.ca_file;
    settings.ca_path = tls.ca_path;
    settings.replace_default_trust = true;
  } else if (!cert_file.empty() || !cert_dir.empty()) {
    settings.ca_file = cert_file;
    settings.ca_path = cert_dir;
    settings.replace_default_trust = true;
  }
  if (tls.client_key_passphrase) settings.key_passphrase.append(tls.client_key_passphrase->view());
  settings.key_passphrase.append(std::string_view("\0", 1));
}

}  // namespace

struct HttpClient::Impl {
  HttpOptions options;
  Logger* logger = nullptr;
  detail::CurlShare share;
  detail::CurlMulti multi;
  detail::TransferSettings settings;
  bool multiplexing = false;                                 // the store answered over HTTP/2
  std::optional<std::chrono::microseconds> quickest_answer;  // on a kept connection, so far

  Impl(HttpOptions o, Logger& l) : options(std::move(o)), logger(&l) {
    settings.options = &options;
    settings.share = &share;
    settle_trust(settings);
  }
};

HttpClient::HttpClient(HttpOptions options, Logger& logger)
    : impl_(std::make_unique<Impl>(std::move(options), logger)) {
  const detail::CurlApi& api = detail::curl_api();
  logger.debug("libcurl",
               {{"version", api.version},
                {"tls", api.tls_backend},
                {"plaintext_cleansed", api.ssl_ctx_set_options != nullptr ? "yes" : "no (TLS is not OpenSSL 3)"},
                {"freed_memory_wiped", api.openssl_heap_wiped ? "libcurl and OpenSSL" : "libcurl only"}});
  if (!impl_->options.tls.verify) {
    logger.warn(
        "TLS verification is DISABLED: the store's certificate and host name are not checked, so anyone on the path "
        "can read the secrets and credentials exchanged");
  }
}

HttpClient::~HttpClient() = default;
HttpClient::HttpClient(HttpClient&&) noexcept = default;
HttpClient& HttpClient::operator=(HttpClient&&) noexcept = default;

HttpResponse HttpClient::perform(const HttpRequest& request, Deadline deadline) {
  return perform_all(std::span<const HttpRequest>(&request, 1), deadline).front().take();
}

std::vector<Outcome<HttpResponse>> HttpClient::perform_all(std::span<const HttpRequest> requests, Deadline deadline) {
  Impl& impl = *impl_;
  std::vector<Outcome<HttpResponse>> outcomes(requests.size());
  // Declared before the transfers, which point into it.
  detail::HeaderLines lines(requests);
  std::vector<std::unique_ptr<detail::Transfer>> running;
  std::vector<std::size_t> index_of;  // running[i] serves requests[index_of[i]]
  // One request at a time on the kept connection until an answer is slow in coming (see
  // HttpOptions::parallel_after); on HTTP/2 more requests only share the connection.
  const std::size_t most = std::max<std::size_t>(1, impl.options.max_parallel);
  std::size_t limit = impl.multiplexing ? most : 1;
  auto last_answer = SteadyClock::now();
  const auto parallel_after = impl.options.parallel_after;
  const bool near = impl.quickest_answer && *impl.quickest_answer < parallel_after / 2;
  const auto patience = near ? std::max(parallel_after, hiccup_patience) : parallel_after;

  std::size_t next = 0;
  const auto start = [&](std::size_t i) {
    const HttpRequest& request = requests[i];
    try {
      if (deadline.passed()) {
        throw StoreError(StoreFailure::timeout, request.method + " " + loggable_url(request) +
                                                    ": deadline passed before the request was sent");
      }
      auto transfer = std::make_unique<detail::Transfer>(request, lines.list(i), impl.settings, deadline);
      transfer->attach(impl.multi);
      running.push_back(std::move(transfer));
      index_of.push_back(i);
    } catch (...) {
      outcomes[i] = Outcome<HttpResponse>::current_failure();
    }
  };
  for (;;) {
    while (running.size() < limit && next < requests.size()) start(next++);
    if (running.empty()) break;
    (void)impl.multi.perform();
    bool finished = false;
    while (CURLMsg* message = impl.multi.next_message()) {
      if (message->msg != CURLMSG_DONE) continue;
      const auto it =
          std::find_if(running.begin(), running.end(), [&](const auto& t) { return t->is(message->easy_handle); });
      if (it == running.end()) continue;
      const std::size_t slot = static_cast<std::size_t>(it - running.begin());
      outcomes[index_of[slot]] = (*it)->finish(message->data.result, *impl.logger);
      if (outcomes[index_of[slot]].ok()) {
        if ((*it)->multiplexed()) {
          impl.multiplexing = true;
          limit = most;
        }
        if (const auto answer = (*it)->answer_time()) {
          impl.quickest_answer = impl.quickest_answer ? std::min(*impl.quickest_answer, *answer) : *answer;
        }
      }
      // Freeing the handle now wipes and releases libcurl's buffers of this transfer.
      running.erase(it);
      index_of.erase(index_of.begin() + static_cast<std::ptrdiff_t>(slot));
      finished = true;
      last_answer = SteadyClock::now();
    }
    if (finished) continue;
    int wait_ms = poll_interval_ms;
    if (limit < most && next < requests.size()) {
      const auto waited = std::chrono::duration_cast<std::chrono::milliseconds>(SteadyClock::now() - last_answer);
      if (waited >= patience) {
        limit = most;
        continue;
      }
      wait_ms = static_cast<int>((patience - waited).count()) + 1;
    }
    impl.multi.poll(wait_ms);
  }
  return outcomes;
}

}  // namespace hush::vault_client
