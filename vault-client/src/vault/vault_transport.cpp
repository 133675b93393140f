#include <string>
#include <utility>

#include "hush/common/codec.hpp"
#include "vault/vault_impl.hpp"

namespace hush::vault_client {
namespace {

// Encodes each path segment, keeping the slashes between them.
std::string encode_path(std::string_view path) {
  std::string out;
  std::size_t start = 0;
  while (start <= path.size()) {
    const std::size_t slash = path.find('/', start);
    const std::size_t end = slash == std::string_view::npos ? path.size() : slash;
    out += percent_encode(path.substr(start, end - start));
    if (slash == std::string_view::npos) break;
    out.push_back('/');
    start = slash + 1;
  }
  return out;
}

bool is_redirect(long status) { return status == 301 || status == 302 || status == 307 || status == 308; }

// A Location may be relative ("/v1/...") or absolute.
std::string absolute_location(const std::string& base, std::string_view location) {
  if (location.find("://") != std::string_view::npos) return std::string(location);
  const std::size_t scheme_end = base.find("://");
  const std::size_t path_start = base.find('/', scheme_end == std::string::npos ? 0 : scheme_end + 3);
  const std::string origin = path_start == std::string::npos ? base : base.substr(0, path_start);
  return origin + (location.empty() || location.front() != '/' ? "/" : "") + std::string(location);
}

}  // namespace

VaultClient::Impl::Impl(VaultConfig cfg, Logger& log, RetryClock& clk, UniformRandom random)
    : config(std::move(cfg)),
      logger(&log),
      clock(&clk),
      retrier(config.retry, log, clk, std::move(random)),
      http(config.http, log) {
  token = config.token.clone();
}

std::string VaultClient::Impl::token_origin() const {
  if (logged_in) return std::string(auth_method_name(config.auth.method)) + " login";
  return config.token_origin.empty() ? std::string("configuration") : config.token_origin;
}

HttpRequest VaultClient::Impl::request_for(const VaultCall& call, int attempt, bool with_token,
                                           const std::string* url) const {
  HttpRequest request;
  request.method = call.method;
  if (url != nullptr) {
    request.url = *url;
  } else {
    request.url = config.address + "/v1/" + encode_path(call.path);
    if (!call.query.empty()) request.url += "?" + call.query;
  }
  request.attempt = attempt;
  request.headers.add("X-Vault-Request", "true");
  if (!config.namespace_name.empty()) request.headers.add("X-Vault-Namespace", config.namespace_name);
  // The token stays put until perform() returns (ensure_token ran before this request was built).
  if (with_token && !token.empty()) request.headers.add_sensitive_borrowed("X-Vault-Token", token.view());
  if (!call.body.empty()) {
    request.headers.add("Content-Type", "application/json");
    request.body = call.body;
  }
  return request;
}

HttpResponse VaultClient::Impl::send_once(const VaultCall& call, Deadline deadline, int attempt, bool with_token,
                                          const std::string* url) {
  return http.perform(request_for(call, attempt, with_token, url), deadline);
}

HttpResponse VaultClient::Impl::call(const VaultCall& c, Deadline deadline, Outcome<HttpResponse>* first_attempt) {
  return retrier.run(c.what, deadline, [&](int attempt) -> HttpResponse {
    std::optional<std::string> redirected;
    for (int pass = 0;; ++pass) {
      HttpResponse response;
      if (first_attempt != nullptr) {
        response = std::exchange(first_attempt, nullptr)->take();
      } else {
        if (c.authenticated) ensure_token(deadline, attempt);
        response = send_once(c, deadline, attempt, c.authenticated, redirected ? &*redirected : nullptr);
      }
      if (is_redirect(response.status)) {
        const auto location = response.header("location");
        if (redirected || !location) {
          throw StoreError(StoreFailure::bad_response,
                           "Vault redirected " + c.what + (redirected ? " more than once" : " without a location"));
        }
        std::string target = absolute_location(redirected ? *redirected : config.address, *location);
        if (config.address.rfind("https://", 0) == 0 && target.rfind("https://", 0) != 0) {
          throw StoreError(StoreFailure::bad_response, "Vault redirected " + c.what + " from https to " +
                                                           loggable_url(target) + "; not following a downgrade");
        }
        logger->debug("vault redirect", {{"to", loggable_url(target)}});
        redirected = std::move(target);
        --pass;
        continue;
      }
      if (response.status < 400 || (c.accept_404 && response.status == 404)) return response;
      if (c.authenticated && pass == 0 && can_login() && mentions_invalid_token(response)) {
        // The token expired or was revoked behind our back: log in again once.
        logger->info("Vault rejected the current token; logging in again",
                     {{"method", auth_method_name(config.auth.method)}});
        forget_token();
        continue;
      }
      if (c.authenticated && mentions_invalid_token(response)) {
        throw StoreError(StoreFailure::auth_failed,
                         "Vault token from " + token_origin() + " is invalid or expired (" + c.what + ")");
      }
      throw_vault_error(response, c.what, c.path);
    }
  });
}

}  // namespace hush::vault_client
