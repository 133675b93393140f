#include <string>

#include "catch.hpp"
#include "hush/vault_client/aws/config_files.hpp"

namespace aws = hush::vault_client::aws;

TEST_CASE("INI parsing: comments, inline comments, nested properties", "[aws][config]") {
  const std::string text =
      "# top comment\n"
      "orphan = ignored\n"
      "[default]\n"
      "region = us-west-2   # the main region\n"
      "; another comment\n"
      "s3 =\n"
      "  max_concurrent_requests = 20\n"
      "output=json\n"
      "odd = a#b\n"
      "[ profile dev ]\r\n"
      "Region = eu-central-1\r\n";
  const auto entries = aws::parse_ini(text);
  REQUIRE(entries.size() == 4);
  CHECK(entries[0].section == "default");
  CHECK(entries[0].key == "region");
  CHECK(entries[0].value == "us-west-2");
  CHECK(entries[1].key == "output");
  CHECK(entries[2].value == "a#b");
  CHECK(entries[3].section == "profile dev");
  CHECK(entries[3].key == "Region");
  CHECK(entries[3].value == "eu-central-1");
}

TEST_CASE("Profiles merge the config and credentials files, credentials winning", "[aws][config]") {
  const std::string credentials =
      "[default]\naws_access_key_id = AKIDDEFAULT\naws_secret_access_key = default/secret\n"
      "[dev]\naws_access_key_id=AKIDDEV\naws_secret_access_key=dev+secret\naws_session_token=dev-token\nregion=ap-"
      "south-1\n"
      "[empty]\n";
  const std::string config =
      "[default]\nregion = us-east-2\n"
      "[profile dev]\nregion = eu-west-1\nendpoint_url = http://localhost:4566\n"
      "[dev]\nregion = ignored-without-profile-prefix\n"
      "[profile irsa]\nrole_arn = arn:aws:iam::123456789012:role/app\nweb_identity_token_file = /var/run/token\n"
      "role_session_name = s1\n";

  const auto def = aws::profile_from_text(credentials, config, "default");
  CHECK(def.found);
  CHECK(def.access_key_id == "AKIDDEFAULT");
  CHECK(def.secret_access_key.view() == "default/secret");
  CHECK(def.session_token.empty());
  CHECK(def.region == "us-east-2");

  const auto dev = aws::profile_from_text(credentials, config, "dev");
  CHECK(dev.access_key_id == "AKIDDEV");
  CHECK(dev.session_token.view() == "dev-token");
  CHECK(dev.region == "ap-south-1");  // the credentials file wins
  CHECK(dev.endpoint_url == "http://localhost:4566");

  const auto irsa = aws::profile_from_text(credentials, config, "irsa");
  CHECK(irsa.found);
  CHECK(irsa.access_key_id.empty());
  CHECK(irsa.role_arn == "arn:aws:iam::123456789012:role/app");
  CHECK(irsa.web_identity_token_file == "/var/run/token");
  CHECK(irsa.role_session_name == "s1");

  CHECK(aws::profile_from_text(credentials, config, "empty").found);
  CHECK_FALSE(aws::profile_from_text(credentials, config, "nope").found);
}

TEST_CASE("Profile selection and file locations follow the environment", "[aws][config]") {
  CHECK(aws::selected_profile_name({}) == "default");
  CHECK(aws::selected_profile_name({{"AWS_DEFAULT_PROFILE", "b"}}) == "b");
  CHECK(aws::selected_profile_name({{"AWS_PROFILE", "a"}, {"AWS_DEFAULT_PROFILE", "b"}}) == "a");
  CHECK(aws::credentials_file_path({{"HOME", "/home/u"}}) == "/home/u/.aws/credentials");
  CHECK(aws::config_file_path({{"HOME", "/home/u"}}) == "/home/u/.aws/config");
  CHECK(aws::credentials_file_path({{"HOME", "/h"}, {"AWS_SHARED_CREDENTIALS_FILE", "~/creds"}}) == "/h/creds");
  CHECK(aws::config_file_path({{"AWS_CONFIG_FILE", "/etc/aws.cfg"}}) == "/etc/aws.cfg");
}
