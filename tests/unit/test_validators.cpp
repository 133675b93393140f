#include "catch.hpp"
#include "hush/scanner/validators.hpp"
#include "test_support.hpp"

using namespace hush::scanner;

TEST_CASE("crc32 matches the standard check value") {
  // The CRC-32/ISO-HDLC check value of "123456789" is published with the algorithm.
  CHECK(crc32("123456789") == 0xCBF43926u);
  CHECK(crc32("") == 0u);
}

TEST_CASE("base62 encoding pads to the requested width") {
  CHECK(base62_encode(0, 6) == "000000");
  CHECK(base62_encode(61, 2) == "0z");
  CHECK(base62_encode(62, 3) == "010");
  CHECK(base62_encode(0xFFFFFFFFu, 6) == "4gfFC3");
}

TEST_CASE("base62-crc32 validator accepts well-formed tokens and rejects altered ones") {
  const ValidatorInfo* v = find_validator("base62-crc32");
  REQUIRE(v != nullptr);
  // A revoked token published as an example of real GitHub output.
  CHECK(v->fn("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") == Validation::passed);
  for (unsigned seed = 1; seed < 50; ++seed) {
    std::string token = hush::test::github_token("ghp_", seed);
    CHECK(v->fn(token) == Validation::passed);
    token[10] = token[10] == 'a' ? 'b' : 'a';
    CHECK(v->fn(token) == Validation::failed);
  }
  CHECK(v->fn("ghp_short") == Validation::failed);
  CHECK(v->fn("no-underscore") == Validation::failed);
}

TEST_CASE("unknown validators are not found") { CHECK(find_validator("nope") == nullptr); }
