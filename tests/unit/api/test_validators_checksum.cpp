// Checksum validators: Grafana service-account tokens and Atlassian tokens.
#include <cstdio>
#include <random>
#include <string>

#include "catch.hpp"
#include "hush/scanner/validators.hpp"
#include "test_support.hpp"

using namespace hush::scanner;

namespace {

constexpr char alnum[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
constexpr char base64url[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

std::string random_chars(std::mt19937& rng, const char* alphabet, std::size_t alphabet_size, std::size_t n) {
  std::uniform_int_distribution<std::size_t> pick(0, alphabet_size - 1);
  std::string out;
  for (std::size_t i = 0; i < n; ++i) out.push_back(alphabet[pick(rng)]);
  return out;
}

std::string grafana_token(unsigned seed) {
  std::mt19937 rng(seed);
  const std::string key = "glsa_" + random_chars(rng, alnum, 62, 32);
  return key + "_" + grafana_checksum(key);
}

std::string atlassian_token(const std::string& prefix, unsigned seed) {
  std::mt19937 rng(seed);
  const std::string body = prefix + random_chars(rng, base64url, 64, 179) + "=";
  char trailer[9];
  std::snprintf(trailer, sizeof trailer, "%08X", crc32(body));
  return body + trailer;
}

char other(char c) { return c == 'a' ? 'b' : 'a'; }

}  // namespace

TEST_CASE("grafana-sa-crc32 accepts Grafana's own published token", "[validators]") {
  const ValidatorInfo* v = find_validator("grafana-sa-crc32");
  REQUIRE(v != nullptr);
  // The token in Grafana's unit tests for its key generator: the checksum is CRC32("glsa_" +
  // secret), its bytes least significant first, in lower-case hex.
  CHECK(grafana_checksum("glsa_yscW25imSKJIuav8zF37RZmnbiDvB05G") == "fcaaf58a");
  CHECK(v->fn("glsa_yscW25imSKJIuav8zF37RZmnbiDvB05G_fcaaf58a") == Validation::passed);
  CHECK(v->fn("glsa_yscW25imSKJIuav8zF37RZmnbiDvB05G_8af5aafc") == Validation::failed);  // big-endian
  CHECK(v->fn("glsa_yscW25imSKJIuav8zF37RZmnbiDvB05G_FCAAF58A") == Validation::failed);  // Grafana compares text
}

TEST_CASE("grafana-sa-crc32: valid, altered, truncated and garbage tokens", "[validators]") {
  const ValidatorInfo* v = find_validator("grafana-sa-crc32");
  REQUIRE(v != nullptr);
  for (unsigned seed = 1; seed < 40; ++seed) {
    const std::string token = grafana_token(seed);
    REQUIRE(token.size() == 46);
    CHECK(v->fn(token) == Validation::passed);
    for (std::size_t pos : {5u, 20u, 36u, 45u})
      CHECK(v->fn(hush::test::altered(token, pos, '0', '1')) == Validation::failed);
    CHECK(v->fn(token.substr(0, token.size() - 1)) == Validation::failed);
    CHECK(v->fn(token.substr(0, 20)) == Validation::failed);
  }
  for (const char* garbage :
       {"", "glsa_", "glsa__", "glsa_x_12345678", "gl_", "glsa_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa_00000000",
        "glsa_aaaa-aaaaaaaaaaaaaaaaaaaaaaaaaaa_00000000", "________"}) {
    INFO(garbage);
    CHECK(v->fn(garbage) == Validation::failed);
  }
}

TEST_CASE("atlassian-crc32: API tokens and access tokens", "[validators]") {
  const ValidatorInfo* v = find_validator("atlassian-crc32");
  REQUIRE(v != nullptr);
  // Made up for this test and checked with a CRC-32 that is not hush's: the trailer is the CRC
  // of every character before it, '=' included, in upper-case hex.
  CHECK(
      v->fn("ATATT3xFfGF03Q3zhVX34b8BEYHADGhe0U5LvwcOKIfD2c_hp7ZN-CIWP6yx6UeZRNKedA6pkHZEOdDnrJI37nsoJndG4KmXmFKtReIF1C"
            "WtCMyhKc3tGd6Ptccaulv3udhg6-ZWCfX9SgPYqdMZ5k6hyNY6VJZ_cUM4ZoQ_PyxKBmd3zodcv9J3Qs6EBwa=C338F85C") ==
      Validation::passed);
  CHECK(
      v->fn(
          "ATCTT3xFfGN0gY-BHBUPCDdmJ1T0GgQ4wglrsW_otGZ_clZJejGbqhTwoypPh-YpuVjPskr8IzT1kL5rpDbsJnvsfl8NA8U2m8iZSejpn6-"
          "II5u2iPtbOc5YP4bvHMsW3BxQavM8mgkicuyqfsDoGN_QXA0yghNXWmVYH_o8dRJiA5Nl-PW0ECXtnOLfPdB=439055A4") ==
      Validation::passed);
  for (const char* prefix : {"ATATT3xFfGF0", "ATCTT3xFfGN0"}) {
    for (unsigned seed = 1; seed < 30; ++seed) {
      const std::string token = atlassian_token(prefix, seed);
      REQUIRE(token.size() == 12 + 179 + 1 + 8);
      CHECK(v->fn(token) == Validation::passed);
      for (std::size_t pos : {0u, 12u, 100u, 190u, 191u, 199u}) {
        std::string changed = token;
        changed[pos] = pos >= 192 ? (changed[pos] == '0' ? '1' : '0') : other(changed[pos]);
        INFO(prefix << " seed " << seed << " pos " << pos);
        CHECK(v->fn(changed) == Validation::failed);
      }
      CHECK(v->fn(token.substr(0, token.size() - 1)) == Validation::failed);
      CHECK(v->fn(token.substr(0, 150)) == Validation::failed);
      CHECK(v->fn(token.substr(1)) == Validation::failed);
      // The trailer is read as a number, so its case does not matter.
      std::string lower = token;
      for (std::size_t i = lower.size() - 8; i < lower.size(); ++i)
        if (lower[i] >= 'A' && lower[i] <= 'F') lower[i] = static_cast<char>(lower[i] - 'A' + 'a');
      CHECK(v->fn(lower) == Validation::passed);
    }
  }
  for (const char* garbage : {"", "AT", "ATATT3xFfGF0", "ATATT3xFfGF0aaaaaaaaaaaaaaaaaa=0000000",
                              "ATATT3xFfGF0aaaaaaaaaaaaaaaaaa=zzzzzzzz", "ATATT3xFfGF0 aaaaaaaaaaaaaaaaa=00000000"}) {
    INFO(garbage);
    CHECK(v->fn(garbage) == Validation::failed);
  }
}
