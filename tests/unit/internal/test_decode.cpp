#include <random>

#include "catch.hpp"
#include "decode/block_masks.hpp"
#include "decode/decoders.hpp"
#include "decode/tokens.hpp"
#include "hush/common/log.hpp"
#include "hush/scanner/config.hpp"
#include "hush/scanner/matcher.hpp"
#include "hush/scanner/ruleset.hpp"
#include "hush/scanner/scanner.hpp"
#include "scan_fixture.hpp"
#include "test_support.hpp"

using namespace hush::scanner;
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
  CHECK_FALSE(decode_base64("abcde"));    // 4n+1 characters cannot end a byte
  CHECK_FALSE(decode_base64("ab=cd"));    // padding inside
  CHECK_FALSE(decode_base64("abcd==="));  // too much padding
  CHECK_FALSE(decode_base64("ab+d-f"));   // both alphabets at once
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
  CHECK_FALSE(decode_escapes(R"(\ud83d)"));  // a lone high surrogate
  CHECK_FALSE(decode_escapes(R"(\ude00)"));  // a lone low surrogate
  CHECK_FALSE(decode_escapes(R"(\u{110000})"));
  CHECK_FALSE(decode_escapes(R"(\U00110000)"));
  CHECK_FALSE(decode_escapes(R"(\777)"));
}

TEST_CASE("token finding skips identifiers, words, paths and short runs", "[decode]") {
  std::vector<EncodedToken> tokens;
  find_encoded_tokens(
      "int someVeryLongFunctionNameHere(void); MAX_BUFFER_SIZE_FOR_THE_THING = 1;\n"
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

TEST_CASE("a token is found wherever it falls on the 64-byte blocks the search reads", "[decode]") {
  // Its only digit (nor + or /) is its last character: a run with none is never decoded, so
  // where the run crosses a block the digit may be in either block.
  const std::string token = "cXVlYmVjIGJyYXZvIGFscGhhIGluZGlhPVhMSWpUQXhmcEdUREFKek4";
  for (std::size_t shift = 0; shift < 200; ++shift) {
    const std::string text = std::string(shift, ' ') + "value: " + token + "\n" + std::string(shift % 70, ' ');
    DecodeBudget budget{1 << 20};
    std::vector<DecodedToken> decoded;
    decode_tokens(text, budget, decoded);
    CAPTURE(shift);
    REQUIRE(decoded.size() == 1);
    CHECK(decoded[0].bytes == "quebec bravo alpha india=XLIjTAxfpGTDAJzN");
  }
}

TEST_CASE("a buffer may end in the middle of an escape or a percent sign", "[decode]") {
  // Found by fuzz_decode: a last backslash sent the escape search past the end.
  for (const std::string text :
       {"k = \"\\", "\\", "a%", "%4", "x = 'abcdefghijklmnop\\u00", "YWJjZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXo"}) {
    std::vector<EncodedToken> tokens;
    find_encoded_tokens(text, tokens);
    for (const auto& t : tokens) CHECK(t.end <= text.size());
    DecodeBudget budget{1024};
    std::vector<DecodedToken> decoded;
    decode_tokens(text, budget, decoded);
  }
}

TEST_CASE("a run longer than the token limit is taken in windows that do not overlap", "[decode]") {
  // Each escape of a megabyte-long run once walked back the whole token limit, and every token
  // overlapped the one before it: minutes for a megabyte of %XX or of escapes in one literal.
  for (const std::string unit : {"ab%20", "ab\\n"}) {
    std::string run = "\"";
    while (run.size() < 3 * max_token_length) run += unit;
    run += "\"\n";
    std::vector<EncodedToken> tokens;
    find_encoded_tokens(run, tokens);
    INFO(unit);
    REQUIRE(tokens.size() >= 3);
    for (std::size_t i = 1; i < tokens.size(); ++i) {
      CHECK(tokens[i].begin >= tokens[i - 1].end);
      CHECK(tokens[i].end - tokens[i].begin <= max_token_length + 1);
    }
  }
}

TEST_CASE("decoded output is kept only when it could hold a secret", "[decode]") {
  std::mt19937 rng(7);
  std::string noise;
  for (int i = 0; i < 600; ++i) noise += static_cast<char>(rng());
  const std::string text = "blob: " + base64(noise) + "\nwords: " + base64("short words only, a b c d") +
                           "\nsecret: " + base64("password=Xk2pQ9vLm4TzR8wN") + "\n";
  DecodeBudget budget{1 << 20};
  std::vector<DecodedToken> decoded;
  decode_tokens(text, budget, decoded);
  REQUIRE(decoded.size() == 1);
  CHECK(decoded[0].bytes == "password=Xk2pQ9vLm4TzR8wN");
  // Noise is given up after its first bytes, not decoded whole.
  CHECK((1 << 20) - budget.bytes < 200);
}

TEST_CASE("escaped and percent-encoded text is decoded whenever what it decodes to could hold a secret", "[decode]") {
  // Each string below decodes to a word of 16 characters or more, though the escapes and the
  // bytes around them split or shorten it as written.
  for (const std::string kept :
       {R"(k = "pass\\nword\"Xk2pQ9vLm4TzR8wN\n")", R"(k = "Xk2pQ9v\x41\
m4TzR8wN")",
        R"(k = "\x41\x42\x43\x44\x45\x46\x47\x48\x49\x4a\x4b\x4c\x4d\x4e\x4f\x50")", R"(k = "\qXk2pQ9vLm4TzR8\n")",
        R"(k = "\u00e9Xk2pQ9vLm4TzR8wN\t")", "u=%41%42%43%44%45%46%47%48%49%4a%4b%4c%4d%4e%4f%50&"}) {
    DecodeBudget budget{1 << 20};
    std::vector<DecodedToken> decoded;
    decode_tokens(kept, budget, decoded);
    CAPTURE(kept);
    CHECK(decoded.size() == 1);
  }
  // Words of at most 15 characters once decoded: not decoded at all.
  for (const std::string dropped : {R"(printf("could not read '%s': %s\n", path, why);)", R"(k = "Xk2pQ9vLm4TzR8w\nN")",
                                    R"(k = "\x41\x42\x43\x44\x45\x46\x47\x48\x49\x4a\x4b\x4c\x4d\x4e\x4f")",
                                    "u=%41%42%43%44%45%46%47%48%49%4a%4b%4c&"}) {
    DecodeBudget budget{1 << 20};
    std::vector<DecodedToken> decoded;
    decode_tokens(dropped, budget, decoded);
    CAPTURE(dropped);
    CHECK(decoded.empty());
  }
}

TEST_CASE("decoding stops when the budget is spent", "[decode]") {
  const std::string line = "v: " + base64("password=Xk2pQ9vLm4TzR8wN") + "\n";
  std::string text;
  for (int i = 0; i < 10; ++i) text += line;
  std::vector<DecodedToken> decoded;
  DecodeBudget ample{1 << 20};
  decode_tokens(text, ample, decoded);
  CHECK(decoded.size() == 10);
  // Each token costs at least its 36 characters.
  decoded.clear();
  DecodeBudget three{3 * 36};
  decode_tokens(text, three, decoded);
  CHECK(decoded.size() >= 1);
  CHECK(decoded.size() <= 3);
}

namespace {

using hush::test::token_rule;
constexpr std::string_view secret = hush::test::token_value;

// The test rule, in a file whose path says nothing of tests.
struct Fixture : hush::test::ScanFixture {
  explicit Fixture(unsigned depth = default_max_decode_depth)
      : ScanFixture(token_rule, Allowlist{}, DecodeOptions{depth}, "deploy/app.yaml") {}
};

}  // namespace

TEST_CASE("a secret in base64 is found and placed on the encoded text", "[decode]") {
  Fixture fx;
  const std::string encoded = base64("token=" + std::string(secret) + "\n");
  const auto found = fx.scan("kind: Secret\ndata:\n  token: " + encoded + "\n");
  REQUIRE(found.size() == 1);
  const Finding& f = found[0];
  CHECK(f.secret == secret);
  CHECK(f.decoded == std::vector<std::string>{"base64"});
  CHECK(f.line == 3);
  CHECK(f.column == 10);
  CHECK(f.end_line == 3);
  CHECK(f.end_column == 10 + encoded.size());
  CHECK(f.offset == 13 + 6 + 9);
  // The context hides the encoded text too: it is the secret in other clothes.
  CHECK(f.context.find(encoded) == std::string::npos);
  CHECK(f.context.find("token: ") != std::string::npos);
  CHECK(Fixture(0).scan("data:\n  token: " + encoded + "\n").empty());
}

TEST_CASE("base64 of hex is found at depth 2 and not at depth 1", "[decode]") {
  const std::string nested = "x: " + base64(hex(secret)) + "\n";
  const auto deep = Fixture(2).scan(nested);
  REQUIRE(deep.size() == 1);
  CHECK(deep[0].decoded == std::vector<std::string>{"base64", "hex"});
  CHECK(deep[0].column == 4);
  CHECK(Fixture(1).scan(nested).empty());
  const auto hexed = Fixture(1).scan("x = \"" + hex(secret) + "\"\n");
  REQUIRE(hexed.size() == 1);
  CHECK(hexed[0].decoded == std::vector<std::string>{"hex"});
}

TEST_CASE("percent-encoded and escaped secrets are found", "[decode]") {
  Fixture fx;
  std::string percent(secret);
  percent.replace(3, 1, "%5F");
  const auto in_url = fx.scan("GET https://api.example.com/v1?key=" + percent + "&page=2\n");
  REQUIRE(in_url.size() == 1);
  CHECK(in_url[0].decoded == std::vector<std::string>{"percent"});
  CHECK(in_url[0].secret == secret);

  std::string escaped;
  for (const char c : secret) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned char>(c));
    escaped += buf;
  }
  const std::string json = "{\"name\": \"x\", \"token\": \"" + escaped + "\"}\n";
  const auto in_json = fx.scan(json);
  REQUIRE(in_json.size() == 1);
  CHECK(in_json[0].decoded == std::vector<std::string>{"escape"});
  CHECK(in_json[0].column == json.find(escaped) + 1);
  // Escaped line breaks around a secret that \b would not see past: "\ntok_..." starts with "n".
  const auto joined = fx.scan("msg = \"line one\\n" + std::string(secret) + "\"\n");
  REQUIRE(joined.size() == 1);
  CHECK(joined[0].decoded == std::vector<std::string>{"escape"});
}

TEST_CASE("a secret already found as is is not reported again from a decoding", "[decode]") {
  Fixture fx;
  const auto found = fx.scan("url = \"https://h.example/?a=%20&t=" + std::string(secret) +
                             "\"\nnote = \"tabbed: " + std::string(secret) + "\\n\"\n");
  REQUIRE(found.size() == 2);
  CHECK(found[0].decoded.empty());
  CHECK(found[1].decoded.empty());
}

TEST_CASE("binary noise in base64 reports nothing", "[decode]") {
  Fixture fx;
  std::mt19937 rng(11);
  std::string noise;
  for (int i = 0; i < 3000; ++i) noise += static_cast<char>(rng());
  CHECK(fx.scan("blob: " + base64(noise) + "\n").empty());
  CHECK(fx.counters.suppressed == 0);
}

TEST_CASE("an inline ignore on the encoded text's line holds for what it decodes to", "[decode]") {
  Fixture fx;
  CHECK(fx.scan("token: " + base64(std::string(secret) + " as text") + "  # hush:allow\n").empty());
}

TEST_CASE("an inline ignore covers every decoded token of a long line, a marker on another line none", "[decode]") {
  Fixture fx;
  std::string line = "tokens:";
  for (int i = 0; i < 50; ++i) line += " " + base64(std::string(secret) + " as text " + std::to_string(i));
  CHECK(fx.scan(line + "  # hush:allow\n").empty());
  CHECK(fx.scan("# hush:allow-next-line\n" + line + "\n").empty());
  CHECK(fx.scan("# hush:allow\n" + line + "\n").size() == 50);
}

TEST_CASE("a secret in a UTF-16 file is found, with columns in characters and offsets in the file", "[decode][utf16]") {
  Fixture fx;
  for (const bool little : {true, false}) {
    for (const bool bom : {false, true}) {
      const std::string bytes =
          hush::test::utf16(u"first\r\nd\u00e9j\u00e0 = tok_Q2x9Vb7Lm3Kp8Zr4Tw6Ny1Hd\r\n", little, bom);
      ScanTarget target;
      target.bytes = bytes;
      target.path = "app.ini";
      std::vector<Finding> found;
      REQUIRE(scan_utf16(fx.scanner, target, fx.matcher, found, fx.counters));
      REQUIRE(found.size() == 1);
      CHECK(found[0].secret == secret);
      CHECK(found[0].line == 2);
      CHECK(found[0].column == 8);
      CHECK(found[0].end_column == 8 + secret.size());
      CHECK(found[0].offset == (bom ? 2u : 0u) + 2 * (7 + 7));
    }
  }
  ScanTarget ascii;
  ascii.bytes = secret;
  std::vector<Finding> none;
  CHECK_FALSE(scan_utf16(fx.scanner, ascii, fx.matcher, none, fx.counters));
  CHECK(none.empty());
}

TEST_CASE("the byte classification gives the same masks with every kernel, for every byte value", "[decode]") {
  // Every byte value at every position of a block, then random blocks.
  std::string bytes;
  for (int shift = 0; shift < 64; ++shift)
    for (int c = 0; c < 256; ++c) bytes.push_back(static_cast<char>((c + shift * 7) & 0xFF));
  std::mt19937 random(17);
  for (int k = 0; k < 64 * 64; ++k) bytes.push_back(static_cast<char>(random() & 0xFF));
  const std::size_t blocks = bytes.size() / 64;
  std::vector<BlockMasks> portable(blocks), chosen(blocks);
  // Every block, 64 at a time, and then every third block of the first 64.
  for (std::size_t b = 0; b < blocks; b += 64) {
    const std::uint64_t which = blocks - b >= 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << (blocks - b)) - 1;
    kernels::classify_blocks_portable(bytes.data() + 64 * b, which, portable.data() + b);
    classify_blocks(bytes.data() + 64 * b, which, chosen.data() + b);
  }
  std::vector<BlockMasks> some(64, BlockMasks{1, 2, 3});
  classify_blocks(bytes.data(), 0x9249249249249249u, some.data());
  for (std::size_t b = 0; b < 64; ++b) {
    CAPTURE(b);
    CHECK(some[b].alphabet == (b % 3 == 0 ? portable[b].alphabet : 1));
    CHECK(some[b].telling == (b % 3 == 0 ? portable[b].telling : 3));
  }
  for (std::size_t b = 0; b < blocks; ++b) {
    for (int k = 0; k < 64; ++k) {
      const auto c = static_cast<unsigned char>(bytes[b * 64 + static_cast<std::size_t>(k)]);
      const bool extra = c == '+' || c == '/' || c == '-' || c == '_';
      const bool in = extra || (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
      INFO("byte " << int(c) << " at " << k);
      REQUIRE(((portable[b].alphabet >> k) & 1) == in);
      REQUIRE(((portable[b].extras >> k) & 1) == extra);
      REQUIRE(((portable[b].telling >> k) & 1) == ((c >= '0' && c <= '9') || c == '+' || c == '/'));
    }
    REQUIRE(chosen[b].alphabet == portable[b].alphabet);
    REQUIRE(chosen[b].extras == portable[b].extras);
    REQUIRE(chosen[b].telling == portable[b].telling);
  }
}

TEST_CASE("the blocks found to hold a long run are those a byte-by-byte count finds, with every kernel", "[decode]") {
  // Runs of every length from 0 to 80 at every offset from a block's start, with the byte before
  // the first block in the alphabet or not, then random bytes mostly of the alphabet.
  std::mt19937 random(5);
  const std::string alphabet_bytes = "aZ09+/-_";
  for (int round = 0; round < 400; ++round) {
    const std::size_t blocks = 1 + static_cast<std::size_t>(round % 9);
    std::string bytes(64 * (blocks + 1), ' ');
    if (round < 200) {
      const std::size_t length = static_cast<std::size_t>(round) % 81,
                        start = static_cast<std::size_t>(round) * 7 % 128;
      for (std::size_t k = start; k < std::min(bytes.size(), start + length); ++k) bytes[k] = 'x';
    } else {
      for (char& c : bytes) c = random() % 8 == 0 ? ' ' : alphabet_bytes[random() % alphabet_bytes.size()];
    }
    // The first 64 bytes are the block before the ones classified.
    std::vector<BlockMasks> before(1);
    kernels::classify_blocks_portable(bytes.data(), 1, before.data());
    std::vector<std::uint64_t> portable(blocks + 1), chosen(blocks + 1);
    portable[0] = chosen[0] = before[0].alphabet;
    std::uint64_t crossing_portable = 0, crossing = 0;
    const std::uint64_t found_portable =
        kernels::find_long_runs_portable(bytes.data() + 64, blocks, portable.data(), crossing_portable);
    const std::uint64_t found = find_long_runs(bytes.data() + 64, blocks, chosen.data(), crossing);
    CAPTURE(round);
    REQUIRE(found == found_portable);
    REQUIRE(crossing == crossing_portable);
    REQUIRE(chosen == portable);
    for (std::size_t b = 0; b < blocks; ++b)
      CHECK(((crossing >> b) & 1) == (bytes[64 * (b + 1) - 1] != ' ' && bytes[64 * (b + 1)] != ' '));
    std::uint64_t expected = 0;
    std::size_t run = 0;
    for (std::size_t k = 0; k < bytes.size(); ++k) {
      const bool in = bytes[k] != ' ';
      run = in ? run + 1 : 0;
      // A run of long_run ends here, whether it began in this block or before it.
      if (k >= 64 && run >= long_run) expected |= std::uint64_t{1} << (k / 64 - 1);
      if (k >= 64) REQUIRE(((portable[k / 64] >> (k % 64)) & 1) == in);
    }
    CHECK(found == expected);
  }
}
