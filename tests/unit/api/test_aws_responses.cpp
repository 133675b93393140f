#include <chrono>
#include <string>
#include <utility>
#include <vector>

#include "catch.hpp"
#include "hush/vault_client/aws/responses.hpp"

namespace aws = hush::vault_client::aws;
using hush::vault_client::StoreError;
using hush::vault_client::StoreFailure;

namespace {

StoreFailure failure_of(void (*f)()) {
  try {
    f();
  } catch (const StoreError& e) {
    return e.failure();
  }
  FAIL("no StoreError thrown");
  return StoreFailure::bad_response;
}

}  // namespace

TEST_CASE("SSM GetParameter answers parse into guarded values", "[aws][responses]") {
  const auto p = aws::parse_get_parameter(
      R"({"Parameter":{"Name":"/app/db","Type":"SecureString","Value":"pa55\"word","Version":3,
          "ARN":"arn:aws:ssm:us-east-1:123456789012:parameter/app/db","LastModifiedDate":1.7e9,"DataType":"text"}})");
  CHECK(p.name == "/app/db");
  CHECK(p.type == "SecureString");
  CHECK(p.value.view() == "pa55\"word");
  CHECK(p.version == 3);
  CHECK(p.arn.find(":parameter/app/db") != std::string::npos);

  CHECK(failure_of([] { (void)aws::parse_get_parameter("not json"); }) == StoreFailure::bad_response);
  CHECK(failure_of([] { (void)aws::parse_get_parameter(R"({"Parameter":{"Name":"x"}})"); }) ==
        StoreFailure::bad_response);
  CHECK(failure_of([] { (void)aws::parse_get_parameter(R"({"Parameter":{"Value":"v"}})"); }) ==
        StoreFailure::bad_response);
  CHECK(failure_of([] { (void)aws::parse_get_parameter(R"([1,2])"); }) == StoreFailure::bad_response);
}

TEST_CASE("SSM GetParameters and GetParametersByPath pages parse", "[aws][responses]") {
  const auto batch = aws::parse_get_parameters(
      R"({"Parameters":[{"Name":"a","Type":"String","Value":"1"},{"Name":"b","Type":"StringList","Value":"x,y"}],
          "InvalidParameters":["missing-1","missing-2"]})");
  REQUIRE(batch.parameters.size() == 2);
  CHECK(batch.parameters[1].value.view() == "x,y");
  CHECK(batch.invalid_parameters == std::vector<std::string>{"missing-1", "missing-2"});

  const auto page = aws::parse_get_parameters_by_path(R"({"Parameters":[],"NextToken":"tok-2"})");
  CHECK(page.parameters.empty());
  CHECK(page.next_token == "tok-2");
  CHECK(aws::parse_get_parameters_by_path(R"({"Parameters":[{"Name":"a","Value":"1"}]})").next_token.empty());
  CHECK(aws::parse_get_parameters_by_path(R"({"NextToken":null})").next_token.empty());
  CHECK(failure_of([] { (void)aws::parse_get_parameters_by_path(R"({"NextToken":5})"); }) ==
        StoreFailure::bad_response);
  CHECK(failure_of([] { (void)aws::parse_get_parameters(R"({"InvalidParameters":[1]})"); }) ==
        StoreFailure::bad_response);
}

TEST_CASE("Secrets Manager answers: string, binary, stages", "[aws][responses]") {
  const auto text = aws::parse_get_secret_value(
      R"({"ARN":"arn:aws:secretsmanager:us-east-1:1:secret:app-AbCdEf","Name":"app","VersionId":"v1",
          "SecretString":"{\"user\":\"u\",\"password\":\"p\"}","VersionStages":["AWSCURRENT"],"CreatedDate":1.5e9})");
  CHECK(text.name == "app");
  CHECK(text.version_id == "v1");
  CHECK(text.version_stages == std::vector<std::string>{"AWSCURRENT"});
  CHECK_FALSE(text.binary);
  CHECK(text.value.view() == R"({"user":"u","password":"p"})");

  const auto binary = aws::parse_get_secret_value(R"({"Name":"bin","SecretBinary":"AAEC/w=="})");
  CHECK(binary.binary);
  CHECK(binary.value.view() == std::string("\x00\x01\x02\xff", 4));

  CHECK(failure_of([] { (void)aws::parse_get_secret_value(R"({"Name":"x","SecretBinary":"**"})"); }) ==
        StoreFailure::bad_response);
  CHECK(failure_of([] { (void)aws::parse_get_secret_value(R"({"Name":"x"})"); }) == StoreFailure::bad_response);
}

TEST_CASE("JSON key selection takes a top-level key, then a dotted path", "[aws][responses]") {
  const std::string secret =
      R"({"user":"admin","db.password":"flat","db":{"password":"nested","port":5432},"list":[1,2]})";
  CHECK(aws::select_json_key(secret, "user").view() == "admin");
  CHECK(aws::select_json_key(secret, "db.password").view() == "flat");
  CHECK(aws::select_json_key(secret, "db.port").view() == "5432");
  CHECK(aws::select_json_key(secret, "list").view() == "[1,2]");
  try {
    (void)aws::select_json_key(secret, "db.missing");
    FAIL("expected not_found");
  } catch (const StoreError& e) {
    CHECK(e.failure() == StoreFailure::not_found);
    CHECK(std::string(e.what()).find("db.missing") != std::string::npos);
    CHECK(std::string(e.what()).find("nested") == std::string::npos);
  }
  CHECK(failure_of([] { (void)aws::select_json_key("plain text secret", "k"); }) == StoreFailure::bad_response);
  // Nested deeper than the reader's bound: a bad response that says so, not a crash.
  const std::string deep = "{\"k\":" + std::string(80000, '[') + std::string(80000, ']') + "}";
  try {
    (void)aws::select_json_key(deep, "k");
    FAIL("expected bad_response");
  } catch (const StoreError& e) {
    CHECK(e.failure() == StoreFailure::bad_response);
    CHECK(std::string(e.what()) == "the secret is JSON nested deeper than 128 levels, so its key 'k' is not read");
  }
}

TEST_CASE("JSON secrets imported key by key, in one read", "[aws][responses]") {
  const auto entries = aws::json_secret_entries(R"({"user":"admin","db":{"port":5432},"n":7})");
  REQUIRE(entries.size() == 3);
  CHECK(entries[0].first == "db");
  CHECK(entries[0].second.view() == R"({"port":5432})");
  CHECK(entries[1].first == "n");
  CHECK(entries[1].second.view() == "7");
  CHECK(entries[2].first == "user");
  CHECK(entries[2].second.view() == "admin");
  CHECK(failure_of([] { (void)aws::json_secret_entries("[1, 2]"); }) == StoreFailure::bad_response);
  CHECK(failure_of([] { (void)aws::json_secret_entries(std::string(500, '[') + std::string(500, ']')); }) ==
        StoreFailure::bad_response);
}

TEST_CASE("AWS JSON errors: code from header or body, classified", "[aws][responses]") {
  auto e = aws::parse_json_error(std::nullopt, R"({"__type":"com.amazonaws.ssm#ParameterNotFound","message":"gone"})");
  CHECK(e.code == "ParameterNotFound");
  CHECK(e.message == "gone");
  e = aws::parse_json_error(std::string_view("ThrottlingException:http://internal.amazon.com/coral/"), "{}");
  CHECK(e.code == "ThrottlingException");
  e = aws::parse_json_error(std::nullopt, R"({"__type":"AccessDeniedException","Message":"no\nway"})");
  CHECK(e.code == "AccessDeniedException");
  CHECK(e.message == "no way");
  e = aws::parse_json_error(std::nullopt, "<html>bad gateway</html>");
  CHECK(e.code.empty());

  // Each failure class with the answers (status, error code) that mean it.
  const std::pair<StoreFailure, std::vector<std::pair<int, std::string>>> classes[] = {
      {StoreFailure::not_found, {{400, "ParameterNotFound"}, {400, "ResourceNotFoundException"}}},
      {StoreFailure::permission_denied, {{400, "AccessDeniedException"}, {403, ""}}},
      {StoreFailure::auth_failed,
       {{400, "UnrecognizedClientException"}, {403, "InvalidSignatureException"}, {400, "ExpiredTokenException"}}},
      {StoreFailure::throttled, {{400, "ThrottlingException"}, {429, "Whatever"}}},
      {StoreFailure::unavailable, {{500, "InternalServerError"}, {503, ""}}},
      {StoreFailure::invalid_request, {{400, "ValidationException"}}},
      {StoreFailure::decrypt_failed, {{400, "DecryptionFailure"}}},
  };
  for (const auto& [failure, answers] : classes) {
    for (const auto& [status, code] : answers) {
      CAPTURE(status, code);
      CHECK(aws::classify_aws_error(status, code) == failure);
    }
  }

  const std::string message = aws::describe_aws_error("SSM", "GetParameter", "/app/db", 400,
                                                      aws::AwsError{"ParameterNotFound", "Parameter not found"});
  CHECK(message.find("SSM GetParameter '/app/db': not found (ParameterNotFound") == 0);
}

TEST_CASE("STS XML credentials and errors parse", "[aws][responses]") {
  const std::string xml = R"(<AssumeRoleWithWebIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <AssumeRoleWithWebIdentityResult>
    <Credentials>
      <AccessKeyId>ASIAEXAMPLE</AccessKeyId>
      <SecretAccessKey>se/cr+et&amp;key</SecretAccessKey>
      <SessionToken>to&#107;en&#x21;</SessionToken>
      <Expiration>2030-01-02T03:04:05Z</Expiration>
    </Credentials>
  </AssumeRoleWithWebIdentityResult></AssumeRoleWithWebIdentityResponse>)";
  const auto c = aws::parse_sts_credentials(xml, "web identity");
  CHECK(c.access_key_id == "ASIAEXAMPLE");
  CHECK(c.secret_access_key.view() == "se/cr+et&key");
  CHECK(c.session_token.view() == "token!");
  REQUIRE(c.expiration.has_value());
  CHECK(std::chrono::system_clock::to_time_t(*c.expiration) == 1893553445);
  CHECK(c.source == "web identity");

  const auto e = aws::parse_sts_error(
      "<ErrorResponse><Error><Type>Sender</Type><Code>InvalidIdentityToken</Code><Message>bad "
      "&lt;jwt&gt;</Message></Error></ErrorResponse>");
  CHECK(e.code == "InvalidIdentityToken");
  CHECK(e.message == "bad <jwt>");
  CHECK(failure_of([] {
          (void)aws::parse_sts_credentials("<Credentials><AccessKeyId>A</AccessKeyId></Credentials>", "x");
        }) == StoreFailure::bad_response);
  CHECK(failure_of([] { (void)aws::parse_sts_credentials("<x/>", "x"); }) == StoreFailure::bad_response);
}

TEST_CASE("Container and IMDS credentials JSON parse, IMDS failure codes are errors", "[aws][responses]") {
  const auto c = aws::parse_credentials_json(
      R"({"Code":"Success","Type":"AWS-HMAC","AccessKeyId":"ASIA1","SecretAccessKey":"sk","Token":"tk",)"
      R"("Expiration":"2030-01-02T03:04:05.123+01:00"})",
      "imds");
  CHECK(c.access_key_id == "ASIA1");
  CHECK(c.secret_access_key.view() == "sk");
  CHECK(c.session_token.view() == "tk");
  REQUIRE(c.expiration.has_value());
  CHECK(std::chrono::system_clock::to_time_t(*c.expiration) == 1893553445 - 3600);

  const auto long_term = aws::parse_credentials_json(R"({"AccessKeyId":"AKIA1","SecretAccessKey":"sk"})", "container");
  CHECK_FALSE(long_term.temporary());
  CHECK_FALSE(long_term.expiration.has_value());

  CHECK(failure_of([] { (void)aws::parse_credentials_json(R"({"Code":"Failure"})", "imds"); }) ==
        StoreFailure::auth_failed);
  CHECK(failure_of([] { (void)aws::parse_credentials_json(R"({"AccessKeyId":"A"})", "imds"); }) ==
        StoreFailure::bad_response);
  CHECK(failure_of([] {
          (void)aws::parse_credentials_json(R"({"AccessKeyId":"A","SecretAccessKey":"s","Expiration":"soon"})", "imds");
        }) == StoreFailure::bad_response);
}

TEST_CASE("ISO 8601 timestamps as AWS writes them", "[aws][responses]") {
  using std::chrono::system_clock;
  CHECK(system_clock::to_time_t(*aws::parse_iso8601("1970-01-01T00:00:00Z")) == 0);
  CHECK(system_clock::to_time_t(*aws::parse_iso8601("2015-08-30T12:36:00Z")) == 1440938160);
  CHECK(system_clock::to_time_t(*aws::parse_iso8601("2015-08-30T14:36:00+02:00")) == 1440938160);
  CHECK(system_clock::to_time_t(*aws::parse_iso8601("2015-08-30T12:36:00.999999Z")) == 1440938160);
  CHECK_FALSE(aws::parse_iso8601("2015-08-30T12:36:00").has_value());
  CHECK_FALSE(aws::parse_iso8601("2015-13-30T12:36:00Z").has_value());
  CHECK_FALSE(aws::parse_iso8601("").has_value());
  CHECK_FALSE(aws::parse_iso8601("2015-08-30T12:36:00Zjunk").has_value());
  // Outside what system_clock's nanoseconds can hold (found by fuzz_aws_response): malformed.
  CHECK_FALSE(aws::parse_iso8601("0969-01-01T00:00:00Z").has_value());
  CHECK_FALSE(aws::parse_iso8601("9999-12-31T23:59:59Z").has_value());
  CHECK(aws::parse_iso8601("2200-01-01T00:00:00Z").has_value());
}
