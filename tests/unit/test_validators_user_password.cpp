// The "base64-user-password" validator: HTTP Basic credentials and docker's config.json "auth".
#include <string>

#include "catch.hpp"
#include "hush/scanner/validators.hpp"

using namespace hush::scanner;

namespace {

std::string b64(const std::string& bytes) {
  static constexpr char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  for (std::size_t i = 0; i < bytes.size(); i += 3) {
    unsigned n = static_cast<unsigned char>(bytes[i]) << 16;
    if (i + 1 < bytes.size()) n |= static_cast<unsigned char>(bytes[i + 1]) << 8;
    if (i + 2 < bytes.size()) n |= static_cast<unsigned char>(bytes[i + 2]);
    out.push_back(alphabet[(n >> 18) & 63]);
    out.push_back(alphabet[(n >> 12) & 63]);
    out.push_back(i + 1 < bytes.size() ? alphabet[(n >> 6) & 63] : '=');
    out.push_back(i + 2 < bytes.size() ? alphabet[n & 63] : '=');
  }
  return out;
}

Validation check(const std::string& encoded) {
  const ValidatorInfo* v = find_validator("base64-user-password");
  REQUIRE(v != nullptr);
  return v->fn(encoded);
}

}  // namespace

TEST_CASE("base64-user-password accepts printable user:password pairs", "[validators]") {
  CHECK(check(b64("deploy-bot:Qm7vT2xLp9Wz")) == Validation::passed);
  CHECK(check(b64(":k3Jx9Q2mWp7Tz4Lb")) == Validation::passed);           // a token as the password of no user
  CHECK(check(b64("svc:pa:ss:Wq7p2Kz9")) == Validation::passed);          // colons after the first belong to the password
  CHECK(check(b64("buildagent:hT6yN2wQ9s\n")) == Validation::passed);     // echo's newline
  CHECK(check(b64("jos\xC3\xA9:s\xC9\x99kr\xC9\x99t7Q")) == Validation::passed);  // UTF-8 letters
  std::string unpadded = b64("ci:4fK9qZ2mX7pLw");
  while (unpadded.back() == '=') unpadded.pop_back();
  CHECK(check(unpadded) == Validation::passed);
}

TEST_CASE("base64-user-password rejects what is not a pair", "[validators]") {
  CHECK(check(b64("ops:")) == Validation::failed);                  // no password
  CHECK(check(b64("nouser")) == Validation::failed);                // no colon
  CHECK(check(b64("ab\x01:cdefgh")) == Validation::failed);         // control character
  CHECK(check(b64("user:\xC3(bad")) == Validation::failed);         // malformed UTF-8
  CHECK(check(b64("user:\xE2\x82")) == Validation::failed);         // UTF-8 cut short
  CHECK(check(b64("user:\xC0\xAFxy")) == Validation::failed);       // overlong form
  CHECK(check(b64(std::string(600, 'a') + ":b")) == Validation::failed);
  CHECK(check("configuration") == Validation::failed);              // a word, not base64 of anything
  CHECK(check("Zm9v!YmFy") == Validation::failed);
  CHECK(check(b64(R"({"alg":"HS256"})")) == Validation::failed);  // JSON, not a user id
  CHECK(check("") == Validation::failed);
}

TEST_CASE("base64-user-password leaves placeholder passwords to be weighed as text", "[validators]") {
  CHECK(check(b64("alice:password")) == Validation::none);
  CHECK(check(b64("tester:changeme")) == Validation::none);
  CHECK(check(b64("alice:Vz8kP3qTmw")) == Validation::passed);
}
