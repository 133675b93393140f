#pragma once
// The state behind VaultClient, shared by the files that implement it: transport and error
// mapping (vault_transport.cpp), token lifecycle (vault_auth.cpp), the public calls (vault_client.cpp).
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hush/vault_client/http.hpp"
#include "hush/vault_client/vault.hpp"

namespace hush::vault_client {

struct VaultCall {
  std::string method = "GET";
  std::string path;       // API path under /v1/, not encoded
  std::string query;      // without '?', already encoded
  std::string_view body;  // JSON; may hold credentials
  std::string what;       // what the caller asked for, for messages ("secret/app")
  bool authenticated = true;
  bool accept_404 = false;  // return 404 answers instead of throwing
};

struct VaultClient::Impl {
  Impl(VaultConfig cfg, Logger& log, RetryClock& clk, UniformRandom random);

  VaultConfig config;
  Logger* logger;
  RetryClock* clock;
  Retrier retrier;
  HttpClient http;

  // Token lifecycle. Times come from `clock` so tests can move them.
  SecretBuffer token;
  bool logged_in = false;      // obtained by our own login (so re-login is possible)
  bool token_checked = false;  // TTL known (from login, renew or lookup-self)
  bool renewable = false;
  bool renewal_exhausted = false;  // renewals are capped by the max TTL: log in again instead
  std::chrono::seconds ttl{0};
  std::chrono::seconds increment{0};
  std::optional<SteadyClock::time_point> expires_at;
  std::optional<SteadyClock::time_point> refresh_at;

  std::vector<VaultMount> mounts;  // cache, longest path first

  [[nodiscard]] bool can_login() const noexcept { return config.auth.method != VaultAuthMethod::token; }
  [[nodiscard]] std::string token_origin() const;

  // The request for one attempt; the token is borrowed, so it must not change until it is sent.
  // `url` replaces the call's URL (a redirect).
  [[nodiscard]] HttpRequest request_for(const VaultCall& call, int attempt, bool with_token,
                                        const std::string* url = nullptr) const;
  // One HTTP exchange, no retry, no status mapping.
  HttpResponse send_once(const VaultCall& call, Deadline deadline, int attempt, bool with_token,
                         const std::string* url = nullptr);
  // Retried within the deadline; token ensured before each attempt; a rejected login token is
  // replaced once; one redirect followed (a standby pointing at the active node), never from
  // https to http. Returns only 2xx answers (and 404 when accepted); throws StoreError otherwise.
  // `first_attempt`, when given, is the outcome of attempt 1 already sent with others at once
  // (read_many): it is judged exactly as an answer received here would be, retries included.
  HttpResponse call(const VaultCall& call, Deadline deadline, Outcome<HttpResponse>* first_attempt = nullptr);

  void ensure_token(Deadline deadline, int attempt);
  void login(Deadline deadline, int attempt);
  void renew_self(Deadline deadline, int attempt);
  void lookup_self(Deadline deadline, int attempt);
  void forget_token() noexcept;
  void schedule(std::chrono::seconds new_ttl, bool can_renew);
};

// Maps a Vault error answer to a StoreError that says what failed and where.
[[noreturn]] void throw_vault_error(const HttpResponse& response, std::string_view what, std::string_view api_path);
[[nodiscard]] bool mentions_invalid_token(const HttpResponse& response);

}  // namespace hush::vault_client
