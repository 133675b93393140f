#include <string>

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
    out += url_encode(path.substr(start, end - start));
    if (slash == std::string_view::npos) break;
    out.push_back('/');
    start = slash + 1;
  }
  return out;
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

HttpResponse VaultClient::Impl::send_once(const VaultCall& call, Deadline deadline, int attempt, bool with_token) {
  HttpRequest request;
  request.method = call.method;
  request.url = config.address + "/v1/" + encode_path(call.path);
  if (!call.query.empty()) request.url += "?" + call.query;
  request.attempt = attempt;
  request.headers.add("X-Vault-Request", "true");
  if (!config.namespace_name.empty()) request.headers.add("X-Vault-Namespace", config.namespace_name);
  if (with_token && !token.empty()) request.headers.add_sensitive("X-Vault-Token", token.view());
  if (!call.body.empty()) {
    request.headers.add("Content-Type", "application/json");
    request.body = call.body;
  }
  return http.perform(request, deadline);
}

HttpResponse VaultClient::Impl::call(const VaultCall& c, Deadline deadline) {
  return retrier.run(c.what, deadline, [&](int attempt) -> HttpResponse {
    for (int pass = 0;; ++pass) {
      if (c.authenticated) ensure_token(deadline, attempt);
      HttpResponse response = send_once(c, deadline, attempt, c.authenticated);
      if (response.status < 400 || (c.accept_404 && response.status == 404)) return response;
      if (c.authenticated && pass == 0 && can_login() && mentions_invalid_token(response)) {
        // The token expired or was revoked behind our back: log in again once.
        logger->info("Vault rejected the current token; logging in again", {{"method", auth_method_name(config.auth.method)}});
        forget_token();
        continue;
      }
      if (c.authenticated && mentions_invalid_token(response)) {
        throw StoreError(StoreFailure::auth_failed, "Vault token from " + token_origin() + " is invalid or expired (" + c.what + ")");
      }
      throw_vault_error(response, c.what, c.path);
    }
  });
}

}  // namespace hush::vault_client
