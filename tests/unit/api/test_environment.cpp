#include <algorithm>
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
  spec.declared = {
      {"A", "vault://secret/app#ok"}, {"B", "vault://secret/app#denied"}, {"C", "vault://secret/app#absent"}};
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

TEST_CASE("environment: declared names and references are checked before any store is asked", "[env]") {
  FakeProvider stores;
  stores.store_.values["secret/app#ok"] = "value-that-resolved";
  EnvironmentSpec spec;
  spec.declared = {{"A;touch /tmp/x;B", "v"}, {"GOOD", "vault://secret/app#ok"}, {"MALFORMED", "vault://secret"}};
  try {
    (void)resolve_environment(spec, stores, far_deadline);
    FAIL("resolved despite mistakes");
  } catch (const hush::Error& e) {
    const std::string msg = e.what();
    CHECK(e.kind() == hush::ErrorKind::usage);
    CHECK(msg.find("'A;touch /tmp/x;B' is not a valid variable name") != std::string::npos);
    CHECK(msg.find("MALFORMED: malformed secret reference 'vault://secret'") != std::string::npos);
  }
  CHECK(stores.store_.reads == 0);
  // A malformed reference is a usage error even for a variable allowed to be missing.
  spec.declared = {{"MALFORMED", "vault://secret"}};
  spec.allow_missing = {"MALFORMED"};
  CHECK_THROWS_AS(resolve_environment(spec, stores, far_deadline), hush::Error);
}

TEST_CASE("environment: bulk imports never set loader variables, nor replace inherited ones unasked", "[env]") {
  FakeProvider stores;
  stores.store_.listings["secret/app"] = {{"path", "/tmp/evil"}, {"api_key", "k-1"}};
  stores.store_.listings["secret/loader"] = {
      {"ld_preload", "/tmp/evil.so"}, {"glibc.tunables", "x"}, {"bash_env", "/tmp/rc"}};
  stores.store_.listings["secret/empty"] = {{"", "v"}};
  EnvironmentSpec spec;
  spec.inherited = {{"PATH", "/usr/bin"}};
  spec.bulk = {parse_bulk_source("vault:secret/app")};
  auto message_of = [&] {
    try {
      (void)resolve_environment(spec, stores, far_deadline);
    } catch (const hush::Error& e) {
      CHECK(e.kind() == hush::ErrorKind::runtime);
      return std::string(e.what());
    }
    return std::string("resolved");
  };
  CHECK(message_of().find("key 'path' would replace the inherited variable PATH (pass --overwrite-env") !=
        std::string::npos);
  spec.overwrite_env = true;
  const auto env = resolve_environment(spec, stores, far_deadline);
  CHECK(value_of(env, "PATH") == "/tmp/evil");
  CHECK(value_of(env, "API_KEY") == "k-1");
  // Loader variables: refused even with overwrite_env, and whether inherited or not.
  spec.bulk = {parse_bulk_source("vault:secret/loader")};
  const std::string refused = message_of();
  CHECK(refused.find("key 'ld_preload' would set LD_PRELOAD") != std::string::npos);
  CHECK(refused.find("key 'glibc.tunables' would set GLIBC_TUNABLES") != std::string::npos);
  CHECK(refused.find("key 'bash_env' would set BASH_ENV") != std::string::npos);
  CHECK(refused.find("/tmp/evil") == std::string::npos);
  spec.bulk = {parse_bulk_source("vault:secret/empty")};
  CHECK(message_of().find("key '' gives no valid variable name") != std::string::npos);
  // An explicit declaration is the user's own choice of name.
  spec.bulk.clear();
  spec.declared = {{"LD_LIBRARY_PATH", "/opt/app/lib"}};
  CHECK(value_of(resolve_environment(spec, stores, far_deadline), "LD_LIBRARY_PATH") == "/opt/app/lib");
  CHECK(is_loader_variable("LD_AUDIT"));
  CHECK(is_loader_variable("GCONV_PATH"));
  CHECK_FALSE(is_loader_variable("PATH"));
  CHECK_FALSE(is_loader_variable("TMPDIR"));
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

namespace {

// A store of multi-key secrets with leases, like Vault: every read mints a new lease, as a
// dynamic-secret path does.
class WholeSecretStore final : public SecretStore {
 public:
  int reads = 0;
  FetchedValue read(const Reference&, Clock::time_point) override {
    FAIL("references to whole secrets go through read_whole");
    return {};
  }
  std::optional<FetchedSecret> read_whole(const Reference& ref, Clock::time_point) override {
    ++reads;
    if (ref.path != "database/creds/app") throw StoreError(StoreFailure::not_found, ref.path + " not found");
    FetchedSecret out;
    const std::string serial = std::to_string(reads);
    out.entries.push_back({"username", hush::SecretBuffer("user-" + serial)});
    out.entries.push_back({"password", hush::SecretBuffer("password-" + serial)});
    out.lease = LeaseInfo{"lease-" + serial, std::chrono::seconds(3600), true};
    return out;
  }
  std::vector<FetchedEntry> read_all(const BulkSource&, Clock::time_point) override { return {}; }
};

class WholeSecretProvider final : public StoreProvider {
 public:
  WholeSecretStore store_;
  SecretStore& store(Backend) override { return store_; }
};

}  // namespace

TEST_CASE("environment: keys of one secret come from one read and share its lease", "[env]") {
  WholeSecretProvider stores;
  EnvironmentSpec spec;
  spec.declared = {{"DB_USER", "vault://database/creds/app#username"},
                   {"DB_PASSWORD", "vault://database/creds/app#password"},
                   {"DB_MISSING", "vault://database/creds/app#no_such_key"},
                   {"OTHER", "vault://database/creds/other#password"}};
  spec.allow_missing_all = true;
  const auto env = resolve_environment(spec, stores, far_deadline);
  // One read for creds/app (the user name and password belong together), one for creds/other.
  CHECK(stores.store_.reads == 2);
  CHECK(value_of(env, "DB_USER") == "user-1");
  CHECK(value_of(env, "DB_PASSWORD") == "password-1");
  REQUIRE(env.find("DB_USER")->lease);
  CHECK(env.find("DB_USER")->lease->lease_id == "lease-1");
  CHECK(env.find("DB_PASSWORD")->lease->lease_id == "lease-1");
  CHECK(env.find("DB_MISSING") == nullptr);
  REQUIRE(env.warnings.size() == 2);
  CHECK(std::any_of(env.warnings.begin(), env.warnings.end(), [](const std::string& w) {
    return w.find("DB_MISSING") != std::string::npos && w.find("no key 'no_such_key'") != std::string::npos;
  }));

  // A second resolution (a refresh) reads again.
  const auto again = resolve_environment(spec, stores, far_deadline);
  CHECK(stores.store_.reads == 4);
  CHECK(value_of(again, "DB_USER") == "user-3");
  CHECK(value_of(again, "DB_PASSWORD") == "password-3");
}

TEST_CASE("environment: two variables taking the same key both get its value", "[env]") {
  // The last reference to a secret moves its value out; the earlier ones must have copied it.
  WholeSecretProvider stores;
  EnvironmentSpec spec;
  spec.inherited = {{"INHERITED_PASSWORD", "vault://database/creds/app#password"}};
  spec.declared = {{"A_PASSWORD", "vault://database/creds/app#password"},
                   {"B_PASSWORD", "vault://database/creds/app#password"},
                   {"DB_USER", "vault://database/creds/app#username"}};
  const auto env = resolve_environment(spec, stores, far_deadline);
  CHECK(stores.store_.reads == 1);
  CHECK(value_of(env, "INHERITED_PASSWORD") == "password-1");
  CHECK(value_of(env, "A_PASSWORD") == "password-1");
  CHECK(value_of(env, "B_PASSWORD") == "password-1");
  CHECK(value_of(env, "DB_USER") == "user-1");
}
