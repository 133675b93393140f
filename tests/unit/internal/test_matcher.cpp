#include <filesystem>
#include <fstream>

#include "catch.hpp"
#include "hush/common/error.hpp"
#include "hush/common/log.hpp"
#include "hush/scanner/config.hpp"
#include "hush/scanner/matcher.hpp"
#include "hush/scanner/ruleset.hpp"
#include "pcre2_handle.hpp"
#include "test_support.hpp"

using namespace hush::scanner;

namespace {

RuleSet build(const std::string& toml, std::optional<std::filesystem::path> cache = std::nullopt) {
  RuleSetOptions options;
  options.cache_dir = std::move(cache);
  return RuleSet::build(parse_rules(toml, "m.toml", "m"), options, hush::Logger::null());
}

std::string secret_of(std::string_view bytes, const Match& m) {
  return std::string(bytes.substr(m.secret_start, m.secret_end - m.secret_start));
}

const char* token_rule = R"([[rule]]
id = "tok"
regex = '''\b(tok_[a-z0-9]{12})\b'''
secret_group = 1
)";

}  // namespace

TEST_CASE("candidates are confirmed and the secret group extracted") {
  const RuleSet set = build(token_rule);
  Matcher matcher(set);
  const std::string text = "key = tok_abcdef123456; other = tok_zzzzzz999999\n";
  const auto& matches = matcher.find(text);
  REQUIRE(matches.size() == 2);
  CHECK(secret_of(text, matches[0]) == "tok_abcdef123456");
  CHECK(matches[0].secret_start == 6);
  CHECK(secret_of(text, matches[1]) == "tok_zzzzzz999999");
  CHECK(matcher.find("tok_abcdef12345").empty());    // too short
  CHECK(matcher.find("tok_abcdef1234567").empty());  // no word boundary
}

TEST_CASE("overlapping candidates of one rule are reported once") {
  // Hyperscan reports an end offset for every length from 8 up; PCRE2 turns them into one match.
  const RuleSet set = build("[[rule]]\nid = \"run\"\nregex = '''x[a-z]{8,64}'''\n");
  Matcher matcher(set);
  const std::string text = "x" + std::string(40, 'q') + " tail";
  const auto& matches = matcher.find(text);
  REQUIRE(matches.size() == 1);
  CHECK(matches[0].match_start == 0);
  CHECK(matches[0].match_end == 41);
}

TEST_CASE("different rules matching the same bytes are each reported") {
  const RuleSet set = build(std::string(token_rule) + "[[rule]]\nid = \"tok-any\"\nregex = '''tok_[a-z0-9]{12}'''\n");
  Matcher matcher(set);
  const auto& matches = matcher.find("tok_abcdef123456");
  REQUIRE(matches.size() == 2);
  CHECK(matches[0].rule_index != matches[1].rule_index);
}

TEST_CASE("matches at both ends of the buffer") {
  const RuleSet set = build(token_rule);
  Matcher matcher(set);
  CHECK(matcher.find("tok_abcdef123456").size() == 1);
  const std::string filler(100000, 'z');
  const std::string at_end = filler + " tok_abcdef123456";
  const auto& m = matcher.find(at_end);
  REQUIRE(m.size() == 1);
  CHECK(m[0].secret_end == at_end.size());
}

TEST_CASE("a match whose start is far before its end is still confirmed") {
  const RuleSet set = build(R"([[rule]]
id = "block"
regex = '''BEGIN[a-z\n]{10,}?END'''
)");
  Matcher matcher(set);
  const std::string text = "junk BEGIN" + std::string(9000, 'k') + "END junk";
  const auto& m = matcher.find(text);
  REQUIRE(m.size() == 1);
  CHECK(m[0].match_start == 5);
  CHECK(m[0].match_end == text.size() - 5);
}

TEST_CASE("rules Hyperscan cannot compile exactly run in prefilter mode") {
  // Lookahead is PCRE-only: Hyperscan approximates it and PCRE2 decides.
  const RuleSet set = build("[[rule]]\nid = \"la\"\nregex = '''key=([a-z]{6})(?![a-z0-9])'''\nsecret_group = 1\n");
  Matcher matcher(set);
  const std::string text = "key=abcdef key=abcdefg key=abcdef1 key=zzzzzz.";
  const auto& m = matcher.find(text);
  REQUIRE(m.size() == 2);
  CHECK(secret_of(text, m[0]) == "abcdef");
  CHECK(secret_of(text, m[1]) == "zzzzzz");
  // A candidate only the approximation accepts is dropped by PCRE2 and counted.
  const auto before = matcher.rejected_candidates();
  CHECK(matcher.find("key=abcdefg").empty());
  CHECK(matcher.rejected_candidates() == before + 1);
}

TEST_CASE("a rule's prefilter is what Hyperscan searches for, its regex decides") {
  // The prefilter drops the scheme in front of :// and ends where the regex ends.
  const RuleSet set = build(R"([[rule]]
id = "url"
regex = '''\b[a-z]{2,10}://[a-z]{1,20}:([a-z0-9]{4,20})@[a-z]'''
prefilter = '''://[a-z]{1,20}:[a-z0-9]{4,20}@[a-z]'''
secret_group = 1
)");
  Matcher matcher(set);
  // b has no scheme, c's scheme is one letter: both are candidates the regex rejects.
  const std::string text = "a = postgres://app:s3cr3tpw@db; b = ://app:s3cr3tpw@db; c = 9x://app:s3cr3tpw@db";
  const auto& m = matcher.find(text);
  REQUIRE(m.size() == 1);
  CHECK(secret_of(text, m[0]) == "s3cr3tpw");
  CHECK(m[0].match_start == 4);  // the window reaches back to the scheme, which the prefilter lacks
  // A candidate only the prefilter accepts is dropped by PCRE2 and counted.
  const auto before = matcher.rejected_candidates();
  CHECK(matcher.find("x = ://app:s3cr3tpw@db").empty());
  CHECK(matcher.rejected_candidates() == before + 1);
}

TEST_CASE("a prefilter Hyperscan rejects is reported as the rule's prefilter") {
  try {
    build("[[rule]]\nid = \"bad\"\nregex = '''tok_[a-z]{4}'''\nprefilter = '''x*'''\n");
    FAIL("expected a configuration error");
  } catch (const hush::Error& e) {
    CHECK(e.kind() == hush::ErrorKind::config);
    CHECK(std::string(e.what()).find("'bad': prefilter can match an empty string") != std::string::npos);
  }
}

TEST_CASE("arbitrary bytes: NUL, high bytes, CRLF") {
  const RuleSet set = build(token_rule);
  Matcher matcher(set);
  std::string text("\xff\xfe\x00\x01 tok_abcdef123456\r\n\x80\x81", 25);
  const auto& m = matcher.find(text);
  REQUIRE(m.size() == 1);
  CHECK(secret_of(text, m[0]) == "tok_abcdef123456");
  CHECK(matcher.find(std::string_view()).empty());
}

TEST_CASE("line anchors match at line boundaries") {
  const RuleSet set = build("[[rule]]\nid = \"anch\"\nregex = '''^pw=([a-z]{5})$'''\nsecret_group = 1\n");
  Matcher matcher(set);
  CHECK(matcher.find("x\npw=abcde\ny").size() == 1);
  CHECK(matcher.find("x pw=abcde\n").empty());
}

TEST_CASE("the compiled database is cached and a corrupt cache is rebuilt") {
  hush::test::TempDir dir;
  {
    const RuleSet first = build(token_rule, dir.path());
    CHECK_FALSE(first.from_cache());
  }
  const RuleSet second = build(token_rule, dir.path());
  CHECK(second.from_cache());
  {
    Matcher matcher(second);
    CHECK(matcher.find("tok_abcdef123456").size() == 1);
  }
  std::size_t files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir.path())) {
    ++files;
    std::ofstream(entry.path(), std::ios::binary | std::ios::trunc) << "HUSHHSDB garbage that is not a database";
  }
  CHECK(files == 1);
  const RuleSet third = build(token_rule, dir.path());
  CHECK_FALSE(third.from_cache());
  Matcher matcher(third);
  CHECK(matcher.find("tok_abcdef123456").size() == 1);
  // Different rules get a different cache entry, never a stale database.
  const RuleSet other = build("[[rule]]\nid = \"tok\"\nregex = '''tok_[0-9]{4}'''\n", dir.path());
  CHECK_FALSE(other.from_cache());
  CHECK(other.hash() != third.hash());
}

TEST_CASE("a rule set from the cache confirms, captures and allowlists as a freshly compiled one") {
  // From the cache, PCRE2 compiles a rule's regexes on its first candidate: the capture count and
  // window come from the cache file, the allow regexes are compiled when first asked.
  const std::string rules = R"([[rule]]
id = "tok"
regex = '''\b(tok_[a-z0-9]{12})\b'''
secret_group = 1
[rule.allow]
regexes = ['''^tok_0+$''']
[[rule]]
id = "pair"
regex = '''user=(\w+) pass=(\w{8,})'''
secret_group = 2
)";
  hush::test::TempDir dir;
  const std::string text = "a tok_abcdef123456 b tok_000000000000 user=ann pass=hunter2hunter2\n";
  std::vector<std::string> fresh_secrets;
  {
    const RuleSet fresh = build(rules, dir.path());
    REQUIRE_FALSE(fresh.from_cache());
    Matcher matcher(fresh);
    for (const auto& m : matcher.find(text)) fresh_secrets.push_back(secret_of(text, m));
  }
  const RuleSet cached = build(rules, dir.path());
  REQUIRE(cached.from_cache());
  Matcher matcher(cached);
  std::vector<std::string> cached_secrets;
  for (const auto& m : matcher.find(text)) cached_secrets.push_back(secret_of(text, m));
  CHECK(cached_secrets == fresh_secrets);
  CHECK(cached_secrets == std::vector<std::string>{"tok_abcdef123456", "tok_000000000000", "hunter2hunter2"});
  // A changed allowlist or secret group is a different rule set: checked again, not trusted.
  std::string other_allow = rules;
  other_allow.replace(other_allow.find("^tok_0+$"), 8, "^tok_1+$");
  CHECK_FALSE(build(other_allow, dir.path()).from_cache());
  std::string other_group = rules;
  other_group.replace(other_group.find("secret_group = 2"), 16, "secret_group = 1");
  CHECK_FALSE(build(other_group, dir.path()).from_cache());
}

TEST_CASE("a regex compiled on first use reports PCRE2's rejection as a config error") {
  const Pcre2Regex broken("tok_(unclosed", 0);
  try {
    (void)broken.search("tok_x");
    FAIL("no error");
  } catch (const hush::Error& e) {
    CHECK(e.kind() == hush::ErrorKind::config);
    CHECK(std::string(e.what()).find("tok_(unclosed") != std::string::npos);
  }
  const Pcre2Regex fine("tok_[0-9]+", 0);
  CHECK(fine.search("a tok_42"));
  CHECK_FALSE(fine.search("a tok_"));
}

TEST_CASE("a regex is interpreted for its first uses, then matched by its JIT-compiled copy") {
  const Pcre2Regex regex("tok_[0-9]{4}\\b", 0);
  const pcre2_code* first = regex.code();
  std::size_t jit_size = 1;
  REQUIRE(pcre2_pattern_info(first, PCRE2_INFO_JITSIZE, &jit_size) == 0);
  CHECK(jit_size == 0);
  for (std::uint32_t i = 1; i < Pcre2Regex::jit_after_uses; ++i) CHECK(regex.search("x tok_1234 y"));
  const pcre2_code* later = regex.code();
  std::uint32_t jit_available = 0;
  pcre2_config(PCRE2_CONFIG_JIT, &jit_available);
  if (jit_available) {
    CHECK(later != first);
    REQUIRE(pcre2_pattern_info(later, PCRE2_INFO_JITSIZE, &jit_size) == 0);
    CHECK(jit_size > 0);
  } else {
    CHECK(later == first);
  }
  CHECK(regex.search("x tok_1234 y"));
  CHECK_FALSE(regex.search("x tok_12345 y"));
}

TEST_CASE("a match cut by the confirmation window's end is re-judged with the real bytes") {
  // The first candidate's search stops 256 bytes after it; a second secret straddling that point
  // must come out whole, and a token glued to a word just past it must not come out at all.
  const RuleSet set = build(R"([[rule]]
id = "pw"
regex = '''pw=([A-Za-z0-9]{8,32})'''
secret_group = 1
[[rule]]
id = "tok"
regex = '''\b(tok_[a-z0-9]{12})\b'''
secret_group = 1
)");
  Matcher matcher(set);
  for (std::size_t pad = 230; pad < 262; ++pad) {
    const std::string text = "pw=abcdefgh1234 " + std::string(pad, ' ') + "pw=HtNuBkWBXsI9tuPK\n";
    const auto& m = matcher.find(text);
    REQUIRE(m.size() == 2);
    CHECK(secret_of(text, m[1]) == "HtNuBkWBXsI9tuPK");
  }
  for (std::size_t pad = 220; pad < 262; ++pad) {
    const std::string text = "tok_abcdef123456 " + std::string(pad, ' ') + "tok_abcdef123456x";
    CHECK(matcher.find(text).size() == 1);
  }
}
