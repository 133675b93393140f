#include "catch.hpp"
#include "hush/common/log.hpp"
#include "hush/rules/builtin.hpp"
#include "hush/scanner/config.hpp"
#include "hush/scanner/matcher.hpp"
#include "hush/scanner/ruleset.hpp"
#include "hush/scanner/scanner.hpp"
#include "scan_fixture.hpp"
#include "test_support.hpp"

using namespace hush::scanner;

namespace {

using Fixture = hush::test::ScanFixture;

const char* token_rule = R"([[rule]]
id = "tok"
name = "Test token"
regex = '''\b(tok_[A-Za-z0-9]{12})\b'''
secret_group = 1
severity = "high"
)";

// One rule, "block", matching `regex` (kept as written: a TOML literal string).
std::string block_rule(const std::string& regex) { return "[[rule]]\nid = \"block\"\nregex = '''" + regex + "'''\n"; }

}  // namespace

TEST_CASE("findings carry 1-based lines and byte columns, end exclusive") {
  Fixture fx(token_rule);
  const auto found = fx.scan("first line\n\n  key: tok_AbCdEf123456 # trailing\n");
  REQUIRE(found.size() == 1);
  const Finding& f = found[0];
  CHECK(f.rule_id == "tok");
  CHECK(f.rule_name == "Test token");
  CHECK(f.severity == Severity::high);
  CHECK(f.path == "src/app.cfg");
  CHECK(f.line == 3);
  CHECK(f.column == 8);
  CHECK(f.end_line == 3);
  CHECK(f.end_column == 24);
  CHECK(f.offset == 19);
  CHECK(f.secret == "tok_AbCdEf123456");
  CHECK(f.redacted ==
        "tok_\xE2\x80\xA6"
        "456");
  CHECK(f.context ==
        "  key: tok_\xE2\x80\xA6"
        "456 # trailing");
  CHECK(f.context.find("AbCdEf") == std::string::npos);
  CHECK(f.fingerprint == fingerprint("tok", "tok_AbCdEf123456"));
  CHECK_FALSE(f.git.has_value());
}

TEST_CASE("CRLF line endings do not shift columns") {
  Fixture fx(token_rule);
  const auto found = fx.scan("a\r\nb\r\n   tok_AbCdEf123456\r\n");
  REQUIRE(found.size() == 1);
  CHECK(found[0].line == 3);
  CHECK(found[0].column == 4);
  CHECK(found[0].context.back() != '\r');
}

TEST_CASE("a secret spanning lines reports its end line") {
  Fixture fx(block_rule(R"(BEGIN\n[a-z]{4}\nEND)"));
  const auto found = fx.scan("x\nBEGIN\nabcd\nEND\n");
  REQUIRE(found.size() == 1);
  CHECK(found[0].line == 2);
  CHECK(found[0].column == 1);
  CHECK(found[0].end_line == 4);
  CHECK(found[0].end_column == 4);
}

TEST_CASE("the context of a multi-line secret shows none of it") {
  Fixture fx(block_rule(R"(BEGIN\n[a-z]{4}\n[a-z]{4}\nEND)"));
  const auto found = fx.scan("key: BEGIN\nabcd\nwxyz\nEND trailing\n");
  REQUIRE(found.size() == 1);
  CHECK(found[0].context.find("abcd") == std::string::npos);
  CHECK(found[0].context.find("wxyz") == std::string::npos);
  CHECK(found[0].context.find("key: ") == 0);
}

TEST_CASE("rules agreeing on the same secret give one finding") {
  Fixture fx(R"([[rule]]
id = "generic"
regex = '''key=([A-Za-z0-9_]{16})'''
secret_group = 1
severity = "medium"
[[rule]]
id = "specific"
regex = '''\b(tok_[A-Za-z0-9]{12})\b'''
secret_group = 1
severity = "critical"
)");
  const auto found = fx.scan("key=tok_AbCdEf123456\n");
  REQUIRE(found.size() == 1);
  CHECK(found[0].rule_id == "specific");
  CHECK(fx.counters.suppressed == 1);
  CHECK(fx.scan("key=AbCdEf1234567890").size() == 1);
}

TEST_CASE("context of a very long line is bounded") {
  Fixture fx(token_rule);
  std::string line(500000, 'a');
  line += " tok_AbCdEf123456 ";
  line += std::string(500000, 'b');
  const auto found = fx.scan(line);
  REQUIRE(found.size() == 1);
  CHECK(found[0].column == 500002);
  CHECK(found[0].context.size() < 200);
}

TEST_CASE("filters drop confirmed matches and count them") {
  SECTION("entropy") {
    Fixture fx(std::string(token_rule) + "entropy = 3.0\n");
    CHECK(fx.scan("tok_aaaaaaaaaaaa").empty());
    CHECK(fx.counters.suppressed == 1);
    CHECK(fx.scan("tok_Ab3dEf9h1JkL").size() == 1);
  }
  SECTION("validator") {
    Fixture fx(R"([[rule]]
id = "gh"
regex = '''\b(ghp_[A-Za-z0-9]{36})\b'''
secret_group = 1
validator = "base62-crc32"
)");
    std::string token = hush::test::github_token("ghp_", 42);
    auto found = fx.scan("t=" + token);
    REQUIRE(found.size() == 1);
    CHECK(found[0].validation == "checksum-ok");
    token[5] = token[5] == 'Q' ? 'R' : 'Q';
    CHECK(fx.scan("t=" + token).empty());
  }
  SECTION("rule stopwords and allow regexes") {
    Fixture fx(std::string(token_rule) + "[rule.allow]\nstopwords = [\"DUMMY\"]\nregexes = ['''^tok_0''']\n");
    CHECK(fx.scan("tok_xxDummyxx123").empty());
    CHECK(fx.counters.suppressed == 1);
    CHECK(fx.scan("tok_abdummyabc12").empty());
    CHECK(fx.scan("tok_0bCdEf123456").empty());
    CHECK(fx.scan("tok_AbCdEf123456").size() == 1);
  }
  SECTION("rule path allowlist") {
    Fixture fx(std::string(token_rule) + "[rule.allow]\npaths = ['''(^|/)testdata/''']\n");
    CHECK(fx.scan("tok_AbCdEf123456", "pkg/testdata/x.txt").empty());
    CHECK(fx.scan("tok_AbCdEf123456", "pkg/data/x.txt").size() == 1);
  }
  SECTION("global allowlist") {
    Allowlist global;
    global.regexes = {"456$"};
    global.stopwords = {"zzz"};
    global.paths = {"\\.lock$"};
    Fixture fx(token_rule, global);
    CHECK(fx.scan("tok_AbCdEf123456").empty());
    CHECK(fx.scan("tok_AbCdEfzzz999").empty());
    CHECK(fx.scan("tok_AbCdEf123457").size() == 1);
    CHECK(fx.scanner.path_allowlisted("deps/yarn.lock"));
    CHECK_FALSE(fx.scanner.path_allowlisted("deps/yarn.txt"));
  }
  SECTION("inline ignore on the secret's line only") {
    Fixture fx(token_rule);
    CHECK(fx.scan("key = tok_AbCdEf123456 # hush:allow\n").empty());
    CHECK(fx.scan("# hush:allow\nkey = tok_AbCdEf123456\n").size() == 1);
  }
}

TEST_CASE("report ranges let windows share matches without duplicates") {
  Fixture fx(token_rule);
  const std::string text = "tok_AbCdEf123456 and tok_ZyXwVu987654";
  std::vector<Finding> first, second;
  ScanTarget a;
  a.bytes = text;
  a.path = "x";
  a.report_until = 10;
  fx.scanner.scan(a, fx.matcher, first, fx.counters);
  ScanTarget b = a;
  b.report_from = 10;
  b.report_until = text.size();
  fx.scanner.scan(b, fx.matcher, second, fx.counters);
  REQUIRE(first.size() == 1);
  REQUIRE(second.size() == 1);
  CHECK(first[0].secret == "tok_AbCdEf123456");
  CHECK(second[0].secret == "tok_ZyXwVu987654");
}

TEST_CASE("redaction never reveals a short secret and keeps long ones recognisable") {
  CHECK(redact("abc") == "\xE2\x80\xA6");
  CHECK(redact("0123456789") == "01\xE2\x80\xA6");
  CHECK(redact("AKIAWB5WKH7DNSIPZZ7F") == "AKIA\xE2\x80\xA6Z7F");
  // A key block shows its type and the body's structural start, never more.
  CHECK(redact("-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAx4f\n-----END RSA PRIVATE KEY-----") ==
        "-----BEGIN RSA PRIVATE KEY----- MIIE\xE2\x80\xA6");
  CHECK(redact("-----BEGIN OPENSSH PRIVATE KEY-----\r\nb3BlbnNzaC1rZXktdjEAAAAA") ==
        "-----BEGIN OPENSSH PRIVATE KEY----- b3Bl\xE2\x80\xA6");
  // Without a body after its armour it is an ordinary long secret.
  CHECK(redact("-----BEGIN RSA PRIVATE KEY-----") == "----\xE2\x80\xA6---");
}

TEST_CASE("fingerprints depend on rule and secret only") {
  CHECK(fingerprint("a", "secret") == fingerprint("a", "secret"));
  CHECK(fingerprint("a", "secret") != fingerprint("b", "secret"));
  CHECK(fingerprint("a", "secret") != fingerprint("a", "secret2"));
  CHECK(fingerprint("ab", "c") != fingerprint("a", "bc"));
  CHECK(fingerprint("a", "secret").size() == 32);
}

TEST_CASE("builtin rules find their planted secrets in a realistic file") {
  const auto set = RuleSet::build(hush::rules::builtin_rules(), RuleSetOptions{}, hush::Logger::null());
  const Scanner scanner(set, Allowlist{});
  Matcher matcher(set);
  const std::string gh = hush::test::github_token("ghp_", 7);
  const std::string text = "# deploy settings\nAWS_ACCESS_KEY_ID=AKIAWB5WKH7DNSIPZZ7F\nGITHUB_TOKEN=" + gh +
                           "\nEXAMPLE_KEY=AKIAIOSFODNN7EXAMPLE\npassword = \"changeme\"\n";
  const std::vector<Finding> out = hush::test::scan_bytes(scanner, matcher, text, "deploy.env");
  REQUIRE(out.size() == 2);
  CHECK(out[0].rule_id == "aws-access-key-id");
  CHECK(out[0].line == 2);
  CHECK(out[1].rule_id == "github-pat");
  CHECK(out[1].line == 3);
}
