#include <random>
#include <string>
#include <vector>

#include "catch.hpp"
#include "hush/scanner/validators.hpp"
#include "test_support.hpp"

using namespace hush::scanner;

TEST_CASE("crc32 matches the standard check value", "[validators]") {
  // The CRC-32/ISO-HDLC check value of "123456789" is published with the algorithm.
  CHECK(crc32("123456789") == 0xCBF43926u);
  CHECK(crc32("") == 0u);
}

TEST_CASE("base62 encoding pads to the requested width", "[validators]") {
  CHECK(base62_encode(0, 6) == "000000");
  CHECK(base62_encode(61, 2) == "0z");
  CHECK(base62_encode(62, 3) == "010");
  CHECK(base62_encode(0xFFFFFFFFu, 6) == "4gfFC3");
}

TEST_CASE("base62-crc32 validator accepts well-formed tokens and rejects altered ones", "[validators]") {
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

TEST_CASE("unknown validators are not found", "[validators]") { CHECK(find_validator("nope") == nullptr); }

TEST_CASE("every validator answers on arbitrary bytes", "[validators]") {
  // Validators see whatever a regex matched in untrusted files. Pieces of every format, glued
  // at random with random bytes, reach deep into each parser; a sanitizer build turns any
  // out-of-bounds read into a failure here.
  const std::vector<std::string> pieces = {"-----BEGIN ",
                                           "RSA PRIVATE KEY",
                                           "OPENSSH PRIVATE KEY",
                                           "PGP PRIVATE KEY BLOCK",
                                           "PRIVATE KEY",
                                           "-----",
                                           "-----END ",
                                           "\n",
                                           "\n",
                                           "\r",
                                           "\r\n",
                                           "Proc-Type: 4,ENCRYPTED",
                                           "MII",
                                           "MIIBOgIBAAJBAK",
                                           "b3BlbnNzaC1rZXktdjEA",
                                           "lFgE",
                                           "=9EAZ",
                                           "AAAA",
                                           "////",
                                           "==",
                                           "=",
                                           "AGE-SECRET-KEY-1",
                                           "age-secret-key-1",
                                           "qpzry9x8",
                                           "QPZRY9X8",
                                           "1",
                                           "eyJ",
                                           "eyJhbGciOiJIUzI1NiJ9",
                                           ".",
                                           "..",
                                           "_",
                                           "-",
                                           "glsa_",
                                           "ATATT3xFfGF0",
                                           "ATCTT3",
                                           "0123abcd",
                                           "DEADBEEF",
                                           "Private-Lines: ",
                                           "Private-MAC: ",
                                           "2",
                                           "999",
                                           "LS0tLS1CRUdJTiBSU0EgUFJJVkFURSBLRVktLS0tL",
                                           "ghp_",
                                           " ",
                                           ":"};
  std::mt19937 rng(20240229);
  std::uniform_int_distribution<std::size_t> piece(0, pieces.size() - 1);
  std::uniform_int_distribution<int> byte(0, 255);
  std::uniform_int_distribution<int> count(0, 12);
  std::size_t passed = 0;
  for (int round = 0; round < 4000; ++round) {
    std::string input;
    for (int n = count(rng); n-- > 0;) {
      if (byte(rng) < 40) input.push_back(static_cast<char>(byte(rng)));
      else input += pieces[piece(rng)];
    }
    for (const ValidatorInfo& v : all_validators()) {
      const Validation result = v.fn(input);
      CHECK((result == Validation::passed || result == Validation::failed));
      passed += result == Validation::passed;
      // Every prefix too: truncation is the commonest damage.
      if (round % 50 == 0)
        for (std::size_t cut = 0; cut < input.size(); ++cut) (void)v.fn(std::string_view(input).substr(0, cut));
    }
  }
  CHECK(passed == 0);  // glued fragments never make a checksum or a key structure by chance
}
