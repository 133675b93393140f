// The "nkey-seed" validator: NATS nkey seeds and their CRC-16.
#include <array>
#include <string>
#include <string_view>

#include "catch.hpp"
#include "hush/scanner/validators.hpp"
#include "test_support.hpp"

using namespace hush::scanner;

namespace {

Validation check(std::string_view seed) {
  const ValidatorInfo* v = find_validator("nkey-seed");
  REQUIRE(v != nullptr);
  return v->fn(seed);
}

// Seeds made for these tests from random bytes, one of each key type (the second letter): user,
// account, operator, server, cluster, curve.
constexpr std::array<std::string_view, 6> seeds{"SUACMTDYFYNULNOO3FZ7JLRTCWMKGT75WIM6HCSOC7TJ32FYTZBGGX6HFU",
                                                "SAAFEACNJNVBNPCCJE3WLZ3EBJ3HJ3AWZ5KXYK6BJTEEMICSXR23EL7XOE",
                                                "SOAOAV4PCTJEOEW3TWTXK27EPCX25I4HRAJ5UDFSPP4ZCLPQMSHQJ7E5PU",
                                                "SNAEF3Q2SENUWXGZ5OEVAYPYDAGZWKFUZOYYXXFDEOMPGCSTJGG5WFOW6A",
                                                "SCAFPREQMHUX3RTRDGPPMDIXFJW24UWIUID73XC3PYC3EWJARRT26WSQWM",
                                                "SXABIVUYKBM4SACPEGTRNININ5P2WR4XZ7GLTDNRHMENWDBGHAHLAMU4PM"};
constexpr std::string_view user_seed = seeds[0];

}  // namespace

TEST_CASE("nkey-seed accepts seeds of every key type", "[validators]") {
  for (const std::string_view seed : seeds) {
    INFO(seed);
    CHECK(check(seed) == Validation::passed);
  }
}

TEST_CASE("nkey-seed rejects a damaged checksum, other prefixes and other lengths", "[validators]") {
  // Every single-character change breaks the CRC-16 (or the prefix).
  for (std::size_t i = 0; i < user_seed.size(); ++i) {
    CHECK(check(hush::test::altered(std::string(user_seed), i, 'A', 'B')) == Validation::failed);
  }
  // A good checksum over an unknown key type (prefix byte 1 << 3).
  CHECK(check("SBAM5QTGLN2X6RBMQDCC36TG25XL7RTMJXWFXLJKFTYKDTQVREB5S2CGLY") == Validation::failed);
  // A good checksum over a public user key's prefix: not a seed.
  CHECK(check("UAAM5QTGLN2X6RBMQDCC36TG25XL7RTMJXWFXLJKFTYKDTQVREB5S2GMZA") == Validation::failed);
  CHECK(check(user_seed.substr(0, 57)) == Validation::failed);
  CHECK(check(std::string(user_seed) + "A") == Validation::failed);
  CHECK(check(std::string(user_seed.substr(0, 57)) + "1") == Validation::failed);  // not base32
  CHECK(check("") == Validation::failed);
}
