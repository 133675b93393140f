// hush run's view of AWS: references resolved through the injector's AWS store against moto,
// behind a counting pass-through, so what is read how often can be asserted.
#include <map>
#include <string>

#include "hush/injector/environment.hpp"
#include "stores/aws_store_adapter.hpp"
#include "test_aws_support.hpp"

using namespace hush_aws_tests;
using hush::injector::Backend;
using hush::injector::EnvironmentSpec;
using hush::injector::SecretStore;
using hush::injector::StoreProvider;

namespace {

class OneAwsStore final : public StoreProvider {
 public:
  explicit OneAwsStore(hush::injector::AwsSecretStore& store) : store_(store) {}
  SecretStore& store(Backend) override { return store_; }

 private:
  hush::injector::AwsSecretStore& store_;
};

// One AWS store of hush's against moto, behind a counting pass-through.
struct CountedAwsStore {
  explicit CountedAwsStore(Backend backend)
      : session(
            std::make_shared<aws::AwsSession>(static_env(home, counter.url()), fast_options(), hush::Logger::null())),
        store(backend, session) {}
  TempDir home;
  const Moto& moto = shared_moto();
  FaultPeer counter{moto.url(), "throttle", 0};  // no faults: a counting pass-through
  std::shared_ptr<aws::AwsSession> session;
  hush::injector::AwsSecretStore store;
  OneAwsStore stores{store};
};

std::string value_of(const hush::injector::ResolvedEnvironment& env, const std::string& name) {
  const auto* entry = env.find(name);
  REQUIRE(entry != nullptr);
  return std::string(entry->value.view());
}

}  // namespace

TEST_CASE("Secrets Manager references to keys of one secret read it once per resolution", "[aws][secretsmanager]") {
  HUSH_REQUIRE_MOTO();
  CountedAwsStore aws_store(Backend::secrets_manager);
  FaultPeer& counter = aws_store.counter;
  OneAwsStore& stores = aws_store.stores;

  const std::string id = std::string(prefix).substr(1);  // secret names carry the prefix without its slash
  EnvironmentSpec spec;
  spec.declared = {{"DB_USER", "secretsmanager://" + id + "/json#username"},
                   {"DB_PASSWORD", "secretsmanager://" + id + "/json#password"},
                   {"DB_PORT", "secretsmanager://" + id + "/json#db.port"},
                   {"DB_JSON", "secretsmanager://" + id + "/json"},
                   {"PLAIN", "secretsmanager://" + id + "/plain"},
                   {"BINARY_KEY", "secretsmanager://" + id + "/binary#anything"}};
  spec.allow_missing_all = true;
  const auto deadline = hush::injector::Clock::now() + std::chrono::seconds(30);
  const auto env = hush::injector::resolve_environment(spec, stores, deadline);

  CHECK(value_of(env, "DB_USER") == "app");
  CHECK(value_of(env, "DB_PASSWORD") == "json-Secret-pw-for-hush");
  CHECK(value_of(env, "DB_PORT") == "5432");
  CHECK(value_of(env, "DB_JSON").find("\"password\"") != std::string::npos);
  CHECK(value_of(env, "PLAIN") == "plain-secret-value-for-hush");
  CHECK(env.find("BINARY_KEY") == nullptr);
  REQUIRE(env.warnings.size() == 1);
  CHECK(env.warnings.front().find("is binary, so key 'anything' cannot be selected") != std::string::npos);
  // Three secrets, three reads: the four references into /json share one GetSecretValue, so a
  // rotation between two reads can never pair one version's user with another's password.
  auto stats = peer_stats(counter.url());
  CHECK(stats["requests"].get<int>() == 3);

  (void)hush::injector::resolve_environment(spec, stores, deadline);  // a refresh reads afresh
  stats = peer_stats(counter.url());
  CHECK(stats["requests"].get<int>() == 6);
  for (const auto& target : stats["targets"]) CHECK(target.get<std::string>() == "secretsmanager.GetSecretValue");
}

TEST_CASE("SSM references are read together, ten names a GetParameters call", "[aws][ssm][concurrency]") {
  HUSH_REQUIRE_MOTO();
  CountedAwsStore aws_store(Backend::ssm);
  FaultPeer& counter = aws_store.counter;
  OneAwsStore& stores = aws_store.stores;

  EnvironmentSpec spec;
  for (int i = 0; i < 12; ++i) {
    const std::string number = (i < 10 ? "0" : "") + std::to_string(i);
    spec.declared.emplace_back("P" + number, "ssm://" + std::string(prefix) + "/many/p" + number);
  }
  spec.declared.emplace_back("MISSING", "ssm://" + std::string(prefix) + "/no/such/parameter");
  spec.allow_missing_all = true;
  const auto env =
      hush::injector::resolve_environment(spec, stores, hush::injector::Clock::now() + std::chrono::seconds(30));
  for (int i = 0; i < 12; ++i) {
    const std::string number = (i < 10 ? "0" : "") + std::to_string(i);
    CHECK(value_of(env, "P" + number) == "value-" + number);
  }
  // The missing parameter is asked for once more alone, so its failure reads as GetParameter's.
  REQUIRE(env.warnings.size() == 1);
  CHECK(env.warnings.front().find("ParameterNotFound") != std::string::npos);
  const auto stats = peer_stats(counter.url());
  std::map<std::string, int> targets;
  for (const auto& target : stats["targets"]) ++targets[target.get<std::string>()];
  CHECK(targets["AmazonSSM.GetParameters"] == 2);
  CHECK(targets["AmazonSSM.GetParameter"] == 1);
}
