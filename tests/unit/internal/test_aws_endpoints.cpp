#include <string>

#include "aws/url_parts.hpp"
#include "catch.hpp"
#include "hush/common/error.hpp"
#include "hush/vault_client/aws/endpoints.hpp"

namespace aws = hush::vault_client::aws;

TEST_CASE("Endpoint overrides: service variable, then global variable, then profile, then public", "[aws][endpoints]") {
  aws::Environment env;
  CHECK(aws::resolve_endpoint(env, "ssm", "eu-west-1") == "https://ssm.eu-west-1.amazonaws.com");
  CHECK(aws::resolve_endpoint(env, "secretsmanager", "cn-north-1") ==
        "https://secretsmanager.cn-north-1.amazonaws.com.cn");
  CHECK(aws::resolve_endpoint(env, "sts", "") == "https://sts.amazonaws.com");
  CHECK(aws::resolve_endpoint(env, "ssm", "eu-west-1", "http://profile:1") == "http://profile:1");
  env["AWS_ENDPOINT_URL"] = "http://global:2";
  CHECK(aws::resolve_endpoint(env, "ssm", "eu-west-1", "http://profile:1") == "http://global:2");
  env["AWS_ENDPOINT_URL_SECRETS_MANAGER"] = "http://sm:3";
  CHECK(aws::resolve_endpoint(env, "secretsmanager", "eu-west-1") == "http://sm:3");
  CHECK(aws::resolve_endpoint(env, "ssm", "eu-west-1") == "http://global:2");
  CHECK(aws::resolve_endpoint(env, "ssm", "eu-west-1", "", "http://configured:4") == "http://configured:4");
  env["AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"] = "true";
  CHECK(aws::resolve_endpoint(env, "secretsmanager", "eu-west-1", "http://profile:1") ==
        "https://secretsmanager.eu-west-1.amazonaws.com");
  CHECK(aws::configured_endpoint(env, "ssm", "http://profile:1").empty());
  CHECK_THROWS_AS(aws::resolve_endpoint({}, "ssm", "evil.example/x"), hush::Error);
  CHECK_THROWS_AS(aws::resolve_endpoint({}, "ssm", ""), hush::Error);
  CHECK(aws::endpoint_env_suffix("ssm") == "SSM");
  CHECK(aws::endpoint_env_suffix("secretsmanager") == "SECRETS_MANAGER");
  CHECK(aws::endpoint_env_suffix("sts") == "STS");
}

TEST_CASE("Region from AWS_REGION, then AWS_DEFAULT_REGION, then the profile", "[aws][endpoints]") {
  CHECK(aws::region_from_settings({}, "") == "");
  CHECK(aws::region_from_settings({}, "ap-east-1") == "ap-east-1");
  CHECK(aws::region_from_settings({{"AWS_DEFAULT_REGION", "us-west-1"}}, "ap-east-1") == "us-west-1");
  CHECK(aws::region_from_settings({{"AWS_DEFAULT_REGION", "us-west-1"}, {"AWS_REGION", "us-west-2"}}, "x") ==
        "us-west-2");
  CHECK(aws::valid_region("us-gov-west-1"));
  CHECK_FALSE(aws::valid_region("US-EAST-1"));
  CHECK(aws::env_flag({{"X", "TRUE"}}, "X"));
  CHECK_FALSE(aws::env_flag({{"X", "false"}}, "X"));
}

TEST_CASE("Endpoint URLs give the Host header that is signed and sent", "[aws][endpoints]") {
  using aws::detail::split_url;
  CHECK(split_url("https://ssm.us-east-1.amazonaws.com").host_header() == "ssm.us-east-1.amazonaws.com");
  CHECK(split_url("https://ssm.us-east-1.amazonaws.com:443/").host_header() == "ssm.us-east-1.amazonaws.com");
  CHECK(split_url("http://127.0.0.1:4566").host_header() == "127.0.0.1:4566");
  CHECK(split_url("http://127.0.0.1:80").host_header() == "127.0.0.1");
  CHECK(split_url("HTTP://[::1]:8080/base/path?q=1").host_header() == "[::1]:8080");
  CHECK(split_url("http://[::1]:8080/base/path?q=1").path == "/base/path");
  CHECK(split_url("http://h").path == "/");
  CHECK(split_url("http://h:1/x").origin() == "http://h:1");
  CHECK_THROWS_AS(split_url("ftp://h"), hush::Error);
  CHECK_THROWS_AS(split_url("h:1"), hush::Error);
  CHECK_THROWS_AS(split_url("http://user:pw@h/"), hush::Error);
  CHECK_THROWS_AS(split_url("http://h:12ab/"), hush::Error);
  CHECK_THROWS_AS(split_url("http:///x"), hush::Error);

  CHECK(aws::detail::allowed_plain_http_host("127.0.0.1"));
  CHECK(aws::detail::allowed_plain_http_host("127.1.2.3"));
  CHECK(aws::detail::allowed_plain_http_host("localhost"));
  CHECK(aws::detail::allowed_plain_http_host("[::1]"));
  CHECK(aws::detail::allowed_plain_http_host("169.254.170.2"));
  CHECK(aws::detail::allowed_plain_http_host("169.254.170.23"));
  CHECK_FALSE(aws::detail::allowed_plain_http_host("127.0.0.1.evil.example"));
  CHECK_FALSE(aws::detail::allowed_plain_http_host("192.0.2.1"));
}
