#include "vault/vault_impl.hpp"
#include "vault/vault_response.hpp"

namespace hush::vault_client {
namespace {

using std::chrono::seconds;

SecretBuffer credential(const SecretBuffer& direct, const std::string& file) {
  if (!file.empty()) return read_secret_file(file);
  return direct.clone();
}

}  // namespace

void VaultClient::Impl::forget_token() noexcept {
  token.clear();
  logged_in = false;
  token_checked = false;
  renewable = false;
  renewal_exhausted = false;
  ttl = seconds(0);
  expires_at.reset();
  refresh_at.reset();
}

// Renew (or log in again) at two thirds of the TTL: early enough to survive a slow or briefly
// unavailable Vault, late enough not to hammer it.
void VaultClient::Impl::schedule(seconds new_ttl, bool can_renew) {
  const auto now = clock->now();
  ttl = new_ttl;
  renewable = can_renew;
  token_checked = true;
  if (new_ttl.count() <= 0) {
    expires_at.reset();
    refresh_at.reset();
    return;
  }
  expires_at = now + new_ttl;
  if (can_renew || can_login()) {
    refresh_at = now + std::chrono::duration_cast<SteadyClock::duration>(new_ttl) * 2 / 3;
  } else {
    refresh_at.reset();
  }
}

void VaultClient::Impl::login(Deadline deadline, int attempt) {
  const VaultAuthConfig& auth = config.auth;
  SecretBuffer body;
  body.append("{");
  if (auth.method == VaultAuthMethod::approle) {
    const SecretBuffer role_id = credential(auth.role_id, auth.role_id_file);
    const SecretBuffer secret_id = credential(auth.secret_id, auth.secret_id_file);
    body.append("\"role_id\":");
    detail::append_json_string(body, role_id.view());
    if (!secret_id.empty()) {
      body.append(",\"secret_id\":");
      detail::append_json_string(body, secret_id.view());
    }
  } else {
    const SecretBuffer jwt = read_secret_file(auth.jwt_file);
    if (jwt.empty()) throw StoreError(StoreFailure::auth_failed, "the JWT file " + auth.jwt_file + " is empty");
    body.append("\"role\":");
    detail::append_json_string(body, auth.role);
    body.append(",\"jwt\":");
    detail::append_json_string(body, jwt.view());
  }
  body.append("}");

  VaultCall call;
  call.method = "POST";
  call.path = "auth/" + auth.mount + "/login";
  call.body = body.view();
  const std::string method = auth_method_name(auth.method);
  call.what = method + " login";
  HttpResponse response = send_once(call, deadline, attempt, false);
  if (response.status >= 400) {
    const long status = response.status;
    if (status == 400 || status == 401 || status == 403 || status == 404) {
      const auto errors = detail::parse_errors(response.body.view());
      std::string said;
      for (const auto& e : errors) said += (said.empty() ? "" : "; ") + e;
      std::string message = method + " login at auth/" + auth.mount + " failed";
      if (status == 404) message += ": no such auth mount";
      if (!said.empty()) message += " (Vault: " + said + ")";
      if (auth.method != VaultAuthMethod::approle) message += " [role " + auth.role + "]";
      throw StoreError(StoreFailure::auth_failed, message);
    }
    throw_vault_error(response, call.what, call.path);
  }
  detail::VaultAuthData data = detail::parse_auth(response.body.view());
  forget_token();
  token = std::move(data.client_token);
  logged_in = true;
  renewal_exhausted = false;
  increment = data.lease_duration;
  schedule(data.lease_duration, data.renewable);
  logger->debug("vault login", {{"method", method},
                                {"mount", auth.mount},
                                {"ttl_s", std::to_string(data.lease_duration.count())},
                                {"renewable", data.renewable ? "true" : "false"}});
}

void VaultClient::Impl::lookup_self(Deadline deadline, int attempt) {
  VaultCall call;
  call.path = "auth/token/lookup-self";
  call.what = "token lookup";
  HttpResponse response = send_once(call, deadline, attempt, true);
  if (response.status >= 400) {
    if (mentions_invalid_token(response)) {
      throw StoreError(StoreFailure::auth_failed, "Vault token from " + token_origin() + " is invalid or expired");
    }
    const auto failure = classify_status(response.status);
    if (failure && is_transient(*failure)) throw_vault_error(response, call.what, call.path);
    // A policy without lookup-self: go on without knowing the TTL.
    token_checked = true;
    return;
  }
  const detail::TokenLookup info = detail::parse_token_lookup(response.body.view());
  increment = info.creation_ttl.count() > 0 ? info.creation_ttl : info.ttl;
  schedule(info.ttl, info.renewable);
  logger->debug("vault token looked up",
                {{"ttl_s", std::to_string(info.ttl.count())}, {"renewable", info.renewable ? "true" : "false"}});
}

void VaultClient::Impl::renew_self(Deadline deadline, int attempt) {
  const std::string body = "{\"increment\":\"" + std::to_string(increment.count()) + "s\"}";
  VaultCall call;
  call.method = "POST";
  call.path = "auth/token/renew-self";
  call.body = body;
  call.what = "token renewal";
  HttpResponse response = send_once(call, deadline, attempt, true);
  if (response.status >= 400) throw_vault_error(response, call.what, call.path);
  detail::VaultAuthData data = detail::parse_auth(response.body.view());
  // Vault caps a renewal at the token's max TTL; once capped, renewing again cannot extend it.
  renewal_exhausted = data.lease_duration + seconds(2) < increment;
  schedule(data.lease_duration, data.renewable && !renewal_exhausted);
  logger->debug("vault token renewed", {{"ttl_s", std::to_string(data.lease_duration.count())},
                                        {"capped", renewal_exhausted ? "true" : "false"}});
}

void VaultClient::Impl::ensure_token(Deadline deadline, int attempt) {
  if (token.empty()) {
    if (!can_login()) {
      throw StoreError(StoreFailure::auth_failed,
                       "no Vault token: set VAULT_TOKEN, write ~/.vault-token, or configure an auth method");
    }
    login(deadline, attempt);
    return;
  }
  if (!token_checked && !logged_in) lookup_self(deadline, attempt);
  const auto now = clock->now();
  if (expires_at && now >= *expires_at) {
    if (can_login()) {
      login(deadline, attempt);
      return;
    }
    throw StoreError(StoreFailure::auth_failed, "Vault token from " + token_origin() + " has expired");
  }
  if (!refresh_at || now < *refresh_at) return;
  if (renewable) {
    try {
      renew_self(deadline, attempt);
      return;
    } catch (const StoreError& error) {
      // Still valid until it expires: a transient failure only postpones the renewal.
      if (error.transient()) {
        logger->debug("vault token renewal postponed", {{"failure", failure_name(error.failure())}});
        return;
      }
      logger->info("Vault token cannot be renewed", {{"failure", failure_name(error.failure())}});
      renewable = false;
      if (!can_login()) {
        refresh_at.reset();
        return;
      }
    }
  }
  if (can_login()) {
    logger->debug("vault token near its end; logging in again", {{"method", auth_method_name(config.auth.method)}});
    login(deadline, attempt);
    return;
  }
  refresh_at.reset();
}

}  // namespace hush::vault_client
