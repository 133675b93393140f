// Many references at once: VaultClient::read_many sends every read together, and hush's
// resolution of the environment uses it. The Vault peer's "gather" fault holds requests until a
// given number of them wait at once, so a test can tell requests sent together from requests sent
// one after another without timing anything.
#include <cstdlib>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "catch.hpp"
#include "hush/injector/environment.hpp"
#include "hush/injector/store_provider.hpp"
#include "hush/vault_client/vault.hpp"
#include "peer_process.hpp"
#include "test_vault_support.hpp"

using namespace hush_stores;

namespace {

// The failure of an outcome, or of a call, as a StoreError.
StoreError failure_of(Outcome<VaultSecret>& outcome) {
  try {
    (void)outcome.take();
  } catch (const StoreError& e) {
    return e;
  }
  FAIL("expected a StoreError");
  return StoreError(StoreFailure::bad_response, "");
}

std::string field(Outcome<VaultSecret>& outcome, const std::string& key) {
  const VaultSecret secret = outcome.take();
  const auto* value = secret.find(key);
  REQUIRE(value != nullptr);
  return std::string(value->view());
}

}  // namespace

TEST_CASE("read_many sends the reads together and answers each as read() would", "[vault][concurrency]") {
  VaultTarget vault({"--port", "0"});
  for (int i = 0; i < 6; ++i)
    vault.api("POST", "secret/data/app" + std::to_string(i), {{"data", {{"k", "v" + std::to_string(i)}}}});
  VaultClient client(vault.config(vault.root_token()), hush::Logger::null());
  (void)client.mount_of("secret/app0", generous());
  // The six reads of existing secrets are held until all six wait at the peer together.
  vault.fault({{"kind", "gather"}, {"path", "/v1/secret/data/app"}, {"count", 6}});

  std::vector<VaultRead> reads;
  for (int i = 0; i < 6; ++i) reads.push_back({"secret/app" + std::to_string(i), std::nullopt});
  reads.push_back({"secret/missing", std::nullopt});
  reads.push_back({"secret/app0", 7});
  reads.push_back({"", std::nullopt});
  auto outcomes = client.read_many(reads, generous());
  REQUIRE(outcomes.size() == reads.size());
  for (int i = 0; i < 6; ++i) CHECK(field(outcomes[static_cast<std::size_t>(i)], "k") == "v" + std::to_string(i));
  CHECK(vault.events("gathered") == 6);
  CHECK(vault.events("gather_timeout") == 0);

  // Failures are those read() reports for the same paths.
  for (std::size_t i = 6; i < reads.size(); ++i) {
    const StoreError batched = failure_of(outcomes[i]);
    StoreError alone(StoreFailure::bad_response, "");
    try {
      (void)client.read(reads[i].path, generous(), reads[i].version);
    } catch (const StoreError& e) {
      alone = e;
    }
    CHECK(batched.failure() == alone.failure());
    CHECK(std::string(batched.what()) == alone.what());
  }
}

TEST_CASE("read_many retries a transient failure of one read alone, within the same policy",
          "[vault][concurrency][faults]") {
  VaultTarget vault({"--port", "0"});
  for (int i = 0; i < 4; ++i)
    vault.api("POST", "secret/data/app" + std::to_string(i), {{"data", {{"k", "v" + std::to_string(i)}}}});
  VaultClient client(vault.config(vault.root_token()), hush::Logger::null());
  vault.fault({{"kind", "status"}, {"status", 503}, {"path", "/v1/secret/data/app2"}, {"count", 1}});
  vault.fault({{"kind", "redirect"}, {"path", "/v1/secret/data/app3"}, {"count", 1}});
  std::vector<VaultRead> reads;
  for (int i = 0; i < 4; ++i) reads.push_back({"secret/app" + std::to_string(i), std::nullopt});
  auto outcomes = client.read_many(reads, generous());
  for (int i = 0; i < 4; ++i) CHECK(field(outcomes[static_cast<std::size_t>(i)], "k") == "v" + std::to_string(i));
  CHECK(vault.requests("GET /v1/secret/data/app0") == 1);
  CHECK(vault.requests("GET /v1/secret/data/app2") == 2);  // the 503, then the retry
  CHECK(vault.requests("GET /v1/secret/data/app3") == 2);  // the redirect, then where it pointed
}

namespace {

hush::injector::StoreSettings settings_for(VaultTarget& vault, const std::string& parallel) {
  hush::injector::StoreSettings settings;
  settings.environment = {{"VAULT_ADDR", vault.address()}, {"VAULT_TOKEN", vault.root_token()}};
  if (!parallel.empty()) settings.environment["HUSH_PARALLEL_REQUESTS"] = parallel;
  return settings;
}

hush::injector::EnvironmentSpec references(int count) {
  hush::injector::EnvironmentSpec spec;
  for (int i = 0; i < count; ++i)
    spec.declared.emplace_back("S" + std::to_string(i), "vault://secret/app" + std::to_string(i) + "#k");
  return spec;
}

}  // namespace

TEST_CASE("hush's resolution reads its Vault references at once, HUSH_PARALLEL_REQUESTS=1 one by one",
          "[vault][concurrency]") {
  VaultTarget vault({"--port", "0"});
  for (int i = 0; i < 8; ++i)
    vault.api("POST", "secret/data/app" + std::to_string(i), {{"data", {{"k", "v" + std::to_string(i)}}}});
  const auto spec = references(8);
  {
    vault.fault({{"kind", "gather"}, {"path", "/v1/secret/data/app"}, {"count", 8}});
    auto stores = hush::injector::make_store_provider(settings_for(vault, ""), hush::Logger::null());
    const auto env =
        hush::injector::resolve_environment(spec, *stores, hush::injector::Clock::now() + std::chrono::seconds(30));
    for (int i = 0; i < 8; ++i) {
      const auto* entry = env.find("S" + std::to_string(i));
      REQUIRE(entry != nullptr);
      CHECK(entry->value.view() == "v" + std::to_string(i));
    }
    CHECK(vault.events("gathered") == 8);
    CHECK(vault.events("gather_timeout") == 0);
    CHECK(vault.requests("GET /v1/secret/data/app0") == 1);
  }
  {
    // One at a time: the first of two held reads waits alone until the peer gives up on the second.
    vault.fault({{"kind", "gather"}, {"path", "/v1/secret/data/app"}, {"count", 2}, {"timeout_ms", 300}});
    auto stores = hush::injector::make_store_provider(settings_for(vault, "1"), hush::Logger::null());
    (void)hush::injector::resolve_environment(references(2), *stores,
                                              hush::injector::Clock::now() + std::chrono::seconds(30));
    CHECK(vault.events("gather_timeout") == 1);
  }
  CHECK_THROWS_AS(hush::injector::make_store_provider(settings_for(vault, "0"), hush::Logger::null())
                      ->store(hush::injector::Backend::vault),
                  hush::Error);
}

TEST_CASE("Vault unreachable: every reference names the cause, not only the first", "[vault][concurrency][faults]") {
  std::string dead;
  {
    VaultTarget gone({"--port", "0"});
    dead = gone.address();
  }
  hush::injector::StoreSettings settings;
  settings.environment = {{"VAULT_ADDR", dead}, {"VAULT_TOKEN", "hvs.unused"}};
  auto stores = hush::injector::make_store_provider(settings, hush::Logger::null());
  std::string message;
  try {
    (void)hush::injector::resolve_environment(references(4), *stores,
                                              hush::injector::Clock::now() + std::chrono::milliseconds(1500));
  } catch (const hush::Error& e) {
    message = e.what();
  }
  INFO(message);
  for (int i = 0; i < 4; ++i) {
    const std::string line =
        "S" + std::to_string(i) + " (vault://secret/app" + std::to_string(i) + "#k): store unreachable";
    CHECK(message.find(line) != std::string::npos);
  }
}

TEST_CASE("HTTP/2 where the server offers it: the reads multiplexed on one connection", "[vault][concurrency][http2]") {
  if (std::system("command -v nghttpx >/dev/null 2>&1 || test -x /usr/sbin/nghttpx") != 0) {
    WARN("skipped: nghttpx, an HTTP/2 front for the Vault peer, is not installed (apt-get install nghttp2-proxy)");
    SUCCEED("skipped");
    return;
  }
  TempDir dir;
  const TestPki pki(dir);
  VaultTarget backend({"--port", "0"});
  for (int i = 0; i < 8; ++i)
    backend.api("POST", "secret/data/app" + std::to_string(i), {{"data", {{"k", "v" + std::to_string(i)}}}});
  PeerProcess front({"python3", std::string(HUSH_PEERS_DIR) + "/h2_front_peer.py", "--backend",
                     std::to_string(backend.port()), "--tls-cert", pki.server_cert, "--tls-key", pki.server_key,
                     "--log", dir.file("access.log")});
  backend.fault({{"kind", "gather"}, {"path", "/v1/secret/data/app"}, {"count", 8}});

  auto config = backend.config(backend.root_token());
  config.address = front.base_url("https");
  config.http.tls.ca_file = pki.ca_cert;
  VaultClient client(std::move(config), hush::Logger::null());
  std::vector<VaultRead> reads;
  for (int i = 0; i < 8; ++i) reads.push_back({"secret/app" + std::to_string(i), std::nullopt});
  auto outcomes = client.read_many(reads, generous());
  for (int i = 0; i < 8; ++i) CHECK(field(outcomes[static_cast<std::size_t>(i)], "k") == "v" + std::to_string(i));
  CHECK(backend.events("gathered") == 8);

  // Every request (token lookup, mount lookup, the eight reads) came over h2 on one connection.
  std::map<std::string, int> connections;
  std::istringstream log(dir.read("access.log"));
  int requests = 0;
  for (std::string port, alpn, line; log >> port >> alpn && std::getline(log, line); ++requests) {
    CHECK(alpn == "h2");
    ++connections[port];
  }
  CHECK(requests == 10);
  CHECK(connections.size() == 1);
}

TEST_CASE("read_many stays on the kept connection while answers come sooner than parallel_after",
          "[vault][concurrency]") {
  VaultTarget vault({"--port", "0"});
  for (int i = 0; i < 6; ++i)
    vault.api("POST", "secret/data/app" + std::to_string(i), {{"data", {{"k", "v" + std::to_string(i)}}}});
  auto config = vault.config(vault.root_token());
  config.http.parallel_after = std::chrono::milliseconds(500);
  VaultClient client(std::move(config), hush::Logger::null());
  (void)client.mount_of("secret/app0", generous());
  std::vector<VaultRead> reads;
  for (int i = 0; i < 6; ++i) reads.push_back({"secret/app" + std::to_string(i), std::nullopt});

  const long before = vault.events("connections");
  for (auto& outcome : client.read_many(reads, generous())) (void)outcome.take();
  CHECK(vault.events("connections") - before == 1);  // the statistics query's own

  // The first read keeps the peer busy past parallel_after: the others go on new connections.
  vault.fault({{"kind", "latency"}, {"ms", 800}, {"path", "/v1/secret/data/app0"}, {"count", 1}});
  const long slow_before = vault.events("connections");
  for (auto& outcome : client.read_many(reads, generous())) (void)outcome.take();
  CHECK(vault.events("connections") - slow_before > 2);
}
