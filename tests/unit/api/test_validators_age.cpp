// age-bech32: age X25519 identities ("AGE-SECRET-KEY-1..."), checked against keys made by
// age-keygen and against keys encoded here by an independent BIP-173 encoder.
#include <algorithm>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "catch.hpp"
#include "hush/scanner/validators.hpp"
#include "test_support.hpp"

using namespace hush::scanner;

namespace {

constexpr char charset[] = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";

std::uint32_t polymod(const std::vector<std::uint8_t>& values) {
  const std::uint32_t gen[] = {0x3b6a57b2u, 0x26508e6du, 0x1ea119fau, 0x3d4233ddu, 0x2a1462b3u};
  std::uint32_t chk = 1;
  for (std::uint8_t v : values) {
    const std::uint32_t b = chk >> 25;
    chk = ((chk & 0x1ffffff) << 5) ^ v;
    for (int i = 0; i < 5; ++i) chk ^= ((b >> i) & 1) ? gen[i] : 0;
  }
  return chk;
}

// BIP-173 reference construction, upper-cased as age prints it.
std::string bech32_encode(const std::string& hrp, const std::vector<std::uint8_t>& bytes, std::uint32_t constant = 1) {
  std::vector<std::uint8_t> data;
  std::uint32_t acc = 0;
  int bits = 0;
  for (std::uint8_t b : bytes) {
    acc = (acc << 8) | b;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      data.push_back(static_cast<std::uint8_t>((acc >> bits) & 31));
    }
  }
  if (bits > 0) data.push_back(static_cast<std::uint8_t>((acc << (5 - bits)) & 31));
  std::vector<std::uint8_t> values;
  for (char c : hrp) values.push_back(static_cast<std::uint8_t>(static_cast<unsigned char>(c) >> 5));
  values.push_back(0);
  for (char c : hrp) values.push_back(static_cast<std::uint8_t>(static_cast<unsigned char>(c) & 31));
  values.insert(values.end(), data.begin(), data.end());
  values.insert(values.end(), 6, 0);
  const std::uint32_t mod = polymod(values) ^ constant;
  std::string out = hrp + "1";
  for (std::uint8_t d : data) out.push_back(charset[d]);
  for (int i = 0; i < 6; ++i) out.push_back(charset[(mod >> (5 * (5 - i))) & 31]);
  std::transform(out.begin(), out.end(), out.begin(), [](char c) { return static_cast<char>(std::toupper(c)); });
  return out;
}

std::vector<std::uint8_t> random_bytes(unsigned seed, std::size_t n) {
  std::mt19937 rng(seed);
  std::vector<std::uint8_t> out(n);
  for (auto& b : out) b = static_cast<std::uint8_t>(rng() & 0xFF);
  return out;
}

// Made by age-keygen for this test; never used for anything.
constexpr const char* keygen_keys[] = {
    "AGE-SECRET-KEY-10CUS0KY8ZCQ222RVUACMGSVFTG466J27UPCTXAL2QNPTTH0MHJGQRZJMLG",
    "AGE-SECRET-KEY-1286FKLU9CJMQJVJA6CE80QZ45DAXVEQ952PQ5Z7P2CEMJLMTVEPSRDY58U",
};

}  // namespace

TEST_CASE("age-bech32 accepts keys made by age-keygen", "[validators]") {
  const ValidatorInfo* v = find_validator("age-bech32");
  REQUIRE(v != nullptr);
  for (const std::string key : keygen_keys) {
    INFO(key);
    CHECK(v->fn(key) == Validation::passed);
    std::string lower = key;
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](char c) { return static_cast<char>(std::tolower(c)); });
    CHECK(v->fn(lower) == Validation::passed);  // Bech32 is case-insensitive as a whole...
    std::string mixed = key;
    mixed[20] = static_cast<char>(std::tolower(mixed[20]));
    if (mixed != key) CHECK(v->fn(mixed) == Validation::failed);  // ...but never mixed
  }
}

TEST_CASE("age-bech32: encoded keys pass, altered, truncated and garbage fail", "[validators]") {
  const ValidatorInfo* v = find_validator("age-bech32");
  REQUIRE(v != nullptr);
  for (unsigned seed = 1; seed < 40; ++seed) {
    const std::string key = bech32_encode("age-secret-key-", random_bytes(seed, 32));
    REQUIRE(key.size() == 74);
    INFO(key);
    CHECK(v->fn(key) == Validation::passed);
    for (std::size_t pos : {16u, 30u, 60u, 73u})
      CHECK(v->fn(hush::test::altered(key, pos, 'Q', 'P')) == Validation::failed);
    CHECK(v->fn(key.substr(0, key.size() - 1)) == Validation::failed);
    CHECK(v->fn(key.substr(0, 40)) == Validation::failed);
    std::string swapped = key;
    std::swap(swapped[30], swapped[31]);
    if (swapped != key) CHECK(v->fn(swapped) == Validation::failed);
  }
  // A valid Bech32 string is still not an age key with another HRP, another length or Bech32m.
  CHECK(v->fn(bech32_encode("age-secret-key-", random_bytes(1, 32), 0x2bc830a3u)) == Validation::failed);
  CHECK(v->fn(bech32_encode("age-secret-key-", random_bytes(1, 31))) == Validation::failed);
  CHECK(v->fn(bech32_encode("age-secret-key-", random_bytes(1, 33))) == Validation::failed);
  CHECK(v->fn(bech32_encode("age", random_bytes(1, 32))) == Validation::failed);
  CHECK(v->fn(bech32_encode("age-plugin-yubikey-", random_bytes(1, 32))) == Validation::failed);
  for (const char* garbage : {"", "1", "AGE-SECRET-KEY-1", "AGE-SECRET-KEY-1QQQQQQ",
                              "AGE-SECRET-KEY-1"
                              "BIOB",
                              "age-secret-key-1qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq",
                              "AGE-SECRET-KEY-1\xff\xfe\x01"}) {
    INFO(garbage);
    CHECK(v->fn(garbage) == Validation::failed);
  }
}
