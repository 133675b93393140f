// SSM and Secrets Manager reads against moto, and (when HUSH_AWS_LIVE_PREFIX is set) the same checks
// against a real AWS account. For the live run, seed the fixtures first with
//   python3 tests/peers/aws_fixtures.py seed --prefix /hush-test
// and run with credentials and a region in the usual AWS environment variables or profile:
//   HUSH_AWS_LIVE_PREFIX=/hush-test build/tests/stores/hush_store_tests '[aws-live]'
// Clean up with `python3 tests/peers/aws_fixtures.py cleanup --prefix /hush-test`.
#include <algorithm>
#include <set>

#include "hush/vault_client/aws/secrets_manager.hpp"
#include "hush/vault_client/aws/ssm.hpp"
#include "test_aws_support.hpp"

using namespace hush_aws_tests;
using hush::vault_client::StoreError;
using hush::vault_client::StoreFailure;

namespace {

std::set<std::string> names_of(const std::vector<aws::Parameter>& parameters) {
  std::set<std::string> out;
  for (const auto& p : parameters) out.insert(p.name);
  return out;
}

// The checks both the emulator and a real account must pass.
void check_ssm(aws::AwsSession& session, const std::string& base) {
  aws::SsmClient ssm(session);

  {
    INFO("GetParameter: String, StringList, SecureString with and without decryption");
    CHECK(ssm.get_parameter(base + "/many/p07", false, soon()).value.view() == "value-07");
    const auto list = ssm.get_parameter(base + "/list", false, soon());
    CHECK(list.type == "StringList");
    CHECK(list.value.view() == "a,b,c");
    const auto secure = ssm.get_parameter(base + "/secure/db-password", true, soon());
    CHECK(secure.type == "SecureString");
    CHECK(secure.value.view() == "s3cure-Value-for-hush");
    CHECK_FALSE(ssm.get_parameter(base + "/secure/db-password", false, soon()).value.view() == "s3cure-Value-for-hush");
  }

  {
    INFO("GetParameter of a missing name is not_found and names it");
    std::string message;
    CHECK(failure_of([&] { (void)ssm.get_parameter(base + "/does/not/exist", true, soon()); }, &message) ==
          StoreFailure::not_found);
    CHECK(message.find(base + "/does/not/exist") != std::string::npos);
    CHECK(message.find("ParameterNotFound") != std::string::npos);
  }

  {
    INFO("GetParametersByPath returns all 35 parameters across pages");
    const auto all = ssm.get_parameters_by_path(base + "/many", aws::PathOptions{false, true}, soon());
    REQUIRE(all.size() == 35);
    const auto names = names_of(all);
    CHECK(names.size() == 35);
    for (int i = 0; i < 35; ++i) {
      char name[16];
      std::snprintf(name, sizeof name, "/many/p%02d", i);
      CHECK(names.count(base + name) == 1);
    }
    for (const auto& p : all) CHECK(p.value.view() == "value-" + p.name.substr(p.name.size() - 2));
  }

  {
    INFO("GetParametersByPath is one level unless recursive");
    const auto flat = ssm.get_parameters_by_path(base + "/tree", aws::PathOptions{false, true}, soon());
    CHECK(names_of(flat) == std::set<std::string>{base + "/tree/a"});
    const auto deep = ssm.get_parameters_by_path(base + "/tree/", aws::PathOptions{true, true}, soon());
    CHECK(names_of(deep) == std::set<std::string>{base + "/tree/a", base + "/tree/sub/b", base + "/tree/sub/deeper/c"});
  }

  {
    INFO("GetParameters batches names by ten and reports invalid ones by name");
    std::vector<std::string> names;
    for (int i = 0; i < 9; ++i) names.push_back(base + "/many/p1" + std::to_string(i));
    names.push_back(base + "/missing-1");
    names.push_back(base + "/secure/db-password");
    names.push_back(base + "/missing-2");
    names.push_back(base + "/missing-3");
    const auto result = ssm.get_parameters(names, true, soon());
    CHECK(result.parameters.size() == 10);
    CHECK(std::set<std::string>(result.invalid.begin(), result.invalid.end()) ==
          std::set<std::string>{base + "/missing-1", base + "/missing-2", base + "/missing-3"});
    const auto secure = std::find_if(result.parameters.begin(), result.parameters.end(),
                                     [&](const aws::Parameter& p) { return p.name == base + "/secure/db-password"; });
    REQUIRE(secure != result.parameters.end());
    CHECK(secure->value.view() == "s3cure-Value-for-hush");
  }
}

void check_secrets_manager(aws::AwsSession& session, const std::string& base) {
  aws::SecretsManagerClient sm(session);
  const std::string id = base.substr(1);  // secret names carry the prefix without its leading slash

  {
    INFO("SecretString, whole and by JSON key; versions by stage");
    CHECK(sm.get_secret(id + "/plain", {}, soon()).view() == "plain-secret-value-for-hush");
    CHECK(sm.get_secret(id + "/json#password", {}, soon()).view() == "json-Secret-pw-for-hush");
    CHECK(sm.get_secret(id + "/json#db.port", {}, soon()).view() == "5432");
    CHECK(sm.get_secret(id + "/json#password", {"", "AWSPREVIOUS"}, soon()).view() == "old-Secret-pw-for-hush");
    const auto value = sm.get_secret_value(id + "/json", {}, soon());
    CHECK(value.name == id + "/json");
    CHECK(std::find(value.version_stages.begin(), value.version_stages.end(), "AWSCURRENT") !=
          value.version_stages.end());
    CHECK(sm.get_secret_value(id + "/json", {value.version_id, ""}, soon()).version_id == value.version_id);
  }

  {
    INFO("SecretBinary is decoded");
    const auto value = sm.get_secret_value(id + "/binary", {}, soon());
    CHECK(value.binary);
    CHECK(value.value.view() == std::string("\x00\x01\x02\xfe\xff", 5) + "binary-for-hush");
  }

  {
    INFO("a missing secret or key is not_found and names it, never the value");
    std::string message;
    CHECK(failure_of([&] { (void)sm.get_secret(id + "/nope", {}, soon()); }, &message) == StoreFailure::not_found);
    CHECK(message.find(id + "/nope") != std::string::npos);
    CHECK(failure_of([&] { (void)sm.get_secret(id + "/json#missing", {}, soon()); }, &message) ==
          StoreFailure::not_found);
    CHECK(message.find("missing") != std::string::npos);
    CHECK(message.find("json-Secret-pw") == std::string::npos);
  }
}

}  // namespace

TEST_CASE("SSM against moto", "[aws][ssm]") {
  HUSH_REQUIRE_MOTO();
  StaticSession moto(shared_moto().url());
  check_ssm(moto.session, prefix);
}

TEST_CASE("Secrets Manager against moto", "[aws][secretsmanager]") {
  HUSH_REQUIRE_MOTO();
  StaticSession moto(shared_moto().url());
  check_secrets_manager(moto.session, prefix);
}

TEST_CASE("GetParametersByPath follows NextToken page by page, GetParameters sends batches of ten", "[aws][ssm]") {
  HUSH_REQUIRE_MOTO();
  FaultSession counter("throttle", 0);  // no faults: a counting pass-through
  aws::SsmClient ssm(counter.session());
  CHECK(ssm.get_parameters_by_path(std::string(prefix) + "/many", {}, soon()).size() == 35);
  auto stats = peer_stats(counter.peer.url());
  CHECK(stats["requests"].get<int>() == 4);  // 10 + 10 + 10 + 5

  std::vector<std::string> names;
  for (int i = 0; i < 25; ++i)
    names.push_back(std::string(prefix) + "/many/p" + (i < 10 ? "0" : "") + std::to_string(i));
  CHECK(ssm.get_parameters(names, false, soon()).parameters.size() == 25);
  stats = peer_stats(counter.peer.url());
  CHECK(stats["requests"].get<int>() == 7);  // three more: 10 + 10 + 5
  for (const auto& target : stats["targets"]) CHECK(target.get<std::string>().rfind("AmazonSSM.", 0) == 0);
}

TEST_CASE("Signed requests pass moto's signature and IAM checks, bad keys and denied users fail at once",
          "[aws][auth]") {
  HUSH_REQUIRE_MOTO();
  TempDir home;
  const IamMoto moto(home);

  auto env_for = [&](const std::string& id, const std::string& secret) {
    aws::Environment env = static_env(home, moto.url());
    env["AWS_ACCESS_KEY_ID"] = id;
    env["AWS_SECRET_ACCESS_KEY"] = secret;
    return env;
  };
  const std::string reader_id = moto.id("reader");
  const std::string reader_secret = moto.secret("reader");

  {
    INFO("the reader's signature is verified and its reads succeed");
    aws::AwsSession session(env_for(reader_id, reader_secret), fast_options(), hush::Logger::null());
    CHECK(
        aws::SsmClient(session).get_parameter(std::string(prefix) + "/secure/db-password", true, soon()).value.view() ==
        "s3cure-Value-for-hush");
    CHECK(aws::SsmClient(session).get_parameters_by_path(std::string(prefix) + "/many", {}, soon()).size() == 35);
    CHECK(aws::SecretsManagerClient(session).get_secret("hush-test/json#username", {}, soon()).view() == "app");
  }

  {
    INFO("a wrong secret key is auth_failed, not retried");
    CapturedLog log;
    aws::AwsSession session(env_for(reader_id, "wrong-secret-key"), fast_options(), log.logger());
    std::string message;
    CHECK(failure_of([&] { (void)aws::SsmClient(session).get_parameter(std::string(prefix) + "/list", false, soon()); },
                     &message) == StoreFailure::auth_failed);
    CHECK(message.find("SignatureDoesNotMatch") != std::string::npos);
    CHECK(log.text().find("retrying") == std::string::npos);
  }

  {
    INFO("an unknown access key is auth_failed");
    aws::AwsSession session(env_for("AKIAUNKNOWNKEY000000", "x"), fast_options(), hush::Logger::null());
    CHECK(failure_of([&] {
            (void)aws::SsmClient(session).get_parameter(std::string(prefix) + "/list", false, soon());
          }) == StoreFailure::auth_failed);
  }

  {
    INFO("a user without permission is permission_denied at once");
    CapturedLog log;
    aws::AwsSession session(env_for(moto.id("denied"), moto.secret("denied")), fast_options(), log.logger());
    std::string message;
    CHECK(failure_of([&] { (void)aws::SecretsManagerClient(session).get_secret("hush-test/plain", {}, soon()); },
                     &message) == StoreFailure::permission_denied);
    CHECK(message.find("hush-test/plain") != std::string::npos);
    CHECK(log.text().find("retrying") == std::string::npos);
  }
}

TEST_CASE("The same store checks against a real AWS account", "[aws-live]") {
  const char* live_prefix = std::getenv("HUSH_AWS_LIVE_PREFIX");
  if (live_prefix == nullptr || *live_prefix == '\0') {
    WARN("skipped: set HUSH_AWS_LIVE_PREFIX (and AWS credentials and region) to run against a real account");
    SUCCEED("skipped");
    return;
  }
  aws::AwsSession session(aws::process_environment(), aws::AwsOptions{}, hush::Logger::null());
  check_ssm(session, live_prefix);
  check_secrets_manager(session, live_prefix);
}
