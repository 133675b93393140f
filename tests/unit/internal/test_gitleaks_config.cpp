// Reading gitleaks configurations: format detection, the mapping of every supported field onto
// hush's Rule and Config, [extend], RE2 escapes, warnings for unsupported fields, and the
// scanner behaviour those fields need (rule paths, path-only rules, keywords, allowlists).
#include <algorithm>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "catch.hpp"
#include "gitleaks_regex.hpp"
#include "hush/common/error.hpp"
#include "hush/common/log.hpp"
#include "hush/scanner/config.hpp"
#include "hush/scanner/matcher.hpp"
#include "hush/scanner/ruleset.hpp"
#include "hush/scanner/scanner.hpp"
#include "scan_fixture.hpp"
#include "test_support.hpp"

using namespace hush::scanner;

namespace {

struct FileClose {
  void operator()(std::FILE* f) const noexcept { std::fclose(f); }
};

// A logger writing to a temporary file, and what it wrote.
class CapturedLog {
 public:
  CapturedLog() : file_(std::tmpfile()), log_(file_.get(), hush::LogFormat::text, hush::LogLevel::warn) {
    REQUIRE(file_);
  }
  hush::Logger& log() { return log_; }
  std::string text() {
    std::fflush(file_.get());
    std::rewind(file_.get());
    std::string out;
    char buf[4096];
    std::size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, file_.get())) > 0) out.append(buf, n);
    return out;
  }

 private:
  std::unique_ptr<std::FILE, FileClose> file_;
  hush::Logger log_;
};

std::size_t count(const std::string& hay, const std::string& needle) {
  std::size_t n = 0;
  for (std::size_t at = hay.find(needle); at != std::string::npos; at = hay.find(needle, at + 1)) ++n;
  return n;
}

const Rule& rule_named(const std::vector<Rule>& rules, const std::string& id) {
  const auto it = std::find_if(rules.begin(), rules.end(), [&](const Rule& r) { return r.id == id; });
  REQUIRE(it != rules.end());
  return *it;
}

std::vector<Finding> scan_with(const std::vector<Rule>& rules, const Allowlist& global, const std::string& text,
                               const std::string& path) {
  const RuleSet set = RuleSet::build(rules, RuleSetOptions{}, hush::Logger::null());
  const Scanner scanner(set, global);
  Matcher matcher(set);
  return hush::test::scan_bytes(scanner, matcher, text, path);
}

const char* const token_rule = R"(
[[rules]]
id = "acme-token"
description = "ACME API token"
regex = '''(?i)acme[_-]?token\s*[:=]\s*["']?(acm_[a-z0-9]{24})'''
)";

}  // namespace

TEST_CASE("gitleaks configurations are told apart from hush's") {
  CHECK(parse_config(token_rule, ".gitleaks.toml").refine_builtin);
  CHECK(parse_config("title = \"mine\"\n", ".gitleaks.toml").refine_builtin);
  CHECK(parse_config("[extend]\nuseDefault = true\n", ".gitleaks.toml").refine_builtin);
  CHECK(parse_config("[allowlist]\npaths = ['''^vendor/''']\n", ".gitleaks.toml").refine_builtin);
  CHECK_FALSE(parse_config("builtin_rules = true\n", ".hush.toml").refine_builtin);
  CHECK_FALSE(parse_config("", ".hush.toml").refine_builtin);
}

TEST_CASE("a gitleaks rule maps onto a hush rule") {
  CapturedLog captured;
  const Config c = parse_config(R"(
title = "team config"
[[rules]]
id = "acme-token"
description = "ACME API token"
regex = '''(?i)acme[_-]?token\s*[:=]\s*["']?(acm_[a-z0-9]{24})'''
secretGroup = 1
entropy = 3.5
keywords = ["ACME", "acm_"]
tags = ["internal", "api"]
path = '''\.(?:env|ya?ml)$'''

[[rules]]
id = "two-groups"
regex = '''(key)=([0-9a-f]{16})'''
secretGroup = 2

[[rules]]
id = "no-groups"
regex = '''zz_[0-9]{10}'''

[[rules]]
id = "first-group-by-default"
regex = '''tok=([0-9]{10})'''
)",
                                ".gitleaks.toml", captured.log());
  CHECK(captured.text().empty());    // every field above is supported
  CHECK_FALSE(c.use_builtin_rules);  // gitleaks uses only the file's rules unless told to extend
  REQUIRE(c.rules.size() == 4);
  const Rule& r = c.rules[0];
  CHECK(r.id == "acme-token");
  CHECK(r.name == "ACME API token");
  CHECK(r.description == "ACME API token");
  CHECK(r.family == "custom");
  CHECK(r.secret_group == 1);
  CHECK(r.entropy.value() == Approx(3.5));
  CHECK(r.keywords == std::vector<std::string>{"acme", "acm_"});
  CHECK(r.require_keyword);
  CHECK(r.path == R"(\.(?:env|ya?ml)$)");
  CHECK_FALSE(r.path_only);
  CHECK(r.source_file == ".gitleaks.toml");
  CHECK(c.rules[1].secret_group == 2);
  CHECK(c.rules[2].secret_group == 0);
  CHECK(c.rules[3].secret_group == 1);
  CHECK(c.rules[3].name == "first-group-by-default");
  CHECK_FALSE(c.rules[3].require_keyword);
}

TEST_CASE("gitleaks rule errors name the file and line") {
  const auto error_of = [](const std::string& toml) -> std::string {
    try {
      (void)parse_config(toml, ".gitleaks.toml");
    } catch (const hush::Error& e) {
      CHECK(e.kind() == hush::ErrorKind::config);
      return e.what();
    }
    return {};
  };
  CHECK(error_of("[[rules]]\nregex = 'x'\n").find(".gitleaks.toml:1") != std::string::npos);
  CHECK(error_of("[[rules]]\nid = \"bad id!\"\nregex = 'x'\n").find("bad id!") != std::string::npos);
  CHECK(error_of("[[rules]]\nid = \"a\"\nregex = 'x'\nentropy = 9.0\n").find("entropy") != std::string::npos);
  CHECK(error_of("[[rules]]\nid = \"a\"\nregex = 'x'\nsecretGroup = \"one\"\n").find("secretGroup") !=
        std::string::npos);
  CHECK(error_of("[allowlist]\ncondition = \"XOR\"\n").find("condition") != std::string::npos);
  CHECK(error_of("[allowlist]\nregexTarget = \"file\"\n").find("regexTarget") != std::string::npos);
  CHECK(error_of("rules = 3\n").find("rules") != std::string::npos);
}

TEST_CASE("a gitleaks rule with a path and no regex reports the file itself") {
  const Config c = parse_config("[[rules]]\nid = \"keystore\"\ndescription = \"Java keystore\"\npath = '''\\.jks$'''\n",
                                ".gitleaks.toml");
  REQUIRE(c.rules.size() == 1);
  CHECK(c.rules[0].path_only);
  CHECK_FALSE(c.rules[0].regex.empty());

  const auto found = scan_with(c.rules, {}, "any content at all\nline two\n", "deploy/app.jks");
  REQUIRE(found.size() == 1);
  CHECK(found[0].rule_id == "keystore");
  CHECK(found[0].line == 1);
  CHECK(found[0].secret.empty());
  CHECK(found[0].context.empty());  // the file's content is not shown
  CHECK(scan_with(c.rules, {}, "any content at all\n", "deploy/app.json").empty());
}

TEST_CASE("a rule's path limits it to matching files") {
  const Config c = parse_config(std::string(token_rule) + "path = '''(^|/)config/'''\n", ".gitleaks.toml");
  const std::string text = "acme_token = acm_k3j4h5g6f7d8s9a0q1w2e3r4\n";
  CHECK(scan_with(c.rules, {}, text, "config/app.env").size() == 1);
  CHECK(scan_with(c.rules, {}, text, "src/app.env").empty());
  // Git history scans learn paths after scanning blobs: an unknown path reports, attribution decides.
  CHECK(scan_with(c.rules, {}, text, "").size() == 1);
  const RuleSet set = RuleSet::build(c.rules, RuleSetOptions{}, hush::Logger::null());
  const Scanner scanner(set, Allowlist{});
  CHECK(scanner.path_suppresses("acme-token", "src/app.env"));
  CHECK_FALSE(scanner.path_suppresses("acme-token", "config/app.env"));
}

TEST_CASE("keywords gate gitleaks rules the way gitleaks does") {
  const Config c = parse_config(
      "[[rules]]\nid = \"hex32\"\nregex = '''\\b[0-9a-f]{32}\\b'''\nkeywords = [\"heroku\"]\n", ".gitleaks.toml");
  const std::string value = "c2f8a1d94b7e4e0f9a3d6b2c8e1f7a90";
  CHECK(scan_with(c.rules, {}, "HEROKU_KEY=" + value + "\n", "a.env").size() == 1);
  CHECK(scan_with(c.rules, {}, "checksum=" + value + "\n", "a.env").empty());
}

TEST_CASE("gitleaks allowlists: legacy and plural, OR and AND, secret, match and line targets") {
  CapturedLog captured;
  const Config c = parse_config(std::string(token_rule) + R"(
  [rules.allowlist]
  description = "legacy form"
  regexes = ['''acm_0{24}''']
  stopwords = ["sample"]
  [[rules.allowlists]]
  regexTarget = "line"
  regexes = ['''#\s*test fixture''']
  [[rules.allowlists]]
  condition = "AND"
  paths = ['''(^|/)docs/''']
  regexes = ['''acm_d''']
  [[rules.allowlists]]
  condition = "AND"
  commits = ["0123456789abcdef0123456789abcdef01234567"]
  paths = ['''^x''']
  [[rules.allowlists]]
  commits = ["89abcdef0123"]
  paths = ['''(^|/)vendor/''']
)",
                                ".gitleaks.toml", captured.log());
  const Rule& r = c.rules.at(0);
  CHECK(r.allow.regexes == std::vector<std::string>{"acm_0{24}"});
  CHECK(r.allow.stopwords == std::vector<std::string>{"sample"});
  CHECK(r.allow.paths == std::vector<std::string>{"(^|/)vendor/"});
  CHECK(r.allow.commits == std::vector<std::string>{"89abcdef0123"});
  REQUIRE(r.allow.conditional.size() == 2);
  CHECK(r.allow.conditional[0].target == AllowTarget::line);
  CHECK_FALSE(r.allow.conditional[0].match_all);
  CHECK(r.allow.conditional[1].match_all);
  CHECK(captured.text().find("commits with condition AND") != std::string::npos);

  const auto hits = [&](const std::string& text, const std::string& path) {
    return scan_with(c.rules, {}, text, path).size();
  };
  CHECK(hits("acme_token = acm_k3j4h5g6f7d8s9a0q1w2e3r4\n", "src/a.env") == 1);
  CHECK(hits("acme_token = acm_000000000000000000000000\n", "src/a.env") == 0);                  // secret regex
  CHECK(hits("acme_token = acm_sample000000000000000000\n", "src/a.env") == 0);                  // stopword
  CHECK(hits("acme_token = acm_k3j4h5g6f7d8s9a0q1w2e3r4  # test fixture\n", "src/a.env") == 0);  // line target
  CHECK(hits("acme_token = acm_k3j4h5g6f7d8s9a0q1w2e3r4\n", "vendor/a.env") == 0);               // path
  CHECK(hits("acme_token = acm_d3j4h5g6f7d8s9a0q1w2e3r4\n", "docs/a.md") == 0);                  // AND: both hold
  CHECK(hits("acme_token = acm_d3j4h5g6f7d8s9a0q1w2e3r4\n", "src/a.env") == 1);                  // AND: path fails
  CHECK(hits("acme_token = acm_k3j4h5g6f7d8s9a0q1w2e3r4\n", "docs/a.md") == 1);                  // AND: regex fails
}

TEST_CASE("a match-target allowlist sees the whole match") {
  const Config c = parse_config(std::string(token_rule) + R"(
  [[rules.allowlists]]
  regexTarget = "match"
  regexes = ['''^ACME_TOKEN''']
)",
                                ".gitleaks.toml");
  CHECK(scan_with(c.rules, {}, "ACME_TOKEN=acm_k3j4h5g6f7d8s9a0q1w2e3r4\n", "a.env").empty());
  CHECK(scan_with(c.rules, {}, "acme_token=acm_k3j4h5g6f7d8s9a0q1w2e3r4\n", "a.env").size() == 1);
}

TEST_CASE("global gitleaks allowlists, with and without targetRules") {
  const Config c = parse_config(std::string(token_rule) + R"(
[allowlist]
paths = ['''(^|/)third_party/''']
stopwords = ["dummy"]
commits = ["fedcba9876543210"]
[[allowlists]]
targetRules = ["acme-token"]
regexes = ['''acm_1{24}''']
[[allowlists]]
regexTarget = "line"
regexes = ['''NOSCAN''']
)",
                                ".gitleaks.toml");
  CHECK(c.allow.paths == std::vector<std::string>{"(^|/)third_party/"});
  CHECK(c.allow.stopwords == std::vector<std::string>{"dummy"});
  CHECK(c.allow.commits == std::vector<std::string>{"fedcba9876543210"});
  REQUIRE(c.allow.conditional.size() == 1);
  REQUIRE(c.targeted_allow.size() == 1);
  CHECK(c.targeted_allow[0].rule_ids == std::vector<std::string>{"acme-token"});

  CapturedLog captured;
  const auto rules = assemble_rules({}, c, {}, captured.log());
  CHECK(rule_named(rules, "acme-token").allow.regexes == std::vector<std::string>{"acm_1{24}"});
  CHECK(scan_with(rules, c.allow, "acme_token=acm_111111111111111111111111\n", "a.env").empty());
  CHECK(scan_with(rules, c.allow, "acme_token=acm_k3j4h5g6f7d8s9a0q1w2e3r4 NOSCAN\n", "a.env").empty());
  CHECK(scan_with(rules, c.allow, "acme_token=acm_k3j4h5g6f7d8s9a0q1w2e3r4\n", "a.env").size() == 1);
}

TEST_CASE("[extend] useDefault keeps the built-in rules and refines them by id") {
  const Rule builtin_rule = [] {
    Rule r;
    r.id = "builtin-token";
    r.name = "Built-in token";
    r.regex = R"(\b(btk_[0-9a-z]{20})\b)";
    r.secret_group = 1;
    r.family = "demo";
    r.source_file = "builtin:demo.toml";
    return r;
  }();
  Rule other = builtin_rule;
  other.id = "other-builtin";
  CapturedLog captured;
  const Config c = parse_config(R"(
[extend]
useDefault = true
disabledRules = ["other-builtin", "gitleaks-only-rule"]

[[rules]]
id = "builtin-token"
[rules.allowlist]
stopwords = ["fixture"]

[[rules]]
id = "gitleaks-default-with-no-hush-twin"
[[rules.allowlists]]
paths = ['''x''']
)",
                                ".gitleaks.toml", captured.log());
  CHECK(c.use_builtin_rules);
  CHECK(c.refine_builtin);
  const auto rules = assemble_rules({builtin_rule, other}, c, {}, captured.log());
  REQUIRE(rules.size() == 1);
  CHECK(rules[0].id == "builtin-token");
  CHECK(rules[0].regex == builtin_rule.regex);  // refined, not replaced
  CHECK(rules[0].family == "demo");
  CHECK(rules[0].allow.stopwords == std::vector<std::string>{"fixture"});
  const std::string warnings = captured.text();
  CHECK(warnings.find("'gitleaks-default-with-no-hush-twin'") != std::string::npos);
  CHECK(warnings.find("'gitleaks-only-rule'") != std::string::npos);

  // hush's own format keeps its stricter rules: an unknown disabled id is an error.
  Config strict;
  strict.disabled_rules = {"gitleaks-only-rule"};
  CHECK_THROWS_AS(assemble_rules({builtin_rule}, strict, {}), hush::Error);
}

TEST_CASE("[extend] path loads a base gitleaks file next to the config") {
  hush::test::TempDir dir;
  dir.write("base.toml", R"(
[[rules]]
id = "base-token"
description = "Base token"
regex = '''btk_[0-9a-z]{20}'''
[[rules]]
id = "noisy"
regex = '''noisy_[0-9]{8}'''
[allowlist]
paths = ['''^generated/''']
)");
  dir.write(".gitleaks.toml", R"(
[extend]
path = "base.toml"
disabledRules = ["noisy"]
[[rules]]
id = "base-token"
entropy = 3.0
[rules.allowlist]
regexes = ['''btk_0+''']
[[rules]]
id = "own-token"
regex = '''otk_[0-9a-z]{20}'''
)");
  const Config c = load_config_file(dir.path() / ".gitleaks.toml");
  CHECK_FALSE(c.use_builtin_rules);
  REQUIRE(c.rules.size() == 2);
  const Rule& base = rule_named(c.rules, "base-token");
  CHECK(base.regex == "btk_[0-9a-z]{20}");
  CHECK(base.entropy.value() == Approx(3.0));
  CHECK(base.allow.regexes == std::vector<std::string>{"btk_0+"});
  CHECK(base.name == "Base token");
  (void)rule_named(c.rules, "own-token");
  CHECK(c.allow.paths == std::vector<std::string>{"^generated/"});

  dir.write("loop.toml", "[extend]\npath = \"loop.toml\"\n");
  CHECK_THROWS_AS(load_config_file(dir.path() / "loop.toml"), hush::Error);
  dir.write("hushfmt.toml", "builtin_rules = false\n");
  dir.write("bad.toml", "[extend]\npath = \"hushfmt.toml\"\n");
  CHECK_THROWS_AS(load_config_file(dir.path() / "bad.toml"), hush::Error);
}

TEST_CASE("unsupported gitleaks fields warn once each and are ignored") {
  CapturedLog captured;
  const Config c = parse_config(R"(
minVersion = "v8.25.0"
reportTags = ["x"]
[[rules]]
id = "a"
regex = '''aaa_[0-9]{8}'''
  [[rules.required]]
  id = "b"
  withinLines = 3
[[rules]]
id = "b"
regex = '''bbb_[0-9]{8}'''
  [[rules.required]]
  id = "a"
[[rules]]
id = "helper"
regex = '''ccc_[0-9]{8}'''
skipReport = true
[allowlist]
paths = ['''^x/''']
unknownKnob = true
)",
                                ".gitleaks.toml", captured.log());
  const std::string text = captured.text();
  CHECK(count(text, "gitleaks config: field 'rules.required' is not supported, ignored") == 1);
  CHECK(count(text, "field 'reportTags'") == 1);
  CHECK(count(text, "field 'allowlist.unknownKnob'") == 1);
  CHECK(text.find("minVersion") == std::string::npos);
  REQUIRE(c.rules.size() == 2);  // a skipReport rule only feeds composite rules: nothing to report
  CHECK(c.rules[0].id == "a");
  CHECK(c.rules[1].id == "b");
}

TEST_CASE("RE2 escapes that PCRE2 reads differently are rewritten") {
  using hush::scanner::gitleaks::translate_regex;
  CHECK(translate_regex(R"(a\101b)") == R"(a\x{41}b)");  // octal, not a backreference
  CHECK(translate_regex(R"(\0)") == R"(\x{0})");
  CHECK(translate_regex(R"(\012)") == R"(\x{a})");
  CHECK(translate_regex(R"(x\vy)") == R"(x\x0by)");  // the vertical tab alone
  CHECK(translate_regex(R"(\Q\101.\E\101)") == R"(\Q\101.\E\x{41})");
  CHECK(translate_regex(R"((?P<key>[a-z]+)\z\b\d\\1)") == R"((?P<key>[a-z]+)\z\b\d\\1)");
  CHECK(translate_regex(R"(trailing\)") == R"(trailing\)");
  CHECK(hush::scanner::gitleaks::capture_count(R"((?P<key>a)(b)(?:c))") == 2);
}

TEST_CASE("Go-style named groups and \\z work end to end") {
  const Config c = parse_config(R"(
[[rules]]
id = "named"
regex = '''key=(?P<secret>[0-9a-f]{16})\z'''
)",
                                ".gitleaks.toml");
  const auto found = scan_with(c.rules, {}, "key=c2f8a1d94b7e4e0f", "a.txt");
  REQUIRE(found.size() == 1);
  CHECK(found[0].secret == "c2f8a1d94b7e4e0f");
}

TEST_CASE("commit allowlists drop findings introduced by those commits") {
  Rule r;
  r.id = "x";
  r.allow.commits = {"aaaaaaa"};
  Allowlist global;
  global.commits = {"bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"};
  const auto finding = [](const std::string& rule, const std::string& commit) {
    Finding f;
    f.rule_id = rule;
    if (!commit.empty()) {
      f.git.emplace();
      f.git->commit = commit;
    }
    return f;
  };
  std::vector<Finding> findings = {finding("x", "aaaaaaa1111111111111111111111111111111111"),
                                   finding("y", "aaaaaaa1111111111111111111111111111111111"),
                                   finding("y", "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"), finding("x", "")};
  drop_allowlisted_commits(findings, {r}, global);
  REQUIRE(findings.size() == 2);
  CHECK(findings[0].rule_id == "y");
  CHECK(findings[0].git->commit.rfind("aaaaaaa", 0) == 0);
  CHECK_FALSE(findings[1].git);
}
