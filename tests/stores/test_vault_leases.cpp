// Dynamic secrets: lease id, duration and renewability surfaced; renew and revoke.
#include <string>

#include "catch.hpp"
#include "hush/vault_client/vault.hpp"
#include "test_vault_support.hpp"

using namespace hush_stores;

TEST_CASE("dynamic credentials carry their lease, renew and revoke it", "[vault][lease]") {
  VaultTarget vault;
  if (!vault.peer()) return;  // a real database secrets engine needs a database
  vault.api("POST", "sys/mounts/database", {{"type", "database"}});
  vault.api("POST", "database/roles/app", {{"default_ttl", "60s"}, {"max_ttl", "1h"}});

  VaultClient client(vault.config(vault.root_token()), hush::Logger::null());
  const auto secret = client.read("database/creds/app", generous());
  CHECK(secret.kv_version == 0);
  CHECK(secret.lease_id.rfind("database/creds/app/", 0) == 0);
  CHECK(secret.lease_duration.count() == 60);
  CHECK(secret.renewable);
  REQUIRE(secret.find("username") != nullptr);
  REQUIRE(secret.find("password") != nullptr);
  CHECK(!secret.find("password")->empty());

  const auto renewed = client.renew_lease(secret.lease_id, std::chrono::seconds(600), generous());
  CHECK(renewed.lease_id == secret.lease_id);
  CHECK(renewed.duration.count() == 600);
  CHECK(renewed.renewable);
  CHECK(vault.events("lease_renew") == 1);

  client.revoke_lease(secret.lease_id, generous());
  try {
    (void)client.renew_lease(secret.lease_id, std::chrono::seconds(60), generous());
    FAIL("renewing a revoked lease must fail");
  } catch (const StoreError& e) {
    CHECK(e.failure() == StoreFailure::not_found);
    CHECK(std::string(e.what()).find("lease") != std::string::npos);
  }
}

TEST_CASE("a renewal past the lease's max TTL is capped and says so", "[vault][lease]") {
  VaultTarget vault;
  if (!vault.peer()) return;
  vault.api("POST", "sys/mounts/db", {{"type", "database"}});
  vault.api("POST", "db/roles/short", {{"default_ttl", "30s"}, {"max_ttl", "120s"}});
  VaultClient client(vault.config(vault.root_token()), hush::Logger::null());
  const auto secret = client.read("db/creds/short", generous());
  const auto renewed = client.renew_lease(secret.lease_id, std::chrono::hours(1), generous());
  CHECK(renewed.duration.count() <= 120);
  CHECK(renewed.duration.count() >= 115);
  CHECK(!renewed.warnings.empty());
}
