#pragma once
// Shared pieces of the Vault and HTTP store tests: a Vault to talk to (the protocol peer in
// tests/peers, or a real Vault named by HUSH_TEST_VAULT_ADDR + HUSH_TEST_VAULT_TOKEN), a test PKI
// made with openssl in a temporary directory, and a clock that records sleeps instead of sleeping.
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "../support/scoped_env.hpp"
#include "../support/store_errors.hpp"
#include "../support/temp_dir.hpp"
#include "hush/vault_client/retry.hpp"
#include "hush/vault_client/vault.hpp"
#include "peer_process.hpp"

namespace hush_stores {

using TempDir = hush_test::TempDir;
using ScopedEnv = hush_test::ScopedEnv;
using hush_test::error_of;
using hush_test::failure_of;

// The client names every Vault and HTTP test speaks of; a test file says `using namespace hush_stores;`.
using hush::vault_client::Deadline;
using hush::vault_client::Environment;
using hush::vault_client::HttpClient;
using hush::vault_client::HttpOptions;
using hush::vault_client::HttpRequest;
using hush::vault_client::Outcome;
using hush::vault_client::resolve_vault_config;
using hush::vault_client::StoreError;
using hush::vault_client::StoreFailure;
using hush::vault_client::TlsOptions;
using hush::vault_client::VaultAuthMethod;
using hush::vault_client::VaultClient;
using hush::vault_client::VaultRead;
using hush::vault_client::VaultSecret;
using hush::vault_client::VaultSettings;

// A CA, server and client certificates signed by it, and an unrelated CA.
struct TestPki {
  explicit TestPki(const TempDir& dir);
  std::string ca_cert;
  std::string server_cert;  // SAN IP:127.0.0.1, DNS:localhost
  std::string server_key;
  std::string named_cert;  // SAN DNS:vault.test only
  std::string named_key;
  std::string client_cert;
  std::string client_key;
  std::string client_key_encrypted;        // client_key under the passphrase below
  std::string client_key_passphrase_file;  // "correct horse battery" and a newline
  std::string other_ca_cert;

  // Trusts the CA and presents the client certificate: how a test's own calls reach a peer that
  // asks for client certificates.
  [[nodiscard]] hush::vault_client::TlsOptions mutual_tls() const {
    hush::vault_client::TlsOptions tls;
    tls.ca_file = ca_cert;
    tls.client_cert = client_cert;
    tls.client_key = client_key;
    return tls;
  }
};

// The forward proxy of tests/peers/proxy_peer.py: mode "http", "https" (extra arguments --tls-cert
// and --tls-key) or "socks" (SOCKS4 and SOCKS5), with --user USER:PASSWORD and --map NAME=ADDRESS.
class ProxyTarget {
 public:
  explicit ProxyTarget(const std::string& mode, const std::vector<std::string>& extra = {});
  // scheme://[credentials@]127.0.0.1:PORT, for http_proxy and friends.
  [[nodiscard]] std::string url(const std::string& scheme, const std::string& credentials = "") const;
  // The tunnels opened so far, one "TUNNEL <kind> <host>:<port>" line each.
  [[nodiscard]] std::vector<std::string> tunnels() const;

 private:
  TempDir dir_;
  std::unique_ptr<PeerProcess> process_;
};

class VaultTarget {
 public:
  // A fresh peer started with extra command-line arguments. Without arguments, a real Vault is
  // used instead when HUSH_TEST_VAULT_ADDR and HUSH_TEST_VAULT_TOKEN are set; then `peer()` is
  // false and tests that need peer-only features (faults, Kubernetes/JWT, leases) return early.
  // Pass any argument (e.g. {"--port", "0"}) to insist on the peer. With scheme "unix" the peer
  // listens on the Unix socket named by its "--unix PATH" argument, and address() is unix://PATH.
  explicit VaultTarget(const std::vector<std::string>& peer_args = {}, const std::string& scheme = "http",
                       hush::vault_client::TlsOptions tls = {});
  [[nodiscard]] bool peer() const noexcept { return process_ != nullptr; }
  [[nodiscard]] const std::string& address() const noexcept { return address_; }
  [[nodiscard]] const std::string& root_token() const noexcept { return root_token_; }
  [[nodiscard]] int port() const noexcept { return process_ ? process_->port() : 0; }

  // A Vault API call with the root token; throws std::runtime_error on an error status.
  nlohmann::json api(const std::string& method, const std::string& path, const nlohmann::json& body = nullptr,
                     const std::string& ns = "");
  // The peer's admin endpoints (/_peer/...).
  nlohmann::json admin(const std::string& method, const std::string& what, const nlohmann::json& body = nullptr);
  void fault(const nlohmann::json& fault) { admin("POST", "faults", {{"faults", nlohmann::json::array({fault})}}); }
  [[nodiscard]] long requests(const std::string& method_and_path);
  [[nodiscard]] long events(const std::string& name);

  // A name no other test uses (mounts, roles, policies on a shared real Vault).
  [[nodiscard]] static std::string unique(const std::string& stem);

  // A client configuration pointing here with `token` (empty: none).
  [[nodiscard]] hush::vault_client::VaultConfig config(const std::string& token) const;

 private:
  [[nodiscard]] std::string base() const;  // the URL requests are made to

  std::unique_ptr<PeerProcess> process_;
  std::string address_;
  std::string unix_socket_;
  std::string root_token_;
  hush::vault_client::TlsOptions tls_;
};

// A RetryClock that advances instead of sleeping; starts at the real time.
class FakeClock final : public hush::vault_client::RetryClock {
 public:
  hush::vault_client::SteadyClock::time_point now() override { return current; }
  void sleep_for(std::chrono::milliseconds delay) override {
    sleeps.push_back(delay);
    current += delay;
  }
  void advance(std::chrono::milliseconds by) { current += by; }
  hush::vault_client::SteadyClock::time_point current = hush::vault_client::SteadyClock::now();
  std::vector<std::chrono::milliseconds> sleeps;
};

// An unsigned JWT with these claims (the peer checks claims; it accepts JWTs registered with it).
[[nodiscard]] std::string make_jwt(const nlohmann::json& claims);

// Writes secret/app (k = "v") and returns a client of `vault` with `config` (by default the root
// token's), the mount of secret/app already looked up: request counts and faults concern reads alone.
[[nodiscard]] VaultClient app_client(VaultTarget& vault);
[[nodiscard]] VaultClient app_client(VaultTarget& vault, hush::vault_client::VaultConfig config);

// Generous deadline for calls that are expected to succeed.
[[nodiscard]] hush::vault_client::Deadline generous();

}  // namespace hush_stores
