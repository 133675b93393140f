#include <map>

#include "catch.hpp"
#include "hush/common/error.hpp"
#include "hush/injector/environment.hpp"
#include "hush/vault_client/store_error.hpp"

using namespace hush::injector;
using hush::vault_client::StoreError;
using hush::vault_client::StoreFailure;

namespace {

// A store whose contents the test sets; counts reads so tests can tell what was fetched.
class FakeStore final : public SecretStore {
 public:
  std::map<std::string, std::string> values;  // "path#key" -> value
  std::map<std::string, StoreFailure> failures;
  std::map<std::string, std::vector<std::pair<std::string, std::string>>> listings;
  int reads = 0;

  FetchedValue read(const Reference& ref, Clock::time_point) override {
    ++reads;
    const std::string id = ref.path + "#" + ref.key;
    if (auto f = failures.find(id); f != failures.end()) throw StoreError(f->second, "fake failure for " + id);
    auto it = values.find(id);
    if (it == values.end()) throw StoreError(StoreFailure::not_found, id + " not found");
    return {hush::SecretBuffer(it->second), std::nullopt};
  }
  std::vector<FetchedEntry> read_all(const BulkSource& source, Clock::time_point) override {
    std::vector<FetchedEntry> out;
    for (const auto& [k, v] : listings.at(source.path)) out.push_back({k, hush::SecretBuffer(v)});
    return out;
  }
};

class FakeProvider final : public StoreProvider {
 public:
  FakeStore store_;
  SecretStore& store(Backend) override { return store_; }
};

std::string value_of(const ResolvedEnvironment& env, const std::string& name) {
  const auto* e = env.find(name);
  REQUIRE(e != nullptr);
  return std::string(e->value.view());
}

const auto far_deadline = Clock::now() + std::chrono::hours(1);

}  // namespace

TEST_CASE("environment: references are replaced, plain values kept, auth variables withheld", "[env]") {
  FakeProvider stores;
  stores.store_.values["secret/app#password"] = "hunter2-but-longer";
  EnvironmentSpec spec;
  spec.inherited = {{"PATH", "/usr/bin"}, {"DB_PASSWORD", "vault://secret/app#password"}, {"VAULT_TOKEN", "s.abc"}};
  const auto env = resolve_environment(spec, stores, far_deadline);
  CHECK(value_of(env, "PATH") == "/usr/bin");
  CHECK(value_of(env, "DB_PASSWORD") == "hunter2-but-longer");
  CHECK(env.find("DB_PASSWORD")->secret);
  CHECK_FALSE(env.find("PATH")->secret);
  CHECK(env.find("VAULT_TOKEN") == nullptr);

  spec.pass_auth_env = true;
  CHECK(value_of(resolve_environment(spec, stores, far_deadline), "VAULT_TOKEN") == "s.abc");
}

TEST_CASE("environment: fails closed naming every failed reference, never a value", "[env]") {
  FakeProvider stores;
  stores.store_.values["secret/app#ok"] = "value-that-resolved";
  stores.store_.failures["secret/app#denied"] = StoreFailure::permission_denied;
  EnvironmentSpec spec;
  spec.declared = {{"A", "vault://secret/app#ok"}, {"B", "vault://secret/app#denied"}, {"C", "vault://secret/app#absent"}};
  try {
    (void)resolve_environment(spec, stores, far_deadline);
    FAIL("resolved despite failures");
  } catch (const hush::Error& e) {
    const std::string msg = e.what();
    CHECK(msg.find("2 secret(s)") != std::string::npos);
    CHECK(msg.find("B (vault://secret/app#denied): permission denied") != std::string::npos);
    CHECK(msg.find("C (vault://secret/app#absent): not found") != std::string::npos);
    CHECK(msg.find("value-that-resolved") == std::string::npos);
  }
  SECTION("allow-missing per variable lets the rest through, without the failed variable") {
    spec.allow_missing = {"B", "C"};
    const auto env = resolve_environment(spec, stores, far_deadline);
    CHECK(value_of(env, "A") == "value-that-resolved");
    CHECK(env.find("B") == nullptr);
    CHECK(env.warnings.size() == 2);
  }
}

TEST_CASE("environment: bulk imports, naming, and precedence between sources", "[env]") {
  FakeProvider stores;
  stores.store_.listings["secret/a"] = {{"api-key", "from-a"}, {"shared", "a-shared"}};
  stores.store_.listings["secret/b"] = {{"shared", "b-shared"}};
  EnvironmentSpec spec;
  spec.bulk = {parse_bulk_source("vault:secret/a"), parse_bulk_source("vault:secret/b")};
  try {
    (void)resolve_environment(spec, stores, far_deadline);
    FAIL("an ambiguous variable was accepted");
  } catch (const hush::Error& e) {
    CHECK(std::string(e.what()).find("SHARED: set by both vault:secret/a and vault:secret/b") != std::string::npos);
  }
  spec.precedence = Precedence::last_wins;
  auto env = resolve_environment(spec, stores, far_deadline);
  CHECK(value_of(env, "API_KEY") == "from-a");
  CHECK(value_of(env, "SHARED") == "b-shared");
  spec.precedence = Precedence::first_wins;
  CHECK(value_of(resolve_environment(spec, stores, far_deadline), "SHARED") == "a-shared");
}

TEST_CASE("environment: same_as tells a real change from none", "[env]") {
  FakeProvider stores;
  stores.store_.values["secret/app#k"] = "one";
  EnvironmentSpec spec;
  spec.declared = {{"K", "vault://secret/app#k"}};
  const auto first = resolve_environment(spec, stores, far_deadline);
  CHECK(first.same_as(resolve_environment(spec, stores, far_deadline)));
  stores.store_.values["secret/app#k"] = "two";
  CHECK_FALSE(first.same_as(resolve_environment(spec, stores, far_deadline)));
}
