// The whole Vault client at debug level: login, reads, lists, leases, renewal, retries. Not one
// secret value, token or credential may appear in the log.
#include <cstdio>
#include <string>
#include <vector>

#include "catch.hpp"
#include "hush/common/log.hpp"
#include "hush/vault_client/vault.hpp"
#include "test_vault_support.hpp"

using namespace hush_stores;

TEST_CASE("no secret value or token reaches the debug log", "[vault][log]") {
  VaultTarget vault;
  if (!vault.peer()) return;  // needs the peer's token list and faults
  const std::string kv_value = "kv-value-4b1d7e";
  const std::string v1_value = "kv1-value-c09a2f";
  vault.api("POST", "secret/data/app",
            {{"data", {{"password", kv_value}, {"nested", {{"inner", "nested-value-77e1"}}}}}});
  vault.api("POST", "sys/mounts/legacy", {{"type", "kv"}});
  vault.api("PUT", "legacy/app", {{"password", v1_value}});
  vault.api("POST", "sys/mounts/database", {{"type", "database"}});
  vault.api("POST", "database/roles/app", {{"default_ttl", "60s"}});
  vault.api("PUT", "sys/policies/acl/app", {{"policy", R"(path "secret/*" { capabilities = ["read", "list"] }
path "legacy/*" { capabilities = ["read", "list"] }
path "database/creds/*" { capabilities = ["read"] }
path "sys/leases/*" { capabilities = ["update"] })"}});
  vault.api("POST", "sys/auth/approle", {{"type", "approle"}});
  vault.api("POST", "auth/approle/role/app", {{"token_policies", {"app"}}, {"token_ttl", "30s"}});
  const std::string role_id = vault.api("GET", "auth/approle/role/app/role-id")["data"]["role_id"];
  const std::string secret_id = vault.api("POST", "auth/approle/role/app/secret-id")["data"]["secret_id"];

  TempDir dir;
  std::FILE* file = std::fopen(dir.file("debug.log").c_str(), "w");
  REQUIRE(file != nullptr);
  std::vector<std::string> seen;
  {
    hush::Logger logger(file, hush::LogFormat::json, hush::LogLevel::debug);
    auto config = vault.config("");
    config.auth.method = VaultAuthMethod::approle;
    config.auth.mount = "approle";
    config.auth.role_id = hush::SecretBuffer(role_id);
    config.auth.secret_id = hush::SecretBuffer(secret_id);
    FakeClock clock;
    VaultClient client(std::move(config), logger, clock, [] { return 0.5; });

    vault.fault(
        {{"kind", "status"}, {"status", 503}, {"path", "/v1/secret/data/app"}, {"errors", {"Vault is sealed"}}});
    seen.emplace_back(client.read_key("secret/app", "password", generous()).view());
    seen.emplace_back(client.read_key("secret/app", "nested", generous()).view());
    seen.emplace_back(client.read_key("legacy/app", "password", generous()).view());
    (void)client.list("secret/", generous());
    const auto creds = client.read("database/creds/app", generous());
    seen.emplace_back(creds.find("password")->view());
    seen.emplace_back(creds.find("username")->view());
    seen.push_back(creds.lease_id);
    (void)client.renew_lease(creds.lease_id, std::chrono::seconds(120), generous());
    clock.advance(std::chrono::seconds(21));  // renew-self
    (void)client.read("secret/app", generous());
    vault.admin("POST", "expire", nlohmann::json::object());  // re-login
    (void)client.read("legacy/app", generous());
    try {
      (void)client.read("secret/missing", generous());
    } catch (const hush::vault_client::StoreError&) {}
    client.revoke_lease(creds.lease_id, generous());
    for (const auto& token : vault.admin("GET", "tokens")["tokens"]) seen.push_back(token.get<std::string>());
    client.logout(generous());
  }
  std::fclose(file);

  const std::string log = dir.read("debug.log");
  // The log is real and detailed, so its silence about secrets means something.
  CHECK(log.find("\"http request\"") != std::string::npos);
  CHECK(log.find("vault login") != std::string::npos);
  CHECK(log.find("vault token renewed") != std::string::npos);
  CHECK(log.find("retrying") != std::string::npos);
  CHECK(vault.events("login_approle") == 2);

  std::vector<std::string> secrets = {vault.root_token(), role_id, secret_id, kv_value, v1_value, "nested-value-77e1"};
  secrets.insert(secrets.end(), seen.begin(), seen.end());
  for (const auto& secret : secrets) {
    INFO("a secret of " << secret.size() << " bytes appears in the log");
    REQUIRE(secret.size() >= 8);
    CHECK(log.find(secret) == std::string::npos);
  }
}
