// Rule files and configuration: errors point at file:line and exit 2; a valid .hush.toml is honoured.
#include "catch.hpp"
#include "harness.hpp"

using namespace hush_it;

namespace {

struct ConfigError {
  int exit_code;
  std::string err;
};

ConfigError scan_with_rules(const std::string& rules_text) {
  TempDir dir;
  write_file(dir / "tree/a.txt", "clean\n");
  const auto rules = dir / "custom.toml";
  write_file(rules, rules_text);
  const auto r = run_hush({"scan", "--rules", rules.string(), (dir / "tree").string()});
  CHECK(r.out.empty());
  return {r.exit_code, r.err};
}

void expect_error_at(const std::string& rules_text, long line, const std::string& words) {
  const auto e = scan_with_rules(rules_text);
  INFO("stderr: " << e.err);
  CHECK(e.exit_code == 2);
  CHECK(e.err.find("custom.toml:" + std::to_string(line) + ":") != std::string::npos);
  CHECK(e.err.find(words) != std::string::npos);
}

const char* good_rule = R"([[rule]]
id = "custom-ok"
regex = '''\b(cok_[0-9a-f]{16})\b'''
secret_group = 1
)";

}  // namespace

TEST_CASE("bad rule files given with --rules exit 2 with file:line", "[errors][rules]") {
  SECTION("invalid TOML") { expect_error_at(std::string(good_rule) + "\n[[rule]]\nid = \"x\" \"y\"\n", 7, "TOML"); }
  SECTION("regex rejected by PCRE2") {
    expect_error_at(std::string(good_rule) + "\n[[rule]]\nid = \"bad-regex\"\nregex = '''(unclosed[a-z'''\n", 6,
                    "bad-regex");
  }
  SECTION("secret_group beyond the capture groups") {
    expect_error_at(
        std::string(good_rule) + "\n[[rule]]\nid = \"grp\"\nregex = '''tok_([0-9]{8})'''\nsecret_group = 2\n", 6,
        "secret_group");
  }
  SECTION("secret_group out of range points at the key") {
    expect_error_at(
        std::string(good_rule) + "\n[[rule]]\nid = \"grp\"\nregex = '''tok_([0-9]{8})'''\nsecret_group = 100\n", 9,
        "secret_group");
  }
  SECTION("duplicate id within the file") {
    expect_error_at(std::string(good_rule) + "\n# again\n[[rule]]\nid = \"custom-ok\"\nregex = '''cok2_[0-9]{8}'''\n",
                    7, "duplicate rule id 'custom-ok'");
  }
  SECTION("duplicate of a builtin id") {
    expect_error_at("[[rule]]\nid = \"github-pat\"\nregex = '''zz_[0-9]{8}'''\n", 1, "duplicate rule id 'github-pat'");
  }
  SECTION("unknown key in a rule") {
    expect_error_at(std::string(good_rule) + "colour = \"red\"\n", 5, "unknown key 'colour'");
  }
  SECTION("unknown top-level key") {
    expect_error_at("title = \"mine\"\n" + std::string(good_rule), 1, "unknown key 'title'");
  }
  SECTION("unknown validator") {
    expect_error_at(std::string(good_rule) + "validator = \"luhn\"\n", 1, "unknown validator");
  }
  SECTION("regex that matches the empty string") {
    expect_error_at("[[rule]]\nid = \"empty\"\nregex = '''a*'''\n", 1, "empty");
  }
  SECTION("missing rule file") {
    TempDir dir;
    const auto r = run_hush({"scan", "--rules", (dir / "nope.toml").string(), dir.str()});
    CHECK(r.exit_code == 2);
  }
}

TEST_CASE("a custom rule given with --rules finds its secrets", "[errors][rules]") {
  TempDir dir;
  write_file(dir / "rules/custom.toml", good_rule);
  write_file(dir / "tree/a.txt", "\nvalue cok_0123456789abcdef here\n");
  const auto doc = scan_json({"scan", "--rules", (dir / "rules").string(), (dir / "tree").string()}, 1);
  REQUIRE(doc["findings"].size() == 1);
  CHECK(doc["findings"][0]["rule_id"] == "custom-ok");
  CHECK(doc["findings"][0]["line"] == 2);
  CHECK(doc["findings"][0]["column"] == 7);
  CHECK(doc["findings"][0]["validation"].is_null());
}

TEST_CASE(".hush.toml at the root disables rules and adds a global allowlist", "[errors][config]") {
  TempDir dir;
  const std::string reported = make_github_token(71);
  const std::string disabled = make_github_token(72, "gho_");
  const std::string in_fixtures = make_github_token(73);
  const std::string allowed =
      github_token_with_body("ghp_", "ALLOWEDq7Rk2Zp9Lm4Xv8Tn3Wc6Yb1");  // no counting run: those are placeholders
  write_file(dir / ".hush.toml",
             "# project settings\n"
             "disabled_rules = [\"github-app-token\"]\n"
             "\n"
             "[allow]\n"
             "paths = ['''^fixtures/''']\n"
             "regexes = ['''^ghp_ALLOWED''']\n");
  write_file(dir / "src/a.env", "gh " + reported + "\n");
  write_file(dir / "src/b.env", "gh " + disabled + "\n");
  write_file(dir / "fixtures/c.env", "gh " + in_fixtures + "\n");
  write_file(dir / "src/d.env", "gh " + allowed + "\n");

  const auto doc = scan_json({"scan", "--reveal", dir.str()}, 1);
  REQUIRE(doc["findings"].size() == 1);
  CHECK(doc["findings"][0]["secret"] == reported);
  CHECK(doc["findings"][0]["path"] == "src/a.env");

  const auto list = run_hush({"rules", "list", "--format", "json"});
  REQUIRE(list.exit_code == 0);
  CHECK(doc["summary"]["rules"] == parse_json(list.out).size() - 1);

  SECTION("an explicit --config replaces the root's .hush.toml") {
    TempDir cfg;
    write_file(cfg / "empty.toml", "# nothing\n");
    const auto r2 = run_hush({"scan", "--format", "json", "--config", (cfg / "empty.toml").string(), dir.str()});
    REQUIRE(r2.exit_code == 1);
    CHECK(parse_json(r2.out)["findings"].size() == 4);
  }
  SECTION("an unknown key in .hush.toml is exit 2") {
    write_file(dir / ".hush.toml", "disabled_rules = []\nexclude_paths = [\"x\"]\n");
    const auto r3 = run_hush({"scan", dir.str()});
    CHECK(r3.exit_code == 2);
    CHECK(r3.err.find(".hush.toml:2:") != std::string::npos);
  }
  SECTION("disabling an unknown rule is exit 2") {
    write_file(dir / ".hush.toml", "disabled_rules = [\"no-such-rule\"]\n");
    const auto r4 = run_hush({"scan", dir.str()});
    CHECK(r4.exit_code == 2);
    CHECK(r4.err.find("no-such-rule") != std::string::npos);
  }
}

TEST_CASE("scan --config with an unknown key exits 2 naming file and line", "[errors][config]") {
  TempDir dir;
  write_file(dir / "tree/a.txt", "clean\n");
  const auto cfg = dir / "cfg.toml";
  write_file(cfg, "# config\nexclude = [\"*.log\"]\n\ncolour = \"blue\"\n");
  const auto r = run_hush({"scan", "--config", cfg.string(), (dir / "tree").string()});
  INFO(r.err);
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("cfg.toml:4:") != std::string::npos);
  CHECK(r.err.find("colour") != std::string::npos);

  write_file(cfg, "[limits]\nmax_file_size = \"ten\"\n");
  const auto r2 = run_hush({"scan", "--config", cfg.string(), (dir / "tree").string()});
  CHECK(r2.exit_code == 2);
  CHECK(r2.err.find("cfg.toml:2:") != std::string::npos);

  CHECK(run_hush({"scan", "--config", (dir / "missing.toml").string(), (dir / "tree").string()}).exit_code == 2);
}

TEST_CASE("config limits and excludes apply", "[errors][config]") {
  TempDir dir;
  write_file(dir / ".hush.toml", "exclude = [\"*.log\"]\n[limits]\nmax_file_size = 64\nthreads = 2\n");
  write_file(dir / "a.log", "gh " + make_github_token(74) + "\n");
  write_file(dir / "big.txt", std::string(100, '.') + "\ngh " + make_github_token(75) + "\n");
  write_file(dir / "small.txt", "gh " + make_github_token(76) + "\n");
  const auto doc = scan_json({"scan", dir.str()}, 1);
  REQUIRE(doc["findings"].size() == 1);
  CHECK(doc["findings"][0]["path"] == "small.txt");
  CHECK(doc["summary"]["skipped_size"] == 1);
  CHECK(doc["summary"]["skipped_excluded"] == 1);
}

TEST_CASE("typos get the nearest command, option, key or rule id, help topics and combined flags", "[errors][cli]") {
  auto r = run_hush({"scna"});
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("did you mean 'scan'?") != std::string::npos);
  r = run_hush({"scan", "--basline", "x"});
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("did you mean --baseline?") != std::string::npos);
  r = run_hush({"rules", "explain", "aws-acess-key-id"});
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("did you mean 'aws-access-key-id'?") != std::string::npos);

  TempDir dir;
  write_file(dir / "tree/a.txt", "clean\n");
  write_file(dir / "hush.toml", "min_confidense = \"low\"\n");
  r = run_hush({"scan", "--config", (dir / "hush.toml").string(), (dir / "tree").string()});
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("did you mean 'min_confidence'?") != std::string::npos);

  r = run_hush({"help", "scan"});
  CHECK(r.exit_code == 0);
  CHECK(r.out.find("usage: hush scan") != std::string::npos);
  r = run_hush({"version", "--help"});
  CHECK(r.exit_code == 0);
  CHECK(r.out.find("usage: hush version") != std::string::npos);
  // `hush get` reads one reference: its help lists no option for sources or a child.
  r = run_hush({"get", "--help"});
  CHECK(r.exit_code == 0);
  CHECK(r.out.find("--timeout") != std::string::npos);
  for (const char* other :
       {"--from", "--env-file", "--precedence", "--allow-missing", "--pass-auth-env", "--overwrite-env"}) {
    INFO(other);
    CHECK(r.out.find(other) == std::string::npos);
  }
  CHECK(run_hush({"get", "--from", "vault:secret/app", "vault://secret/app#key"}).exit_code == 2);
  r = run_hush({"scan", "-qj1", (dir / "tree").string()});
  CHECK(r.exit_code == 0);
  CHECK(r.err.empty());
}
