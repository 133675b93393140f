// The "base64-user-password" validator: HTTP Basic credentials and docker's config.json "auth".
#include <string>

#include "catch.hpp"
#include "hush/scanner/validators.hpp"
#include "test_support.hpp"

using namespace hush::scanner;

namespace {

Validation check(const std::string& encoded) {
  const ValidatorInfo* v = find_validator("base64-user-password");
  REQUIRE(v != nullptr);
  return v->fn(encoded);
}

}  // namespace

TEST_CASE("base64-user-password accepts printable user:password pairs", "[validators]") {
  CHECK(check(hush::test::base64("deploy-bot:Qm7vT2xLp9Wz")) == Validation::passed);
  CHECK(check(hush::test::base64(":k3Jx9Q2mWp7Tz4Lb")) == Validation::passed);  // a token as the password of no user
  CHECK(check(hush::test::base64("svc:pa:ss:Wq7p2Kz9")) ==
        Validation::passed);  // colons after the first belong to the password
  CHECK(check(hush::test::base64("buildagent:hT6yN2wQ9s\n")) == Validation::passed);             // echo's newline
  CHECK(check(hush::test::base64("jos\xC3\xA9:s\xC9\x99kr\xC9\x99t7Q")) == Validation::passed);  // UTF-8 letters
  std::string unpadded = hush::test::base64("ci:4fK9qZ2mX7pLw");
  while (unpadded.back() == '=') unpadded.pop_back();
  CHECK(check(unpadded) == Validation::passed);
}

TEST_CASE("base64-user-password rejects what is not a pair", "[validators]") {
  CHECK(check(hush::test::base64("ops:")) == Validation::failed);             // no password
  CHECK(check(hush::test::base64("nouser")) == Validation::failed);           // no colon
  CHECK(check(hush::test::base64("ab\x01:cdefgh")) == Validation::failed);    // control character
  CHECK(check(hush::test::base64("user:\xC3(bad")) == Validation::failed);    // malformed UTF-8
  CHECK(check(hush::test::base64("user:\xE2\x82")) == Validation::failed);    // UTF-8 cut short
  CHECK(check(hush::test::base64("user:\xC0\xAFxy")) == Validation::failed);  // overlong form
  CHECK(check(hush::test::base64(std::string(600, 'a') + ":b")) == Validation::failed);
  CHECK(check("configuration") == Validation::failed);  // a word, not base64 of anything
  CHECK(check("Zm9v!YmFy") == Validation::failed);
  CHECK(check(hush::test::base64(R"({"alg":"HS256"})")) == Validation::failed);  // JSON, not a user id
  CHECK(check("") == Validation::failed);
}

TEST_CASE("base64-user-password leaves placeholder passwords to be weighed as text", "[validators]") {
  CHECK(check(hush::test::base64("alice:password")) == Validation::none);
  CHECK(check(hush::test::base64("tester:changeme")) == Validation::none);
  CHECK(check(hush::test::base64("alice:Vz8kP3qTmw")) == Validation::passed);
}
