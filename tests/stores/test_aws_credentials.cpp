// The credentials chain against real endpoints: moto's STS for web identity, a local stand-in for
// the container endpoint and IMDSv2, and shared files on disk.
#include "hush/common/error.hpp"
#include "hush/vault_client/aws/ssm.hpp"
#include "test_aws_support.hpp"

using namespace hush_aws_tests;
using hush::vault_client::StoreError;
using hush::vault_client::StoreFailure;

namespace {

// The credentials `session` resolves: from `source`, with this key id, secret key and token.
aws::Credentials expect_credentials(aws::AwsSession& session, const std::string& source, const std::string& key_id,
                                    const std::string& secret_key, const std::string& token) {
  aws::Credentials credentials = session.credentials(soon());
  CHECK(credentials.source == source);
  CHECK(credentials.access_key_id == key_id);
  CHECK(credentials.secret_access_key.view() == secret_key);
  CHECK(credentials.session_token.view() == token);
  return credentials;
}

}  // namespace

TEST_CASE("Environment keys come first and are used as they are", "[aws][credentials]") {
  TempDir home;
  aws::Environment env = static_env(home, "http://127.0.0.1:9");
  env["AWS_SESSION_TOKEN"] = "env-session-token";
  env["AWS_WEB_IDENTITY_TOKEN_FILE"] = home.write("token", "jwt");
  env["AWS_ROLE_ARN"] = "arn:aws:iam::123456789012:role/ignored";
  aws::AwsSession session(env, fast_options(), hush::Logger::null());
  (void)expect_credentials(session, "environment", "AKIDHUSHTEST", "env-Secret-Key-for-hush", "env-session-token");
  CHECK(session.region(soon()) == "us-east-1");
  CHECK(session.endpoint("ssm", soon()) == "http://127.0.0.1:9");
}

TEST_CASE("Shared credentials and config files: profiles, region, endpoint_url, and signatures moto accepts",
          "[aws][credentials]") {
  HUSH_REQUIRE_MOTO();
  TempDir home;
  const IamMoto moto(home);
  home.write(".aws/credentials",
             "[default]\naws_access_key_id = AKIDDEFAULT\naws_secret_access_key = nope\n\n[reader]\n"
             "aws_access_key_id = " +
                 moto.id("reader") + "\naws_secret_access_key = " + moto.secret("reader") + "\n");
  home.write(".aws/config", "[profile reader]\nregion = us-east-1\nendpoint_url = " + moto.url() + "\n");

  aws::Environment env = isolated_env(home);
  env["AWS_PROFILE"] = "reader";
  aws::AwsSession session(env, fast_options(), hush::Logger::null());
  CHECK(session.credentials_source() == "profile reader");
  CHECK(session.region(soon()) == "us-east-1");
  CHECK(session.endpoint("ssm", soon()) == moto.url());
  CHECK(aws::SsmClient(session).get_parameter(std::string(prefix) + "/list", false, soon()).value.view() == "a,b,c");

  SECTION("AWS_SHARED_CREDENTIALS_FILE and AWS_CONFIG_FILE move the files; a missing named profile is a config error") {
    aws::Environment moved = isolated_env(home);
    std::filesystem::rename(home.path() / ".aws", home.path() / "elsewhere");
    moved["AWS_SHARED_CREDENTIALS_FILE"] = (home.path() / "elsewhere/credentials").string();
    moved["AWS_CONFIG_FILE"] = (home.path() / "elsewhere/config").string();
    moved["AWS_PROFILE"] = "reader";
    aws::AwsSession relocated(moved, fast_options(), hush::Logger::null());
    CHECK(aws::SsmClient(relocated).get_parameter(std::string(prefix) + "/list", false, soon()).value.view() ==
          "a,b,c");
    moved["AWS_PROFILE"] = "nobody";
    CHECK_THROWS_AS(aws::AwsSession(moved, fast_options(), hush::Logger::null()), hush::Error);
  }
}

TEST_CASE("Web identity: the token file is exchanged at STS (moto) and the role's credentials sign calls",
          "[aws][credentials][sts]") {
  HUSH_REQUIRE_MOTO();
  TempDir home;
  Moto moto;
  aws::Environment env = isolated_env(home);
  env["AWS_REGION"] = "us-east-1";
  env["AWS_ENDPOINT_URL"] = moto.url();
  env["AWS_ROLE_ARN"] = "arn:aws:iam::123456789012:role/hush-irsa";
  env["AWS_ROLE_SESSION_NAME"] = "hush-test";
  env["AWS_WEB_IDENTITY_TOKEN_FILE"] =
      home.write("sa-token", "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ0ZXN0In0.c2lnbmF0dXJl\n");
  aws::AwsSession session(env, fast_options(), hush::Logger::null());
  CHECK(session.credentials_source() == "web identity");
  const auto credentials = session.credentials(soon());
  CHECK(credentials.source == "web identity");
  CHECK(credentials.temporary());
  CHECK(credentials.expiration.has_value());
  CHECK_FALSE(credentials.access_key_id.empty());
  CHECK(aws::SsmClient(session).get_parameter(std::string(prefix) + "/many/p01", false, soon()).value.view() ==
        "value-01");

  SECTION("an unreadable token file is auth_failed naming the file") {
    env["AWS_WEB_IDENTITY_TOKEN_FILE"] = (home.path() / "missing").string();
    aws::AwsSession broken(env, fast_options(), hush::Logger::null());
    std::string message;
    CHECK(failure_of([&] { (void)broken.credentials(soon()); }, &message) == StoreFailure::auth_failed);
    CHECK(message.find("missing") != std::string::npos);
  }
}

TEST_CASE("Container credentials endpoint: full and relative URIs, token from file or variable", "[aws][credentials]") {
  TempDir home;
  CredentialsPeer peer({"--container-token", "container-auth-token-value"});
  aws::Environment env = isolated_env(home);
  env["AWS_REGION"] = "us-east-1";

  SECTION("full URI with the token in a file") {
    env["AWS_CONTAINER_CREDENTIALS_FULL_URI"] = peer.url() + "/container/credentials";
    env["AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"] = home.write("token", "container-auth-token-value\n");
    aws::AwsSession session(env, fast_options(), hush::Logger::null());
    const auto credentials =
        expect_credentials(session, "container", "ASIAPEER1", "peer-secret-key-1", "peer-session-token-1");
    CHECK(credentials.expiration.has_value());
  }

  SECTION("relative URI against the agent address, token in a variable") {
    env["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"] = "/container/credentials";
    env["AWS_CONTAINER_AUTHORIZATION_TOKEN"] = "container-auth-token-value";
    aws::AwsOptions options = fast_options();
    options.container_host = peer.url();
    aws::AwsSession session(env, options, hush::Logger::null());
    CHECK(session.credentials(soon()).access_key_id == "ASIAPEER1");
  }

  SECTION("a wrong token is auth_failed") {
    env["AWS_CONTAINER_CREDENTIALS_FULL_URI"] = peer.url() + "/container/credentials";
    env["AWS_CONTAINER_AUTHORIZATION_TOKEN"] = "wrong";
    aws::AwsSession session(env, fast_options(), hush::Logger::null());
    CHECK(failure_of([&] { (void)session.credentials(soon()); }) == StoreFailure::auth_failed);
    CHECK(peer_stats(peer.url())["unauthorized"].get<int>() == 1);
  }

  SECTION("plain http to a remote host is refused before any request") {
    env["AWS_CONTAINER_CREDENTIALS_FULL_URI"] = "http://192.0.2.10/creds";
    CHECK_THROWS_AS(aws::AwsSession(env, fast_options(), hush::Logger::null()), hush::Error);
  }
}

TEST_CASE("EC2 IMDSv2: session token, role, credentials and region", "[aws][credentials]") {
  TempDir home;
  CredentialsPeer peer;
  aws::Environment env = {{"HOME", home.path().string()}, {"AWS_EC2_METADATA_SERVICE_ENDPOINT", peer.url() + "/"}};
  aws::AwsSession session(env, fast_options(), hush::Logger::null());
  CHECK(session.credentials_source() == "imds");
  (void)expect_credentials(session, "imds", "ASIAPEER1", "peer-secret-key-1", "peer-session-token-1");
  CHECK(session.region(soon()) == "eu-west-3");
  const auto stats = peer_stats(peer.url());
  CHECK(stats["unauthorized"].get<int>() == 0);  // every read carried the session token
  CHECK(stats["token"].get<int>() == 2);         // one session for credentials, one for the region

  SECTION("AWS_EC2_METADATA_DISABLED leaves no credentials, with a message saying where hush looked") {
    env["AWS_EC2_METADATA_DISABLED"] = "true";
    aws::AwsSession disabled(env, fast_options(), hush::Logger::null());
    std::string message;
    CHECK(failure_of([&] { (void)disabled.credentials(soon()); }, &message) == StoreFailure::auth_failed);
    CHECK(message.find("no AWS credentials found") != std::string::npos);
    CHECK(message.find("disabled") != std::string::npos);
    CHECK_THROWS_AS((void)disabled.region(soon()), hush::Error);
  }
}

TEST_CASE("Temporary credentials are refreshed before they expire", "[aws][credentials]") {
  TempDir home;
  CredentialsPeer peer({"--expires-in", "3600"});
  aws::Environment env = isolated_env(home);
  env["AWS_REGION"] = "us-east-1";
  env["AWS_CONTAINER_CREDENTIALS_FULL_URI"] = peer.url() + "/container/credentials";
  auto now = std::chrono::system_clock::now();
  aws::AwsOptions options = fast_options();
  options.refresh_margin = std::chrono::seconds(300);
  options.wall_clock = [&now] { return now; };
  aws::AwsSession session(env, options, hush::Logger::null());

  CHECK(session.credentials(soon()).access_key_id == "ASIAPEER1");
  now += std::chrono::minutes(30);
  CHECK(session.credentials(soon()).access_key_id == "ASIAPEER1");  // cached: far from expiry
  now += std::chrono::minutes(26);                                  // 4 minutes left: inside the margin
  CHECK(session.credentials(soon()).access_key_id == "ASIAPEER2");
  CHECK(peer_stats(peer.url())["container"].get<int>() == 2);
}
