#include <chrono>
#include <string>

#include "catch.hpp"
#include "hush/vault_client/aws/credentials.hpp"
#include "hush/vault_client/aws/sigv4.hpp"

namespace aws = hush::vault_client::aws;

namespace {

constexpr const char* access_key = "AKIDEXAMPLE";
constexpr const char* secret_key = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
constexpr const char* date = "20150830T123600Z";

aws::SignableRequest vanilla(const std::string& method, const std::string& query = "") {
  aws::SignableRequest request;
  request.method = method;
  request.path = "/";
  request.query = query;
  request.headers = {{"Host", "example.amazonaws.com"}, {"X-Amz-Date", date}};
  return request;
}

// An SSM GetParameter call to `host`, unsigned.
aws::SignableRequest ssm_request(const std::string& host) {
  aws::SignableRequest request;
  request.method = "POST";
  request.path = "/";
  request.payload = "{}";
  request.headers = {
      {"host", host}, {"content-type", "application/x-amz-json-1.1"}, {"x-amz-target", "AmazonSSM.GetParameter"}};
  return request;
}

std::string hex(const std::array<unsigned char, 32>& bytes) {
  std::string out;
  for (const unsigned char b : bytes) {
    out.push_back("0123456789abcdef"[b >> 4]);
    out.push_back("0123456789abcdef"[b & 0x0f]);
  }
  return out;
}

}  // namespace

TEST_CASE("SigV4 reproduces the published IAM ListUsers vector", "[sigv4]") {
  aws::SignableRequest request;
  request.method = "GET";
  request.path = "/";
  request.query = "Action=ListUsers&Version=2010-05-08";
  request.headers = {{"Host", "iam.amazonaws.com"},
                     {"Content-Type", "application/x-www-form-urlencoded; charset=utf-8"},
                     {"X-Amz-Date", date}};
  const aws::SigningScope scope{"us-east-1", "iam", date};

  std::string names;
  const std::string canonical = aws::canonical_request(request, &names);
  CHECK(names == "content-type;host;x-amz-date");
  CHECK(canonical ==
        "GET\n/\nAction=ListUsers&Version=2010-05-08\n"
        "content-type:application/x-www-form-urlencoded; "
        "charset=utf-8\nhost:iam.amazonaws.com\nx-amz-date:20150830T123600Z\n\n"
        "content-type;host;x-amz-date\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(aws::credential_scope(scope) == "20150830/us-east-1/iam/aws4_request");
  CHECK(hex(aws::signing_key(secret_key, scope)) == "c4afb1cc5771d871763a393e44b703571b55cc28424d1a5e86da6ed3c154a4b9");
  CHECK(aws::signature(request, secret_key, scope) ==
        "5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7");
  CHECK(aws::authorization_header(request, access_key, secret_key, scope) ==
        "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, "
        "SignedHeaders=content-type;host;x-amz-date, "
        "Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7");
}

TEST_CASE("SigV4 reproduces the published vanilla GET, POST and query-order vectors", "[sigv4]") {
  const aws::SigningScope scope{"us-east-1", "service", date};
  std::string names;

  const aws::SignableRequest get = vanilla("GET");
  (void)aws::canonical_request(get, &names);
  CHECK(names == "host;x-amz-date");
  CHECK(aws::signature(get, secret_key, scope) == "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31");

  const aws::SignableRequest post = vanilla("POST");
  (void)aws::canonical_request(post, &names);
  CHECK(names == "host;x-amz-date");
  CHECK(aws::signature(post, secret_key, scope) == "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b");

  const aws::SignableRequest query = vanilla("GET", "Param2=value2&Param1=value1");
  CHECK(aws::canonical_request(query).find("\nParam1=value1&Param2=value2\n") != std::string::npos);
  CHECK(aws::signature(query, secret_key, scope) == "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500");
  CHECK(
      aws::authorization_header(query, access_key, secret_key, scope) ==
      "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, "
      "Signature=b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500");
}

TEST_CASE("SigV4 hashes the payload and canonicalises header values", "[sigv4]") {
  CHECK(aws::sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(aws::sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");

  aws::SignableRequest request = vanilla("POST");
  request.payload = "{}";
  request.headers.emplace_back("X-Amz-Target", "  AmazonSSM.GetParameter   ");
  request.headers.emplace_back("My-Header", "a   b \t c");
  const std::string canonical = aws::canonical_request(request);
  CHECK(canonical.find("x-amz-target:AmazonSSM.GetParameter\n") != std::string::npos);
  CHECK(canonical.find("my-header:a b c\n") != std::string::npos);
  CHECK(canonical.substr(canonical.size() - 64) == aws::sha256_hex("{}"));
  // Paths are encoded once per segment; query values are normalised to one encoding.
  request.path = "/a b/c";
  request.query = "k=a%20b&e=";
  const std::string encoded = aws::canonical_request(request);
  CHECK(encoded.find("POST\n/a%20b/c\ne=&k=a%20b\n") == 0);
}

TEST_CASE("sign_request signs the session token and keeps a non-default port in host", "[sigv4]") {
  aws::Credentials credentials;
  credentials.access_key_id = access_key;
  credentials.secret_access_key = hush::SecretBuffer(secret_key);
  credentials.session_token = hush::SecretBuffer("session-token-value");

  aws::SignableRequest request = ssm_request("127.0.0.1:4566");
  // 2015-08-30T12:36:00Z
  const auto when = std::chrono::system_clock::time_point{std::chrono::seconds{1440938160}};
  CHECK(aws::format_amz_date(when) == date);
  const std::string authorization = aws::sign_request(request, credentials, "us-east-1", "ssm", when);

  // The token is signed but left to the caller to send as a sensitive header.
  for (const auto& [name, value] : request.headers) CHECK(name != "x-amz-security-token");
  CHECK(request.headers.back().first == "x-amz-date");
  CHECK(request.headers.back().second == date);
  CHECK(authorization.find("SignedHeaders=content-type;host;x-amz-date;x-amz-security-token;x-amz-target,") !=
        std::string::npos);
  CHECK(authorization.find("Credential=AKIDEXAMPLE/20150830/us-east-1/ssm/aws4_request") != std::string::npos);
  CHECK(aws::canonical_request(request).find("host:127.0.0.1:4566\n") != std::string::npos);

  // The signature covers the token: the same request signed with the token as an ordinary header
  // gives the same Authorization, a different token a different one.
  aws::SignableRequest with_token = request;
  with_token.headers.pop_back();
  with_token.headers.emplace_back("x-amz-security-token", "session-token-value");
  with_token.headers.emplace_back("x-amz-date", date);
  const aws::SigningScope scope{"us-east-1", "ssm", date};
  CHECK(aws::authorization_header(with_token, access_key, secret_key, scope) == authorization);
  with_token.headers[with_token.headers.size() - 2].second = "another-token";
  CHECK(aws::authorization_header(with_token, access_key, secret_key, scope) != authorization);

  // Changing any signed header changes the signature.
  aws::SignableRequest other_port = ssm_request("127.0.0.1:4567");
  CHECK(aws::sign_request(other_port, credentials, "us-east-1", "ssm", when) != authorization);
}
