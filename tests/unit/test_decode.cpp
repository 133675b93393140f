#include <random>

#include "catch.hpp"
#include "decode/decoders.hpp"
#include "decode/tokens.hpp"
#include "test_support.hpp"

using namespace hush::scanner::decode;
using hush::test::base64;
using hush::test::hex;

TEST_CASE("base64 decodes either alphabet, padded or not, and rejects what is not base64", "[decode]") {
  const std::string text = "user:pa?ss>word~~";  // encodes to both alphabets' extra characters
  for (const bool url : {false, true}) {
    for (const bool pad : {false, true}) {
      const auto decoded = decode_base64(base64(text, url, pad));
      REQUIRE(decoded);
      CHECK(*decoded == text);
    }
  }
  CHECK_FALSE(decode_base64("abcde"));      // 4n+1 characters cannot end a byte
  CHECK_FALSE(decode_base64("ab=cd"));     // padding inside
  CHECK_FALSE(decode_base64("abcd==="));   // too much padding
  CHECK_FALSE(decode_base64("ab+d-f"));    // both alphabets at once
  CHECK_FALSE(decode_base64("ab cd"));
}

TEST_CASE("hex and percent decoding reject odd lengths and truncated escapes", "[decode]") {
  CHECK(decode_hex("4869") == std::optional<std::string>("Hi"));
  CHECK(decode_hex("4A6b") == std::optional<std::string>("Jk"));
  CHECK_FALSE(decode_hex("486"));
  CHECK_FALSE(decode_hex("48zz"));
  CHECK(decode_percent("a%40b%2Fc") == std::optional<std::string>("a@b/c"));
  CHECK_FALSE(decode_percent("abc%4"));
  CHECK_FALSE(decode_percent("abc%"));
  CHECK_FALSE(decode_percent("abc%zz"));
}

TEST_CASE("backslash escapes decode as JSON, JavaScript and Python write them", "[decode]") {
  CHECK(decode_escapes(R"(a\nb\tc\\d\"e\/f)") == std::optional<std::string>("a\nb\tc\\d\"e/f"));
  CHECK(decode_escapes(R"(\u0067\u0068p)") == std::optional<std::string>("ghp"));
  CHECK(decode_escapes(R"(\x41\102\0)") == std::optional<std::string>(std::string("AB\0", 3)));
  CHECK(decode_escapes(R"(\u00e9)") == std::optional<std::string>("\xC3\xA9"));
  CHECK(decode_escapes(R"(\ud83d\ude00)") == std::optional<std::string>("\xF0\x9F\x98\x80"));
  CHECK(decode_escapes(R"(\u{1F600})") == std::optional<std::string>("\xF0\x9F\x98\x80"));
  CHECK(decode_escapes(R"(\U0001F600)") == std::optional<std::string>("\xF0\x9F\x98\x80"));
  CHECK(decode_escapes(R"(\q)") == std::optional<std::string>("\\q"));
  CHECK_FALSE(decode_escapes("abc\\"));
  CHECK_FALSE(decode_escapes(R"(\u00)"));
  CHECK_FALSE(decode_escapes(R"(\x4)"));
  CHECK_FALSE(decode_escapes(R"(\ud83d)"));         // a lone high surrogate
  CHECK_FALSE(decode_escapes(R"(\ude00)"));         // a lone low surrogate
  CHECK_FALSE(decode_escapes(R"(\u{110000})"));
  CHECK_FALSE(decode_escapes(R"(\U00110000)"));
  CHECK_FALSE(decode_escapes(R"(\777)"));
}

TEST_CASE("token finding skips identifiers, words, paths and short runs", "[decode]") {
  std::vector<EncodedToken> tokens;
  find_encoded_tokens("int someVeryLongFunctionNameHere(void); MAX_BUFFER_SIZE_FOR_THE_THING = 1;\n"
                      "#include <linux/netfilter/nf_conntrack_common.h> short: QUJD\n",
                      tokens);
  CHECK(tokens.empty());
  const std::string encoded = base64("a value that is long enough");
  const std::string text = "key: " + encoded + "\nurl=" + base64("another long enough value!", true, false) + "&x=1\n";
  find_encoded_tokens(text, tokens);
  REQUIRE(tokens.size() == 2);
  CHECK(tokens[0].encoding == Encoding::base64);
  CHECK(text.substr(tokens[0].begin, tokens[0].end - tokens[0].begin) == encoded);  // padding included
  CHECK(tokens[1].encoding == Encoding::base64);
  CHECK(text[tokens[1].end] == '&');
}

TEST_CASE("decoded output is kept only when it could hold a secret", "[decode]") {
  std::mt19937 rng(7);
  std::string noise;
  for (int i = 0; i < 600; ++i) noise += static_cast<char>(rng());
  const std::string text = "blob: " + base64(noise) + "\nwords: " + base64("short words only, a b c d") + "\nsecret: " +
                           base64("password=Xk2pQ9vLm4TzR8wN") + "\n";
  DecodeBudget budget{1 << 20};
  std::vector<DecodedToken> decoded;
  decode_tokens(text, budget, decoded);
  REQUIRE(decoded.size() == 1);
  CHECK(decoded[0].bytes == "password=Xk2pQ9vLm4TzR8wN");
  // Noise is given up after its first bytes, not decoded whole.
  CHECK((1 << 20) - budget.bytes < 200);
}

TEST_CASE("decoding stops when the budget is spent", "[decode]") {
  const std::string line = "v: " + base64("password=Xk2pQ9vLm4TzR8wN") + "\n";
  std::string text;
  for (int i = 0; i < 10; ++i) text += line;
  DecodeBudget budget{3 * 36};
  std::vector<DecodedToken> decoded;
  decode_tokens(text, budget, decoded);
  CHECK(decoded.size() == 3);
}
