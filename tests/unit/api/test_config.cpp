#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <tuple>
#include <vector>

#include "catch.hpp"
#include "hush/common/error.hpp"
#include "hush/common/log.hpp"
#include "hush/rules/builtin.hpp"
#include "hush/scanner/config.hpp"
#include "hush/scanner/ruleset.hpp"

using namespace hush::scanner;

namespace {

// Returns the config error message, or "" when parsing/building succeeded.
std::string load_error(const std::string& toml) {
  try {
    auto rules = parse_rules(toml, "rules.toml", "test");
    (void)RuleSet::build(std::move(rules), RuleSetOptions{}, hush::Logger::null());
  } catch (const hush::Error& e) {
    CHECK(e.kind() == hush::ErrorKind::config);
    return e.what();
  }
  return {};
}

const std::string good_rule = "[[rule]]\nid = \"demo\"\nregex = '''tok_([a-z0-9]{12})'''\nsecret_group = 1\n";

}  // namespace

TEST_CASE("a valid rule file loads with every field") {
  const auto rules = parse_rules(R"([[rule]]
id = "demo"
name = "Demo token"
regex = '''\b(tok_[a-z0-9]{12})\b'''
secret_group = 1
keywords = ["tok_"]
entropy = 2.5
severity = "critical"
family = "demo-family"
examples = ["tok_abcdefghijkl"]
negative_examples = ["tok_short"]
[rule.allow]
paths = ['''^test/''']
regexes = ['''^tok_0+$''']
stopwords = ["Sample"]
)",
                                 "rules.toml", "fallback");
  REQUIRE(rules.size() == 1);
  const Rule& r = rules[0];
  CHECK(r.id == "demo");
  CHECK(r.name == "Demo token");
  CHECK(r.secret_group == 1);
  CHECK(r.keywords == std::vector<std::string>{"tok_"});
  CHECK(r.entropy.value() == Approx(2.5));
  CHECK(r.severity == Severity::critical);
  CHECK(r.family == "demo-family");
  CHECK(r.allow.paths.size() == 1);
  CHECK(r.allow.stopwords == std::vector<std::string>{"Sample"});
  CHECK(r.source_file == "rules.toml");
  CHECK(r.source_line == 1);
  CHECK(load_error(good_rule).empty());
  CHECK(r.confidence == Confidence::high);  // a provider format unless said otherwise
  CHECK(r.assignment == Field::none);
}

TEST_CASE("a rule declares its confidence, the field it reads and its low-confidence examples") {
  const auto rules = parse_rules(R"toml([[rule]]
id = "demo-password"
regex = '''password = "([^"]{4,})"'''
secret_group = 1
confidence = "medium"
assignment = "password"
examples = ['password = "Vq7m2Kp9wXz"']
low_examples = ['password = "marmalade"']
negative_examples = ['password = "password"']
)toml",
                                 "rules.toml", "fallback");
  REQUIRE(rules.size() == 1);
  CHECK(rules[0].confidence == Confidence::medium);
  CHECK(rules[0].assignment == Field::password);
  CHECK(rules[0].low_examples == std::vector<std::string>{"password = \"marmalade\""});
}

TEST_CASE("rule file errors name the file and line") {
  // What is wrong, the rule file, the place the error must start with and what it must say.
  const std::tuple<const char*, const char*, const char*, const char*> located_errors[] = {
      {"bad TOML", "[[rule]]\nid = \"x\"\nregex = 'unterminated\n", "rules.toml:3:", "invalid TOML"},
      {"regex rejected by PCRE2", "\n[[rule]]\nid = \"x\"\nregex = '''a(b'''\n", "rules.toml:2:", "PCRE2"},
      // Callouts are valid PCRE2 and unsupported by Hyperscan in every mode.
      {"regex PCRE2 accepts but Hyperscan rejects even as a prefilter", "[[rule]]\nid = \"x\"\nregex = '''a(?C1)b'''\n",
       "rules.toml:1:", "Hyperscan"},
      {"unknown key", "[[rule]]\nid = \"x\"\nregex = 'abc'\nsecretgroup = 1\n",
       "rules.toml:4:", "unknown key 'secretgroup'"},
  };
  for (const auto& [what, toml, at, says] : located_errors) {
    INFO(what);
    const auto msg = load_error(toml);
    CHECK(msg.rfind(at, 0) == 0);
    CHECK(msg.find(says) != std::string::npos);
  }
  // What is wrong, the rule file and what the error must say.
  const std::tuple<const char*, const char*, const char*> errors[] = {
      {"secret_group beyond the regex's groups", "[[rule]]\nid = \"x\"\nregex = '''a(b)c'''\nsecret_group = 2\n",
       "secret_group 2 is beyond"},
      {"unknown top-level key", "foo = 1\n", "unknown key 'foo'"},
      {"wrong type", "[[rule]]\nid = \"x\"\nregex = 'abc'\nentropy = \"high\"\n", "must be a number"},
      {"missing id", "[[rule]]\nregex = 'abc'\n", "no 'id'"},
      {"missing regex", "[[rule]]\nid = \"x\"\n", "no 'regex'"},
      {"bad confidence", "[[rule]]\nid = \"x\"\nregex = 'abc'\nconfidence = \"sure\"\n",
       "confidence must be one of low, medium, high"},
      {"bad assignment", "[[rule]]\nid = \"x\"\nregex = 'abc'\nassignment = \"token\"\n",
       "assignment must be password or secret"},
      {"bad severity", "[[rule]]\nid = \"x\"\nregex = 'abc'\nseverity = \"huge\"\n", "severity"},
      {"unknown validator", "[[rule]]\nid = \"x\"\nregex = 'abc'\nvalidator = \"crc99\"\n",
       "unknown validator 'crc99'"},
      {"regex that matches the empty string", "[[rule]]\nid = \"x\"\nregex = 'a*'\n", "empty"},
      {"bad allowlist regex", "[[rule]]\nid = \"x\"\nregex = 'abc'\n[rule.allow]\nregexes = ['(']\n",
       "allow secret regex"},
      {"invalid id characters", "[[rule]]\nid = \"a b\"\nregex = 'abc'\n", "rule id"},
  };
  for (const auto& [what, toml, says] : errors) {
    INFO(what);
    CHECK(load_error(toml).find(says) != std::string::npos);
  }
}

TEST_CASE("duplicate rule ids are reported with both places") {
  const auto a = parse_rules(good_rule, "a.toml", "a");
  const auto b = parse_rules("\n\n" + good_rule, "b.toml", "b");
  try {
    (void)assemble_rules(a, Config{}, b);
    FAIL("duplicate id accepted");
  } catch (const hush::Error& e) {
    const std::string msg = e.what();
    CHECK(msg.rfind("b.toml:3:", 0) == 0);
    CHECK(msg.find("a.toml:1") != std::string::npos);
  }
}

TEST_CASE("configuration disables rules, adds rules, allowlists and limits") {
  const Config config = parse_config(R"(
disabled_rules = ["generic-password"]
exclude = ["vendor/"]
[limits]
max_file_size = "2MiB"
threads = 3
[allow]
paths = ['''\.lock$''']
stopwords = ["fixture"]
[[rule]]
id = "custom-token"
regex = '''ctok_[0-9]{8}'''
)",
                                     ".hush.toml");
  CHECK(config.limits.max_file_size == 2u * 1024 * 1024);
  CHECK(config.limits.threads.value() == 3);
  CHECK(config.allow.paths.size() == 1);
  CHECK(config.exclude == std::vector<std::string>{"vendor/"});
  const auto rules = assemble_rules(hush::rules::builtin_rules(), config, {});
  bool has_custom = false, has_generic = false;
  for (const auto& r : rules) {
    has_custom |= r.id == "custom-token";
    has_generic |= r.id == "generic-password";
  }
  CHECK(has_custom);
  CHECK_FALSE(has_generic);
  CHECK(rules.back().family == "custom");
}

TEST_CASE("configuration sets the minimum confidence") {
  CHECK(parse_config("min_confidence = \"low\"\n", ".hush.toml").min_confidence == Confidence::low);
  CHECK_FALSE(parse_config("", ".hush.toml").min_confidence.has_value());
}

TEST_CASE("configuration sets the archive limits, each within its bounds") {
  const Config c = parse_config(
      "[limits]\nmax_archive_depth = 1\nmax_archive_bytes = \"1MiB\"\nmax_archive_members = 7\n"
      "max_archive_ratio = 50\n",
      ".hush.toml");
  CHECK(c.limits.max_archive_depth == 1u);
  CHECK(c.limits.max_archive_bytes == std::uint64_t{1} << 20);
  CHECK(c.limits.max_archive_members == 7u);
  CHECK(c.limits.max_archive_ratio == 50u);
  CHECK_FALSE(parse_config("", ".hush.toml").limits.max_archive_depth.has_value());
  CHECK_THROWS_WITH(parse_config("[limits]\nmax_archive_depth = 17\n", ".hush.toml"),
                    Catch::Contains("max_archive_depth must be between 0 and 16"));
  CHECK_THROWS_WITH(parse_config("[limits]\nmax_archive_ratio = 0\n", ".hush.toml"),
                    Catch::Contains("max_archive_ratio must be at least 1"));
  CHECK_THROWS_WITH(parse_config("[limits]\nmax_archive_members = -3\n", ".hush.toml"),
                    Catch::Contains("max_archive_members must be at least 1"));
}

TEST_CASE("configuration errors") {
  auto error_of = [](const std::string& toml) -> std::string {
    try {
      const Config c = parse_config(toml, ".hush.toml");
      (void)assemble_rules(hush::rules::builtin_rules(), c, {});
    } catch (const hush::Error& e) {
      return e.what();
    }
    return {};
  };
  CHECK(error_of("colour = true\n").rfind(".hush.toml:1:", 0) == 0);
  CHECK(error_of("[limits]\nmax_file_size = \"ten\"\n").find("max_file_size") != std::string::npos);
  CHECK(error_of("[limits]\nthreads = -1\n").find("threads") != std::string::npos);
  CHECK(error_of("disabled_rules = [\"no-such-rule\"]\n").find("no-such-rule") != std::string::npos);
  CHECK(error_of("[allow]\npathz = []\n").find("unknown key 'pathz'") != std::string::npos);
  CHECK(error_of("").empty());
  CHECK(error_of("min_confidence = \"certain\"\n").find("min_confidence must be one of low, medium, high") !=
        std::string::npos);
}

TEST_CASE("the generated builtin pack holds exactly what the rule files say") {
  // The pack is compiled in as data by rules/codegen; this reads the files with the same reader
  // and compares every field, so the generator cannot drop or alter anything unnoticed.
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(HUSH_RULES_DIR))
    if (entry.path().extension() == ".toml") files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  REQUIRE(files.size() >= 5);
  std::vector<Rule> expected;
  for (const auto& file : files) {
    std::ifstream in(file, std::ios::binary);
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    for (auto& rule : parse_rules(text, "builtin:rules/" + file.filename().string(), file.stem().string()))
      expected.push_back(std::move(rule));
  }
  const auto generated = hush::rules::builtin_rules_with_examples();
  REQUIRE(generated.size() == expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    INFO(expected[i].id);
    CHECK(generated[i] == expected[i]);
  }
  // What a scan loads is the same pack without the examples.
  auto without = expected;
  for (auto& rule : without) {
    rule.examples.clear();
    rule.negative_examples.clear();
    rule.low_examples.clear();
  }
  CHECK(hush::rules::builtin_rules() == without);
}

TEST_CASE("the builtin pack loads and compiles") {
  const auto rules = hush::rules::builtin_rules();
  REQUIRE(rules.size() >= 5);
  for (const auto& r : rules) CHECK(r.source_file.rfind("builtin:rules/", 0) == 0);
  CHECK_NOTHROW(RuleSet::build(rules, RuleSetOptions{}, hush::Logger::null()));
}

TEST_CASE("configuration: `hush run`'s sections may share the file, a key that is nobody's is still an error") {
  const Config config = parse_config(R"(
exclude = ["vendor/"]

[env]
DATABASE_PASSWORD = "vault://secret/app#db_password"

[[from]]
source = "ssm:/prod/app/"

[run]
refresh = "5m"

[vault]
address = "https://vault.internal:8200"
)",
                                     "hush.toml");
  CHECK(config.exclude == std::vector<std::string>{"vendor/"});
  CHECK_FALSE(load_error("exclude = []\n[envs]\nA = \"b\"\n").empty());
}
