// The length- and alphabet-aware entropy floor used by the generic rules (entropy_margin).
#include <random>
#include <string>

#include "catch.hpp"
#include "hush/scanner/filters.hpp"

using namespace hush::scanner;

namespace {

std::string random_string(std::mt19937& rng, const std::string& alphabet, std::size_t n) {
  std::uniform_int_distribution<std::size_t> pick(0, alphabet.size() - 1);
  std::string out;
  for (std::size_t i = 0; i < n; ++i) out += alphabet[pick(rng)];
  return out;
}

bool passes(std::string_view s, double margin) { return shannon_entropy(s) >= random_string_entropy(s) - margin; }

}  // namespace

TEST_CASE("random_string_entropy is the average entropy of random strings of that shape") {
  std::mt19937 rng(20240611);
  const std::string hex = "0123456789abcdef";
  const std::string alnum = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  for (const auto& alphabet : {hex, alnum}) {
    for (std::size_t n : {8u, 16u, 40u}) {
      double sum = 0;
      const int trials = 2000;
      for (int i = 0; i < trials; ++i) sum += shannon_entropy(random_string(rng, alphabet, n));
      // A string that happens to miss a class is judged over the smaller alphabet, so compare
      // with a representative that has them all.
      std::string probe = random_string(rng, alphabet, n);
      probe[0] = alphabet.front();
      probe[1] = alphabet.back();
      if (alphabet == alnum) probe[2] = 'K';
      INFO("alphabet size " << alphabet.size() << ", length " << n);
      CHECK(random_string_entropy(probe) == Approx(sum / trials).margin(0.05));
    }
  }
}

TEST_CASE("random_string_entropy reads the alphabet from the character classes present") {
  // Below log2(length) for short strings: a 16-character string cannot reach 4 bits.
  CHECK(random_string_entropy("c1f9a0d4e7b2c1f9") == Approx(3.21).margin(0.02));  // hex: 16 symbols
  CHECK(random_string_entropy("C1F9A0D4E7B2C1F9") == Approx(3.21).margin(0.02));  // upper-case hex too
  CHECK(random_string_entropy("0x4c0883a69102937d") ==
        Approx(random_string_entropy("4c0883a69102937d6c")).margin(0.01));
  CHECK(random_string_entropy("Tr7kQ9zLpX2mW4vB") == Approx(3.77).margin(0.02));                 // 62 symbols
  CHECK(random_string_entropy("Tr7kQ9zLpX2mW4v!") > random_string_entropy("Tr7kQ9zLpX2mW4vB"));  // + punctuation
  CHECK(random_string_entropy("") == 0.0);
  CHECK(random_string_entropy("a") == 0.0);
}

TEST_CASE("a 0.75-bit margin keeps random strings and rejects repetitive ones") {
  std::mt19937 rng(7);
  const std::string alphabets[] = {"0123456789abcdef", "0123456789abcdefghijklmnopqrstuvwxyz",
                                   "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz",
                                   "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz!@#$%^&*-_+="};
  for (const auto& alphabet : alphabets) {
    for (std::size_t n : {8u, 12u, 16u, 24u, 40u, 64u}) {
      int kept = 0;
      const int trials = 2000;
      for (int i = 0; i < trials; ++i) kept += passes(random_string(rng, alphabet, n), 0.75);
      INFO("alphabet size " << alphabet.size() << ", length " << n);
      CHECK(kept >= trials * 98 / 100);
    }
  }
  for (const char* repetitive : {"aaaaaaa1", "abcabcabcabc", "passpasspasspass", "aaaabbbbccccdddd1", "xXxXxXxXxXxX"}) {
    INFO(repetitive);
    CHECK_FALSE(passes(repetitive, 0.75));
  }
}
