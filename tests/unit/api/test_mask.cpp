#include <algorithm>
#include <cstdint>
#include <memory>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "catch.hpp"
#include "hush/injector/masking.hpp"

using hush::injector::Masker;
using hush::injector::MaskSet;

namespace {

// The obvious quadratic definition: mark every byte of every occurrence, then print each marked
// run as one mask.
std::string reference_mask(std::string_view text, const std::vector<std::string_view>& values) {
  std::vector<bool> marked(text.size(), false);
  for (std::string_view value : values) {
    if (value.size() < hush::injector::min_masked_length) continue;
    for (std::size_t at = text.find(value); at != std::string_view::npos; at = text.find(value, at + 1)) {
      std::fill(marked.begin() + static_cast<std::ptrdiff_t>(at),
                marked.begin() + static_cast<std::ptrdiff_t>(at + value.size()), true);
    }
  }
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (!marked[i]) {
      out.push_back(text[i]);
    } else if (i == 0 || !marked[i - 1]) {
      out.append(hush::injector::mask_text);
    }
  }
  return out;
}

std::string mask_in_pieces(const std::shared_ptr<const MaskSet>& set, std::string_view text,
                           const std::vector<std::size_t>& cuts) {
  Masker masker(set);
  std::string out;
  std::size_t from = 0;
  for (std::size_t cut : cuts) {
    masker.feed(text.substr(from, cut - from), out);
    from = cut;
  }
  masker.feed(text.substr(from), out);
  masker.finish(out);
  return out;
}

}  // namespace

TEST_CASE("Masker replaces whole values and leaves other text alone", "[mask]") {
  const std::vector<std::string_view> values{"s3cr3t-Value-42", "hunter22"};
  Masker masker(values);
  std::string out = masker.feed("login with hunter22 and token=s3cr3t-Value-42;\nnext line\n");
  out += masker.finish();
  CHECK(out == "login with ****** and token=******;\nnext line\n");
}

TEST_CASE("Masker masks a value split at every possible point", "[mask]") {
  const std::vector<std::string_view> values{"abcdef123456", "zz-token-zz", "QQQQQQ"};
  auto set = std::make_shared<const MaskSet>(values);
  const std::vector<std::string> texts{
      "abcdef123456",           "pre abcdef123456 post",    "zz-token-zzabcdef123456", "abcdef12345 abcdef123456x",
      "QQQQQQQQQ QQQQQ QQQQQQ", "zz-token-z zz-token-zz\n",
  };
  for (const std::string& text : texts) {
    const std::string expected = reference_mask(text, values);
    for (std::size_t i = 0; i <= text.size(); ++i) {
      INFO("text '" << text << "' split at " << i);
      CHECK(mask_in_pieces(set, text, {i}) == expected);
      for (std::size_t j = i; j <= text.size(); ++j) {
        INFO("and at " << j);
        CHECK(mask_in_pieces(set, text, {i, j}) == expected);
      }
    }
    std::vector<std::size_t> every_byte;
    for (std::size_t i = 1; i < text.size(); ++i) every_byte.push_back(i);
    CHECK(mask_in_pieces(set, text, every_byte) == expected);
  }
}

TEST_CASE("Masker releases text at once unless it may begin a value", "[mask]") {
  const std::vector<std::string_view> values{"abcdef", "xyzxyzxyz"};
  Masker masker(values);
  CHECK(masker.feed("plain line\n") == "plain line\n");
  CHECK(masker.held() == 0);
  CHECK(masker.feed("then abc") == "then ");
  CHECK(masker.held() == 3);
  CHECK(masker.feed("d") == "");
  CHECK(masker.feed("X") == "abcdX");
  CHECK(masker.held() == 0);
  CHECK(masker.feed("xyzxyzxy") == "");
  CHECK(masker.held() == 8);  // the longest value minus one
  CHECK(masker.feed("z!") == "******!");
  CHECK(masker.feed("abcde") == "");
  CHECK(masker.finish() == "abcde");  // end of stream: a prefix alone is not the value
}

TEST_CASE("Masker masks the union of overlapping and adjacent values once", "[mask]") {
  const std::vector<std::string_view> values{"abcdefgh", "efghijkl", "aaaaaa"};
  auto set = std::make_shared<const MaskSet>(values);
  CHECK(mask_in_pieces(set, "xxabcdefghijklyy", {}) == "xx******yy");
  CHECK(mask_in_pieces(set, "xxabcdefghijklyy", {5}) == "xx******yy");
  CHECK(mask_in_pieces(set, "aaaaaaaaaaa!", {}) == "******!");
  CHECK(mask_in_pieces(set, "aaaaaaaaaaa!", {6}) == "******!");
  CHECK(mask_in_pieces(set, "abcdefghabcdefgh", {8}) == "******");
  CHECK(mask_in_pieces(set, "abcdefgh abcdefgh", {8}) == "****** ******");
}

TEST_CASE("Masker ignores values shorter than six bytes and duplicates", "[mask]") {
  const std::vector<std::string_view> values{"12345", "", "abcdef", "abcdef"};
  MaskSet set(values);
  CHECK(set.size() == 1);
  CHECK(set.longest() == 6);
  Masker masker(values);
  CHECK(masker.feed("12345 abcdef\n") == "12345 ******\n");
}

TEST_CASE("Masker with nothing to mask passes bytes through", "[mask]") {
  const std::vector<std::string_view> values{"short"};
  Masker masker(values);
  CHECK(masker.feed("short text") == "short text");
  CHECK(masker.held() == 0);
  CHECK(masker.finish().empty());
}

TEST_CASE("Masker handles values with NUL and newline bytes", "[mask]") {
  const std::string binary("ab\0cd\nef", 8);
  const std::vector<std::string_view> values{binary};
  auto set = std::make_shared<const MaskSet>(values);
  const std::string text = std::string("[") + binary + "][" + binary.substr(0, 7) + "]";
  for (std::size_t i = 0; i <= text.size(); ++i) {
    CHECK(mask_in_pieces(set, text, {i}) == "[******][" + binary.substr(0, 7) + "]");
  }
}

TEST_CASE("Masker streams sharing one set stay independent", "[mask]") {
  const std::vector<std::string_view> values{"password1"};
  auto set = std::make_shared<const MaskSet>(values);
  Masker out(set);
  Masker err(set);
  CHECK(out.feed("pass") == "");
  CHECK(err.feed("word1") == "word1");
  CHECK(out.feed("word1") == "******");
  CHECK(out.finish().empty());
  CHECK(err.finish().empty());
}

TEST_CASE("Masker agrees with the reference on random text, values and splits", "[mask]") {
  std::mt19937 rng(20240611);
  auto pick = [&](std::size_t n) { return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng); };
  for (int round = 0; round < 3000; ++round) {
    // A two-letter alphabet makes overlaps, self-overlaps and near misses common.
    std::vector<std::string> storage;
    const std::size_t value_count = 1 + pick(4);
    for (std::size_t v = 0; v < value_count; ++v) {
      std::string value;
      const std::size_t length = 4 + pick(7);
      for (std::size_t i = 0; i < length; ++i) value.push_back(pick(3) == 0 ? 'b' : 'a');
      storage.push_back(value);
    }
    const std::vector<std::string_view> values(storage.begin(), storage.end());
    std::string text;
    const std::size_t length = pick(80);
    for (std::size_t i = 0; i < length; ++i) text.push_back("aab\n"[pick(4)]);
    std::vector<std::size_t> cuts;
    for (std::size_t i = 1; i < text.size(); ++i) {
      if (pick(4) == 0) cuts.push_back(i);
    }
    auto set = std::make_shared<const MaskSet>(values);
    INFO("round " << round << " text '" << text << "'");
    REQUIRE(mask_in_pieces(set, text, cuts) == reference_mask(text, values));

    Masker masker(set);
    for (char c : text) {
      (void)masker.feed(std::string_view(&c, 1));
      REQUIRE(masker.held() + 1 <= std::max<std::size_t>(set->longest(), 1));
    }
  }
}
