#include <chrono>
#include <deque>
#include <memory>
#include <string>

#include "catch.hpp"
#include "hush/common/error.hpp"
#include "hush/vault_client/aws/config_files.hpp"
#include "hush/vault_client/aws/credentials_chain.hpp"
#include "hush/vault_client/http.hpp"

namespace aws = hush::vault_client::aws;
namespace vc = hush::vault_client;
using std::chrono::minutes;
using std::chrono::seconds;
using std::chrono::system_clock;

namespace {

std::string chosen(const aws::Environment& env, const std::string& credentials_text = "",
                   const std::string& config_text = "") {
  vc::HttpClient http(vc::HttpOptions{}, hush::Logger::null());
  const auto profile = aws::profile_from_text(credentials_text, config_text, aws::selected_profile_name(env));
  return aws::select_provider(env, profile, aws::ChainSettings{}, http, hush::Logger::null())->describe();
}

// A provider that hands out scripted results, one per load.
class ScriptedProvider final : public aws::CredentialsProvider {
 public:
  struct Step {
    std::string key_id;  // empty: fail
    system_clock::time_point expires;
  };
  explicit ScriptedProvider(std::deque<Step>* steps, int* loads) : steps_(steps), loads_(loads) {}
  aws::Credentials load(vc::Deadline) override {
    ++*loads_;
    REQUIRE_FALSE(steps_->empty());
    const Step step = steps_->front();
    steps_->pop_front();
    if (step.key_id.empty()) throw vc::StoreError(vc::StoreFailure::unavailable, "scripted failure");
    aws::Credentials c;
    c.access_key_id = step.key_id;
    c.secret_access_key = hush::SecretBuffer("s");
    c.session_token = hush::SecretBuffer("t");
    c.expiration = step.expires;
    c.source = "scripted";
    return c;
  }
  std::string describe() const override { return "scripted"; }

 private:
  std::deque<Step>* steps_;
  int* loads_;
};

}  // namespace

TEST_CASE("The chain picks providers in the SDKs' order", "[aws][chain]") {
  const aws::Environment no_imds{{"AWS_EC2_METADATA_DISABLED", "true"}};
  const aws::Environment web{{"AWS_WEB_IDENTITY_TOKEN_FILE", "/t"}, {"AWS_ROLE_ARN", "arn:aws:iam::1:role/r"}};
  const std::string keys = "[default]\naws_access_key_id=A\naws_secret_access_key=S\n";

  CHECK(chosen({{"AWS_ACCESS_KEY_ID", "A"}, {"AWS_SECRET_ACCESS_KEY", "S"}}, keys) == "environment");
  CHECK(chosen({}, keys) == "profile default");
  CHECK(chosen(web, keys) == "profile default");
  CHECK(chosen(web) == "web identity");
  aws::Environment both = web;
  both["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"] = "/v2/credentials/x";
  CHECK(chosen(both) == "web identity");
  CHECK(chosen({{"AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/v2/credentials/x"}}) == "container");
  CHECK(chosen({{"AWS_CONTAINER_CREDENTIALS_FULL_URI", "https://creds.example/x"}}) == "container");
  CHECK(chosen({{"AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://localhost:9/x"}}) == "container");
  CHECK(chosen({}) == "imds");
  CHECK(chosen(no_imds) == "none");
  CHECK(chosen({{"AWS_PROFILE", "irsa"}}, "",
               "[profile irsa]\nrole_arn=arn:aws:iam::1:role/r\nweb_identity_token_file=/t\n") ==
        "profile irsa (web identity)");
  // A profile with only a region falls through to the rest of the chain.
  CHECK(chosen({{"AWS_PROFILE", "r"}, {"AWS_EC2_METADATA_DISABLED", "true"}}, "", "[profile r]\nregion=us-east-1\n") ==
        "none");
}

TEST_CASE("Settings that cannot work are configuration errors, found before any request", "[aws][chain]") {
  CHECK_THROWS_AS(chosen({{"AWS_ACCESS_KEY_ID", "A"}}), hush::Error);
  CHECK_THROWS_AS(chosen({{"AWS_SECRET_ACCESS_KEY", "S"}}), hush::Error);
  CHECK_THROWS_AS(chosen({{"AWS_PROFILE", "missing"}}), hush::Error);
  CHECK_THROWS_AS(chosen({}, "[default]\naws_access_key_id=A\n"), hush::Error);
  CHECK_THROWS_AS(chosen({}, "", "[default]\ncredential_process=/bin/creds\n"), hush::Error);
  CHECK_THROWS_AS(chosen({}, "", "[default]\nrole_arn=arn:aws:iam::1:role/r\nsource_profile=base\n"), hush::Error);
  CHECK_THROWS_AS(chosen({{"AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://192.0.2.7/creds"}}), hush::Error);
  try {
    (void)chosen({{"AWS_PROFILE", "missing"}});
  } catch (const hush::Error& e) {
    CHECK(e.kind() == hush::ErrorKind::config);
    CHECK(std::string(e.what()).find("'missing'") != std::string::npos);
  }
}

TEST_CASE("Cached credentials are reused, refreshed inside the margin, and kept when a refresh fails", "[aws][chain]") {
  system_clock::time_point now = system_clock::now();
  std::deque<ScriptedProvider::Step> steps{{"K1", now + minutes(60)}, {"", {}}, {"K2", now + minutes(120)}, {"", {}}};
  int loads = 0;
  aws::ChainSettings settings;
  settings.refresh_margin = seconds(300);
  settings.wall_clock = [&now] { return now; };
  aws::CredentialsChain chain(std::make_unique<ScriptedProvider>(&steps, &loads), settings, hush::Logger::null());

  CHECK(chain.get(vc::Deadline::never()).access_key_id == "K1");
  CHECK(chain.get(vc::Deadline::never()).access_key_id == "K1");
  CHECK(loads == 1);

  now += minutes(57);  // 3 minutes left: refresh, which fails, so K1 (still valid) is kept
  CHECK(chain.get(vc::Deadline::never()).access_key_id == "K1");
  CHECK(loads == 2);
  now += seconds(40);  // still inside the margin: the next call tries again
  CHECK(chain.get(vc::Deadline::never()).access_key_id == "K2");
  CHECK(loads == 3);

  now += minutes(119);  // K2 has expired and its refresh fails: the failure surfaces
  CHECK_THROWS_AS(chain.get(vc::Deadline::never()), vc::StoreError);

  chain.invalidate();
  CHECK(chain.describe() == "scripted");
}
