// How the AWS client behaves when the service misbehaves: a fault proxy in front of moto throttles,
// fails, denies, stalls or calls the token expired, and the client must back off, give up at once,
// refresh, or stop at the deadline as the case demands. Also: nothing secret reaches a debug log.
#include "hush/vault_client/aws/secrets_manager.hpp"
#include "hush/vault_client/aws/ssm.hpp"
#include "test_aws_support.hpp"

using namespace hush_aws_tests;
using hush::vault_client::StoreError;
using hush::vault_client::StoreFailure;
using std::chrono::milliseconds;

namespace {

const std::string list_name = std::string(prefix) + "/list";

}  // namespace

TEST_CASE("ThrottlingException is retried with backoff until it passes", "[aws][faults]") {
  HUSH_REQUIRE_MOTO();
  FaultSession throttle("throttle", 3, {}, true);
  CHECK(aws::SsmClient(throttle.session()).get_parameter(list_name, false, soon()).value.view() == "a,b,c");
  const auto stats = peer_stats(throttle.peer.url());
  CHECK(stats["faults"].get<int>() == 3);
  CHECK(stats["proxied"].get<int>() == 1);
  const auto& delays = throttle.clock.delays;
  REQUIRE(delays.size() == 3);
  // Full jitter under a doubling ceiling: 20, 40, 80 ms.
  CHECK(delays[0] <= milliseconds(20));
  CHECK(delays[1] <= milliseconds(40));
  CHECK(delays[2] <= milliseconds(80));
}

TEST_CASE("429 with Retry-After waits what the server asked", "[aws][faults]") {
  HUSH_REQUIRE_MOTO();
  FaultSession throttle("throttle429", 2, {"--retry-after", "3"}, true);
  CHECK(aws::SecretsManagerClient(throttle.session()).get_secret("hush-test/plain", {}, soon()).view() ==
        "plain-secret-value-for-hush");
  CHECK(throttle.clock.delays == std::vector<milliseconds>{milliseconds(3000), milliseconds(3000)});
}

TEST_CASE("503 then success is retried and succeeds", "[aws][faults]") {
  HUSH_REQUIRE_MOTO();
  FaultSession unavailable("unavailable", 1);
  CHECK(aws::SsmClient(unavailable.session()).get_parameter(list_name, false, soon()).value.view() == "a,b,c");
  CHECK(peer_stats(unavailable.peer.url())["requests"].get<int>() == 2);
}

TEST_CASE("Throttling that never ends gives up as throttled within the attempts", "[aws][faults]") {
  HUSH_REQUIRE_MOTO();
  FaultSession throttle("throttle", -1, {}, true);
  std::string message;
  CHECK(failure_of([&] { (void)aws::SsmClient(throttle.session()).get_parameter(list_name, false, soon()); },
                   &message) == StoreFailure::throttled);
  CHECK(message.find("ThrottlingException") != std::string::npos);
  CHECK(peer_stats(throttle.peer.url())["requests"].get<int>() == fast_options().retry.max_attempts);
}

TEST_CASE("AccessDeniedException fails at once with a clear message", "[aws][faults]") {
  HUSH_REQUIRE_MOTO();
  FaultSession denied("denied", -1);
  std::string message;
  CHECK(failure_of([&] { (void)aws::SsmClient(denied.session()).get_parameter(list_name, true, soon()); }, &message) ==
        StoreFailure::permission_denied);
  CHECK(message.find(list_name) != std::string::npos);
  CHECK(message.find("access denied") != std::string::npos);
  CHECK(peer_stats(denied.peer.url())["requests"].get<int>() == 1);
}

TEST_CASE("A server slower than the deadline fails within the deadline plus one second", "[aws][faults]") {
  HUSH_REQUIRE_MOTO();
  FaultSession slow("slow", -1, {"--delay-ms", "10000"});
  const auto started = std::chrono::steady_clock::now();
  const auto deadline = hush::vault_client::Deadline::in(milliseconds(1500));
  CHECK(failure_of([&] { (void)aws::SsmClient(slow.session()).get_parameter(list_name, false, deadline); }) ==
        StoreFailure::timeout);
  CHECK(std::chrono::steady_clock::now() - started < milliseconds(2500));
}

TEST_CASE("An expired session token is refreshed once and the call repeated", "[aws][faults]") {
  HUSH_REQUIRE_MOTO();
  TempDir home;
  const Moto& moto = shared_moto();
  FaultPeer expired(moto.url(), "expired", -1);
  CredentialsPeer credentials;
  aws::Environment env = isolated_env(home);
  env["AWS_REGION"] = "us-east-1";
  env["AWS_ENDPOINT_URL"] = expired.url();
  env["AWS_CONTAINER_CREDENTIALS_FULL_URI"] = credentials.url() + "/container/credentials";
  aws::AwsSession session(env, fast_options(), hush::Logger::null());
  CHECK(aws::SsmClient(session).get_parameter(list_name, false, soon()).value.view() == "a,b,c");
  const auto stats = peer_stats(expired.url());
  CHECK(stats["session_tokens"] == nlohmann::json::array({"peer-session-token-1", "peer-session-token-2"}));
  CHECK(peer_stats(credentials.url())["container"].get<int>() == 2);
}

TEST_CASE("At debug level the whole client logs no secret value, key or token", "[aws][log]") {
  HUSH_REQUIRE_MOTO();
  TempDir home;
  const Moto& moto = shared_moto();
  FaultPeer throttle(moto.url(), "throttle", 1);
  CredentialsPeer credentials({"--container-token", "container-auth-token-value"});
  CapturedLog log;
  std::vector<std::string> secrets{"s3cure-Value-for-hush", "json-Secret-pw-for-hush",  "plain-secret-value-for-hush",
                                   "binary-for-hush",       "env-Secret-Key-for-hush",  "env-session-token",
                                   "peer-secret-key",       "peer-session-token",       "container-auth-token-value",
                                   "imds-session-",         "web-identity-jwt-for-hush"};
  {
    aws::Environment env = static_env(home, throttle.url());
    env["AWS_SESSION_TOKEN"] = "env-session-token";
    aws::AwsSession session(env, fast_options(), log.logger());
    aws::SsmClient ssm(session);
    aws::SecretsManagerClient sm(session);
    CHECK(ssm.get_parameter(std::string(prefix) + "/secure/db-password", true, soon()).value.view() ==
          "s3cure-Value-for-hush");
    CHECK(ssm.get_parameters_by_path(std::string(prefix) + "/secure", {}, soon()).size() == 1);
    CHECK(sm.get_secret("hush-test/json#password", {}, soon()).view() == "json-Secret-pw-for-hush");
    CHECK(sm.get_secret("hush-test/plain", {}, soon()).view() == "plain-secret-value-for-hush");
    CHECK(sm.get_secret_value("hush-test/binary", {}, soon()).binary);
    CHECK_THROWS_AS(sm.get_secret("hush-test/json#nope", {}, soon()), StoreError);
  }
  {
    aws::Environment env = isolated_env(home);
    env["AWS_REGION"] = "us-east-1";
    env["AWS_ENDPOINT_URL"] = moto.url();
    env["AWS_CONTAINER_CREDENTIALS_FULL_URI"] = credentials.url() + "/container/credentials";
    env["AWS_CONTAINER_AUTHORIZATION_TOKEN"] = "container-auth-token-value";
    aws::AwsSession session(env, fast_options(), log.logger());
    CHECK(aws::SsmClient(session).get_parameter(list_name, false, soon()).value.view() == "a,b,c");
  }
  {
    aws::Environment env = {{"HOME", home.path().string()},
                            {"AWS_EC2_METADATA_SERVICE_ENDPOINT", credentials.url()},
                            {"AWS_ENDPOINT_URL", moto.url()},
                            {"AWS_REGION", "us-east-1"}};
    aws::AwsSession session(env, fast_options(), log.logger());
    CHECK(aws::SsmClient(session).get_parameter(list_name, false, soon()).value.view() == "a,b,c");
  }
  {
    aws::Environment env = isolated_env(home);
    env["AWS_REGION"] = "us-east-1";
    env["AWS_ENDPOINT_URL"] = moto.url();
    env["AWS_ROLE_ARN"] = "arn:aws:iam::123456789012:role/hush-irsa";
    env["AWS_WEB_IDENTITY_TOKEN_FILE"] = home.write("jwt", "web-identity-jwt-for-hush");
    aws::AwsSession session(env, fast_options(), log.logger());
    CHECK(aws::SsmClient(session).get_parameter(list_name, false, soon()).value.view() == "a,b,c");
  }
  const std::string text = log.text();
  INFO(text);
  CHECK(text.find("aws call") != std::string::npos);  // the log did capture the calls
  CHECK(text.find("retrying") != std::string::npos);
  CHECK(text.find("http request") != std::string::npos);
  for (const auto& secret : secrets) {
    INFO(secret);
    CHECK(text.find(secret) == std::string::npos);
  }
}
