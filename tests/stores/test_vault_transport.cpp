// How the Vault client reaches Vault beyond plain TCP: a Vault Agent's Unix socket, and mutual TLS
// with an encrypted client key whose passphrase comes from a file or a variable.
#include <chrono>
#include <functional>
#include <string>

#include "catch.hpp"
#include "hush/vault_client/vault.hpp"
#include "test_vault_support.hpp"

using namespace hush_stores;

namespace {

// An address nothing listens on: a request sent through it fails.
std::string dead_address() {
  VaultTarget gone({"--port", "0"});
  return gone.address();
}

}  // namespace

TEST_CASE("a Vault Agent on a Unix socket: VAULT_ADDR=unix:///path, never through a proxy", "[vault][unix]") {
  TempDir dir;
  const std::string socket = dir.file("agent.sock");
  VaultTarget agent({"--unix", socket}, "unix");
  agent.api("POST", "secret/data/app", {{"data", {{"k", "via-the-socket"}}}});

  const std::string dead = dead_address();
  const ScopedEnv http_proxy("http_proxy", dead);
  const ScopedEnv all_proxy("all_proxy", dead);
  const Environment env{{"VAULT_ADDR", "unix://" + socket}, {"VAULT_TOKEN", agent.root_token()}};
  VaultClient client(resolve_vault_config({}, env), hush::Logger::null());
  CHECK(client.read_key("secret/app", "k", generous()).view() == "via-the-socket");
  CHECK(client.read_key("secret/app", "k", generous()).view() == "via-the-socket");
  CHECK(agent.requests("GET /v1/secret/data/app") == 2);
}

TEST_CASE("an encrypted client key: the passphrase from a file or a variable, never from a prompt", "[vault][tls]") {
  TempDir dir;
  const TestPki pki(dir);
  VaultTarget vault({"--tls-cert", pki.server_cert, "--tls-key", pki.server_key, "--client-ca", pki.ca_cert}, "https",
                    pki.mutual_tls());
  vault.api("POST", "secret/data/app", {{"data", {{"k", "mutual-tls"}}}});

  const Environment base{{"VAULT_ADDR", vault.address()},
                         {"VAULT_TOKEN", vault.root_token()},
                         {"VAULT_CACERT", pki.ca_cert},
                         {"VAULT_CLIENT_CERT", pki.client_cert},
                         {"VAULT_CLIENT_KEY", pki.client_key_encrypted}};
  {
    Environment env = base;
    env["HUSH_VAULT_CLIENT_KEY_PASSPHRASE_FILE"] = pki.client_key_passphrase_file;
    VaultClient client(resolve_vault_config({}, env), hush::Logger::null());
    CHECK(client.read_key("secret/app", "k", generous()).view() == "mutual-tls");
  }
  {
    Environment env = base;
    env["HUSH_VAULT_CLIENT_KEY_PASSPHRASE"] = "correct horse battery";
    VaultClient client(resolve_vault_config({}, env), hush::Logger::null());
    CHECK(client.read_key("secret/app", "k", generous()).view() == "mutual-tls");
  }
  // Wrong or missing: the key cannot be used, which no retry changes; nothing waits on a terminal
  // (the deadline is generous, so a prompt or retries would show as a long wait).
  for (const std::string passphrase : {"wrong horse", ""}) {
    INFO("passphrase '" << passphrase << "'");
    Environment env = base;
    if (!passphrase.empty()) env["HUSH_VAULT_CLIENT_KEY_PASSPHRASE"] = passphrase;
    VaultClient client(resolve_vault_config({}, env), hush::Logger::null());
    const auto started = std::chrono::steady_clock::now();
    const auto e = error_of([&] { (void)client.read("secret/app", generous()); });
    CHECK(e.failure() == StoreFailure::auth_failed);
    CHECK(std::string(e.what()).find("passphrase") != std::string::npos);
    CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(5));
  }
}
