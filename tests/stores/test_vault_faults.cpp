// How the Vault client behaves when Vault misbehaves: transient answers are retried within the
// deadline, permanent ones fail at once, a slow server cannot hold the caller past the deadline.
#include <chrono>
#include <functional>
#include <string>
#include <utility>

#include "catch.hpp"
#include "hush/vault_client/vault.hpp"
#include "test_vault_support.hpp"

using namespace hush_stores;
using std::chrono::milliseconds;

namespace {

const char* const app_path = "GET /v1/secret/data/app";

// A peer with secret/app, and a client whose backoff sleeps are recorded, not slept.
struct Fixture {
  VaultTarget vault;
  FakeClock clock;
  VaultClient client;
  Fixture() : client(make_client()) {
    vault.api("POST", "secret/data/app", {{"data", {{"password", "s3cret-value"}}}});
    (void)client.mount_of("secret/app", generous());  // keep the mount lookup out of the counts
  }
  VaultClient make_client() {
    return VaultClient(vault.config(vault.root_token()), hush::Logger::null(), clock, [] { return 0.5; });
  }
  std::string read() { return std::string(client.read_key("secret/app", "password", generous()).view()); }
  // A fault on reads of secret/app.
  void app_fault(nlohmann::json fault) {
    fault["path"] = "/v1/secret/data/app";
    vault.fault(fault);
  }
};

// A read of secret/app with a deadline `budget` away that fails: its error and how long it took.
std::pair<StoreError, milliseconds> failed_read(VaultClient& client, milliseconds budget) {
  const auto started = std::chrono::steady_clock::now();
  const auto e = error_of([&] { (void)client.read("secret/app", Deadline::in(budget)); });
  return {e, std::chrono::duration_cast<milliseconds>(std::chrono::steady_clock::now() - started)};
}

}  // namespace

TEST_CASE("transient 503 then success is retried and succeeds", "[vault][faults]") {
  Fixture f;
  if (!f.vault.peer()) return;
  f.app_fault({{"kind", "status"}, {"status", 503}, {"count", 2}, {"errors", {"Vault is sealed"}}});
  CHECK(f.read() == "s3cret-value");
  CHECK(f.vault.requests(app_path) == 3);
  CHECK(f.clock.sleeps.size() == 2);
}

TEST_CASE("sealed, standby and server errors are retried", "[vault][faults]") {
  Fixture f;
  if (!f.vault.peer()) return;
  f.app_fault({{"kind", "sealed"}});
  f.app_fault({{"kind", "status"}, {"status", 473}, {"errors", {"performance standby"}}});
  f.app_fault({{"kind", "status"}, {"status", 500}});
  f.app_fault({{"kind", "status"}, {"status", 502}, {"errors", {"upstream"}}});
  f.app_fault({{"kind", "status"}, {"status", 412}, {"errors", {"index not yet"}}});
  CHECK(f.read() == "s3cret-value");
  CHECK(f.vault.requests(app_path) == 6);
}

TEST_CASE("a Vault that stays sealed fails within the deadline, saying it is sealed", "[vault][faults]") {
  VaultTarget vault;
  if (!vault.peer()) return;
  VaultClient client = app_client(vault);
  vault.admin("POST", "state", {{"sealed", true}});
  const auto e = error_of([&] { (void)client.read("secret/app", Deadline::in(milliseconds(1500))); });
  CHECK(e.failure() == StoreFailure::unavailable);
  CHECK(std::string(e.what()).find("sealed") != std::string::npos);
  CHECK(vault.requests(app_path) >= 2);
}

TEST_CASE("403 fails at once with a message naming the path", "[vault][faults]") {
  Fixture f;
  if (!f.vault.peer()) return;
  f.app_fault({{"kind", "status"}, {"status", 403}, {"errors", {"1 error occurred:\n\t* permission denied\n\n"}}});
  const auto e = error_of([&] { (void)f.read(); });
  CHECK(e.failure() == StoreFailure::permission_denied);
  CHECK(std::string(e.what()).find("secret/app") != std::string::npos);
  CHECK(std::string(e.what()).find("permission denied") != std::string::npos);
  CHECK(f.vault.requests(app_path) == 1);
  CHECK(f.clock.sleeps.empty());
}

TEST_CASE("400 and 404 are never retried", "[vault][faults]") {
  Fixture f;
  if (!f.vault.peer()) return;
  f.app_fault({{"kind", "status"}, {"status", 400}, {"errors", {"invalid request"}}});
  CHECK(error_of([&] { (void)f.read(); }).failure() == StoreFailure::invalid_request);
  f.app_fault({{"kind", "status"}, {"status", 404}, {"errors", nlohmann::json::array()}});
  CHECK(error_of([&] { (void)f.read(); }).failure() == StoreFailure::not_found);
  CHECK(f.vault.requests(app_path) == 2);
  CHECK(f.clock.sleeps.empty());
}

TEST_CASE("429 backs off for exactly the Retry-After the server asked for", "[vault][faults]") {
  Fixture f;
  if (!f.vault.peer()) return;
  f.app_fault({{"kind", "status"},
               {"status", 429},
               {"retry_after", "2"},
               {"errors", {"request path \"secret/data/app\": rate limit quota exceeded"}}});
  CHECK(f.read() == "s3cret-value");
  REQUIRE(f.clock.sleeps.size() == 1);
  CHECK(f.clock.sleeps[0] == milliseconds(2000));
}

TEST_CASE("429 without Retry-After backs off with jitter", "[vault][faults]") {
  Fixture f;
  if (!f.vault.peer()) return;
  f.app_fault({{"kind", "status"}, {"status", 429}, {"count", 3}});
  CHECK(f.read() == "s3cret-value");
  REQUIRE(f.clock.sleeps.size() == 3);
  // base 20 ms doubling, at the middle of each full-jitter range
  CHECK(f.clock.sleeps[0] == milliseconds(10));
  CHECK(f.clock.sleeps[1] == milliseconds(20));
  CHECK(f.clock.sleeps[2] == milliseconds(40));
}

TEST_CASE("a reset connection is retried", "[vault][faults]") {
  Fixture f;
  if (!f.vault.peer()) return;
  f.app_fault({{"kind", "reset"}, {"count", 2}});
  CHECK(f.read() == "s3cret-value");
  CHECK(f.vault.requests(app_path) == 3);
}

TEST_CASE("a truncated body is a bad response", "[vault][faults]") {
  Fixture f;
  if (!f.vault.peer()) return;
  f.app_fault({{"kind", "truncate"}});
  const auto e = error_of([&] { (void)f.read(); });
  CHECK(e.failure() == StoreFailure::bad_response);
  CHECK(std::string(e.what()).find("truncated") != std::string::npos);
  CHECK(std::string(e.what()).find("s3cret") == std::string::npos);
}

TEST_CASE("a server slower than the deadline fails within the deadline plus one second", "[vault][faults][deadline]") {
  VaultTarget vault;
  if (!vault.peer()) return;
  VaultClient client = app_client(vault);
  vault.fault({{"kind", "latency"}, {"ms", 10000}, {"path", "/v1/secret/data/app"}, {"count", 100}});
  const milliseconds budget(1000);
  const auto [e, elapsed] = failed_read(client, budget);
  CHECK(e.failure() == StoreFailure::timeout);
  // An upper bound on hush's behaviour, not a performance target.
  CHECK(elapsed < budget + milliseconds(1000));
}

TEST_CASE("a persistently failing server is given up on before the deadline", "[vault][faults][deadline]") {
  VaultTarget vault;
  if (!vault.peer()) return;
  auto config = vault.config(vault.root_token());
  config.retry.max_attempts = 1000;
  VaultClient client = app_client(vault, std::move(config));
  vault.fault({{"kind", "status"}, {"status", 500}, {"path", "/v1/secret/data/app"}, {"count", 100000}});
  const milliseconds budget(800);
  const auto [e, elapsed] = failed_read(client, budget);
  CHECK(e.failure() == StoreFailure::unavailable);
  CHECK(std::string(e.what()).find("gave up") != std::string::npos);
  CHECK(elapsed < budget + milliseconds(1000));
}

TEST_CASE("sys/health reports standby and sealed as answers", "[vault][faults]") {
  VaultTarget vault;
  if (!vault.peer()) return;
  VaultClient client(vault.config(""), hush::Logger::null());
  auto health = client.health(generous());
  CHECK(health.status == 200);
  CHECK(health.initialized);
  CHECK_FALSE(health.sealed);
  vault.admin("POST", "state", {{"standby", true}});
  health = client.health(generous());
  CHECK(health.status == 429);
  CHECK(health.standby);
  vault.admin("POST", "state", {{"standby", false}, {"sealed", true}});
  health = client.health(generous());
  CHECK(health.status == 503);
  CHECK(health.sealed);
}
