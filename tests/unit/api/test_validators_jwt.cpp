// The "jwt" structure validator: signed compact JWS tokens only.
#include <random>
#include <string>

#include "catch.hpp"
#include "hush/scanner/validators.hpp"
#include "test_support.hpp"

using namespace hush::scanner;

namespace {

std::string random_bytes(unsigned seed, std::size_t n) {
  std::mt19937 rng(seed);
  std::string out(n, '\0');
  for (auto& c : out) c = static_cast<char>(rng() & 0xFF);
  return out;
}

std::string jwt(const std::string& header, const std::string& payload, std::size_t signature_bytes, unsigned seed = 1) {
  return hush::test::base64(header, true, false) + "." + hush::test::base64(payload, true, false) + "." +
         hush::test::base64(random_bytes(seed, signature_bytes), true, false);
}

const std::string payload = R"({"sub":"svc-deploy","iss":"https://auth.example.com","exp":1900000000})";

}  // namespace

TEST_CASE("jwt accepts signed tokens of each algorithm family", "[validators]") {
  const ValidatorInfo* v = find_validator("jwt");
  REQUIRE(v != nullptr);
  CHECK(v->fn(jwt(R"({"alg":"HS256","typ":"JWT"})", payload, 32)) == Validation::passed);
  CHECK(v->fn(jwt(R"({"alg":"HS512"})", payload, 64)) == Validation::passed);
  CHECK(v->fn(jwt(R"({"typ":"JWT","alg":"RS256","kid":"k1"})", payload, 256)) == Validation::passed);
  CHECK(v->fn(jwt(R"({"alg":"ES256"})", payload, 64)) == Validation::passed);
  CHECK(v->fn(jwt(R"({"alg":"EdDSA"})", payload, 64)) == Validation::passed);
  CHECK(v->fn(jwt(R"({"alg":"XYZ1"})", payload, 40)) == Validation::passed);  // unregistered: any plausible size
  CHECK(v->fn(jwt("{\n  \"alg\": \"HS256\"\n}", "{ \"iat\": 1 }", 32)) == Validation::passed);
  // A fixed token, built by hand: {"alg":"HS256","typ":"JWT"} . {"sub":"test"} . 32 bytes.
  CHECK(v->fn("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ0ZXN0In0."
              "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8") == Validation::passed);
}

TEST_CASE("jwt rejects unsigned, malformed, altered and truncated tokens", "[validators]") {
  const ValidatorInfo* v = find_validator("jwt");
  REQUIRE(v != nullptr);
  const std::string good = jwt(R"({"alg":"HS256","typ":"JWT"})", payload, 32);
  REQUIRE(v->fn(good) == Validation::passed);

  SECTION("unsigned tokens carry no secret") {
    CHECK(v->fn(jwt(R"({"alg":"none"})", payload, 0)) == Validation::failed);
    CHECK(v->fn(jwt(R"({"alg":"none"})", payload, 32)) == Validation::failed);
    CHECK(v->fn(jwt(R"({"alg":""})", payload, 32)) == Validation::failed);
  }
  SECTION("header and payload must be JSON objects, alg a string") {
    CHECK(v->fn(jwt(R"({"typ":"JWT"})", payload, 32)) == Validation::failed);
    CHECK(v->fn(jwt(R"({"alg":256})", payload, 32)) == Validation::failed);
    CHECK(v->fn(jwt(R"({"alg":"HS256","typ":1})", payload, 32)) == Validation::failed);
    CHECK(v->fn(jwt(R"(["alg","HS256"])", payload, 32)) == Validation::failed);
    CHECK(v->fn(jwt(R"({"alg":"HS256"})", "[1,2,3]", 32)) == Validation::failed);
    CHECK(v->fn(jwt(R"({"alg":"HS256"})", "not json at all", 32)) == Validation::failed);
    CHECK(v->fn(jwt(R"({"alg":"HS256"})", R"({"iat":1)", 32)) == Validation::failed);
  }
  SECTION("a payload needs a claim, not a registered one") {
    CHECK(v->fn(jwt(R"({"alg":"HS256","typ":"JWT"})", R"({"role":"app_user"})", 32)) == Validation::passed);
    CHECK(v->fn(jwt(R"({"alg":"HS256","typ":"JWT"})", "{}", 32)) == Validation::failed);
    CHECK(v->fn(jwt(R"({"alg":"HS256","typ":"JWT"})", "{ }", 32)) == Validation::failed);
    CHECK(v->fn(jwt(R"({"alg":"HS256","typ":"JWT"})", R"({"some":"payload","exp":1})", 32)) == Validation::passed);
    CHECK(v->fn(jwt(R"({"alg":"RSA-OAEP","enc":"A256GCM"})", payload, 256)) == Validation::failed);
  }
  SECTION("signature size must fit the algorithm") {
    CHECK(v->fn(jwt(R"({"alg":"HS256"})", payload, 31)) == Validation::failed);
    CHECK(v->fn(jwt(R"({"alg":"HS256"})", payload, 64)) == Validation::failed);
    CHECK(v->fn(jwt(R"({"alg":"RS256"})", payload, 16)) == Validation::failed);
    CHECK(v->fn(jwt(R"({"alg":"XYZ1"})", payload, 8)) == Validation::failed);
  }
  SECTION("a one-character change in the structure fails") {
    std::string changed = good;
    changed[0] = 'f';  // the header no longer starts with '{'
    CHECK(v->fn(changed) == Validation::failed);
    changed = good;
    changed[good.find('.') + 1] = 'f';  // nor does the payload
    CHECK(v->fn(changed) == Validation::failed);
    changed = good;
    changed[good.find('.')] = '_';  // two segments
    CHECK(v->fn(changed) == Validation::failed);
    changed = good;
    changed[good.rfind('.') + 3] = '=';  // not base64url
    CHECK(v->fn(changed) == Validation::failed);
  }
  SECTION("truncated") {
    CHECK(v->fn(good.substr(0, good.size() - 1)) == Validation::failed);
    CHECK(v->fn(good.substr(0, good.rfind('.'))) == Validation::failed);
    CHECK(v->fn(good.substr(0, good.rfind('.') + 1)) == Validation::failed);
    CHECK(v->fn(good.substr(0, good.find('.') + 10)) == Validation::failed);
  }
  SECTION("garbage") {
    for (const char* garbage :
         {"", ".", "..", "...", "a.b.c", "eyJ.eyJ.AAAA", "eyJhbGciOiJIUzI1NiJ9", "\xff\xfe.\x01.\x80"}) {
      INFO(garbage);
      CHECK(v->fn(garbage) == Validation::failed);
    }
    // Deeply nested JSON must neither crash nor pass.
    CHECK(v->fn(jwt(R"({"alg":"HS256"})", std::string(3000, '[') + std::string(3000, ']'), 32)) == Validation::failed);
    CHECK(v->fn(jwt(R"({"alg":"HS256","x":)" + std::string(2000, '[') + std::string(2000, ']') + "}", payload, 32)) ==
          Validation::passed);
  }
}
