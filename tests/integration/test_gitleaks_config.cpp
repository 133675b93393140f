// `hush scan --config .gitleaks.toml` and `hush rules list --config`: a repository migrating from
// gitleaks keeps its configuration file.
#include <algorithm>

#include "catch.hpp"
#include "git_repo.hpp"
#include "harness.hpp"

using namespace hush_it;

namespace {

const std::string acme_rule = R"(
[[rules]]
id = "acme-api-token"
description = "ACME internal API token"
regex = '''(?i)acme[_-]?token\s*[:=]\s*["']?(acm_[a-z0-9]{24})'''
secretGroup = 1
keywords = ["acme"]
)";

const std::string planted = "acm_k3j4h5g6f7d8s9a0q1w2e3r4";

RunResult scan(const TempDir& dir, const std::vector<std::string>& extra = {}) {
  std::vector<std::string> args = {"scan",     "--config", (dir / ".gitleaks.toml").string(),
                                   "--format", "json",     "--reveal"};
  args.insert(args.end(), extra.begin(), extra.end());
  args.push_back((dir / "src").string());
  return run_hush(args);
}

std::vector<std::string> rule_ids(const RunResult& r) {
  std::vector<std::string> ids;
  const auto report = parse_json(r.out);
  for (const auto& f : report["findings"]) ids.push_back(f["rule_id"]);
  return ids;
}

}  // namespace

TEST_CASE("a rule from a gitleaks config finds a planted value", "[gitleaks]") {
  TempDir dir;
  write_file(dir / ".gitleaks.toml", "title = \"team rules\"\n" + acme_rule);
  write_file(dir / "src/app.env", "ACME_TOKEN=" + planted + "\n");
  write_file(dir / "src/other.py", "print('no secrets here')\n");
  const RunResult r = scan(dir);
  INFO(r.err);
  REQUIRE(r.exit_code == 1);
  const auto report = parse_json(r.out);
  REQUIRE(report["findings"].size() == 1);
  const auto& f = report["findings"][0];
  CHECK(f["rule_id"] == "acme-api-token");
  CHECK(f["rule_name"] == "ACME internal API token");
  CHECK(f["secret"] == planted);
  CHECK(f["path"] == "app.env");
  CHECK(r.err.find("warn") == std::string::npos);
}

TEST_CASE("gitleaks allowlists suppress findings", "[gitleaks]") {
  TempDir dir;
  write_file(dir / ".gitleaks.toml", acme_rule + R"(
  [[rules.allowlists]]
  description = "documented sample"
  regexes = ['''^acm_0+$''']
  [rules.allowlist]
  regexTarget = "line"
  regexes = ['''#\s*fixture''']

[allowlist]
paths = ['''(^|/)vendor/''']
)");
  write_file(dir / "src/app.env", "ACME_TOKEN=" + planted + "\n");
  write_file(dir / "src/vendor/lib.env", "ACME_TOKEN=acm_z9y8x7w6v5u4t3s2r1q0p9o8\n");
  write_file(dir / "src/sample.env", "ACME_TOKEN=acm_000000000000000000000000\n");
  write_file(dir / "src/test.env", "ACME_TOKEN=acm_a1b2c3d4e5f6a7b8c9d0e1f2  # fixture\n");
  const RunResult r = scan(dir);
  INFO(r.err);
  REQUIRE(r.exit_code == 1);
  const auto report = parse_json(r.out);
  REQUIRE(report["findings"].size() == 1);
  CHECK(report["findings"][0]["path"] == "app.env");

  write_file(dir / "src/app.env", "ACME_TOKEN=" + planted + "  # fixture\n");
  CHECK(scan(dir).exit_code == 0);
}

TEST_CASE("useDefault keeps hush's built-in rules, and without it only the file's rules run", "[gitleaks]") {
  TempDir dir;
  const std::string github = make_github_token(4242);
  write_file(dir / "src/app.env", "ACME_TOKEN=" + planted + "\nGITHUB_TOKEN=" + github + "\n");

  write_file(dir / ".gitleaks.toml", acme_rule);
  const RunResult own = scan(dir);
  REQUIRE(own.exit_code == 1);
  CHECK(rule_ids(own) == std::vector<std::string>{"acme-api-token"});

  write_file(dir / ".gitleaks.toml", "[extend]\nuseDefault = true\n" + acme_rule);
  const RunResult both = scan(dir);
  INFO(both.err);
  REQUIRE(both.exit_code == 1);
  const auto ids = rule_ids(both);
  CHECK(std::count(ids.begin(), ids.end(), "acme-api-token") == 1);
  CHECK(std::count(ids.begin(), ids.end(), "github-pat") == 1);

  // disabledRules switches a built-in rule off, and refining one by id adds an allowlist to it.
  write_file(dir / ".gitleaks.toml", "[extend]\nuseDefault = true\ndisabledRules = [\"github-pat\"]\n" + acme_rule);
  CHECK(rule_ids(scan(dir)) == std::vector<std::string>{"acme-api-token"});
  write_file(dir / ".gitleaks.toml",
             "[extend]\nuseDefault = true\n" + acme_rule +
                 "[[rules]]\nid = \"github-pat\"\n[rules.allowlist]\npaths = ['''app\\.env$''']\n");
  CHECK(rule_ids(scan(dir)) == std::vector<std::string>{"acme-api-token"});
}

TEST_CASE("an unsupported gitleaks field warns once and the scan goes on", "[gitleaks]") {
  TempDir dir;
  write_file(dir / ".gitleaks.toml", acme_rule + R"(
  [[rules.required]]
  id = "acme-user"
  withinLines = 5
[[rules]]
id = "acme-user"
regex = '''acme_user=(\w+)'''
  [[rules.required]]
  id = "acme-api-token"
)");
  write_file(dir / "src/app.env", "ACME_TOKEN=" + planted + "\n");
  const RunResult r = scan(dir);
  REQUIRE(r.exit_code == 1);
  CHECK(count_occurrences(r.err, "gitleaks config: field 'rules.required' is not supported, ignored") == 1);
  CHECK(rule_ids(r) == std::vector<std::string>{"acme-api-token"});

  const RunResult json_log = scan(dir, {"--log-format", "json"});
  CHECK(count_occurrences(json_log.err, "rules.required") == 1);
  CHECK(json_log.err.find(planted) == std::string::npos);
}

TEST_CASE("a gitleaks path-only rule reports matching files", "[gitleaks]") {
  TempDir dir;
  write_file(dir / ".gitleaks.toml",
             "[[rules]]\nid = \"keystore-file\"\ndescription = \"Java keystore\"\npath = '''\\.jks$'''\n");
  write_file(dir / "src/deploy/server.jks", "not really a keystore\n");
  write_file(dir / "src/deploy/server.json", "{}\n");
  const RunResult r = scan(dir);
  REQUIRE(r.exit_code == 1);
  const auto report = parse_json(r.out);
  REQUIRE(report["findings"].size() == 1);
  CHECK(report["findings"][0]["rule_id"] == "keystore-file");
  CHECK(report["findings"][0]["path"] == "deploy/server.jks");
}

TEST_CASE("hush rules list and explain read gitleaks configs", "[gitleaks]") {
  TempDir dir;
  write_file(dir / ".gitleaks.toml", acme_rule);
  const std::string config = (dir / ".gitleaks.toml").string();
  const RunResult list = run_hush({"rules", "list", "--config", config});
  REQUIRE(list.exit_code == 0);
  CHECK(list.out.find("acme-api-token") != std::string::npos);
  CHECK(list.out.find("1 rule(s)") != std::string::npos);  // without [extend] useDefault, only the file's rules

  write_file(dir / ".gitleaks.toml", "[extend]\nuseDefault = true\n" + acme_rule);
  const RunResult extended = run_hush({"rules", "list", "--config", config});
  REQUIRE(extended.exit_code == 0);
  CHECK(extended.out.find("github-pat") != std::string::npos);

  const RunResult explain = run_hush({"rules", "explain", "acme-api-token", "--config", config});
  REQUIRE(explain.exit_code == 0);
  CHECK(explain.out.find("ACME internal API token") != std::string::npos);
  CHECK(explain.out.find("keyword:     acme") != std::string::npos);
}

TEST_CASE("a gitleaks commit allowlist drops what that commit introduced", "[gitleaks]") {
  TempDir dir;
  const fs::path repo = dir / "src";
  fs::create_directories(repo);
  git_in(repo, {"init", "-q", "-b", "main", "."});
  write_file(repo / "app.env", "ACME_TOKEN=" + planted + "\n");
  git_in(repo, {"add", "-A"});
  git_in(repo, {"commit", "-q", "-m", "add token"});
  const std::string sha = git_in(repo, {"rev-parse", "HEAD"});
  write_file(repo / "other.env", "ACME_TOKEN=acm_z9y8x7w6v5u4t3s2r1q0p9o8\n");
  git_in(repo, {"add", "-A"});
  git_in(repo, {"commit", "-q", "-m", "add another"});

  write_file(dir / ".gitleaks.toml", acme_rule);
  const RunResult all = scan(dir, {"--git"});
  INFO(all.err);
  REQUIRE(all.exit_code == 1);
  CHECK(parse_json(all.out)["findings"].size() == 2);

  write_file(dir / ".gitleaks.toml", acme_rule + "[allowlist]\ncommits = [\"" + sha + "\"]\n");
  const RunResult allowed = scan(dir, {"--git"});
  REQUIRE(allowed.exit_code == 1);
  const auto findings = parse_json(allowed.out)["findings"];
  REQUIRE(findings.size() == 1);
  CHECK(findings[0]["path"] == "other.env");
}

TEST_CASE("a repository moving from gitleaks: .gitleaks.toml, GITLEAKS_CONFIG, .gitleaksignore and gitleaks reports",
          "[gitleaks]") {
  TempDir dir;
  const fs::path src = dir / "src";
  write_file(src / "app.env", "ACME_TOKEN=" + planted + "\n");
  write_file(src / "old.env", "ACME_TOKEN=acm_z9y8x7w6v5u4t3s2r1q0p9o8\n");
  auto ids_of = [](const RunResult& r) {
    INFO(r.err);
    const auto report = parse_json(r.out);
    std::vector<std::string> paths;
    for (const auto& f : report["findings"]) paths.push_back(f["path"]);
    std::sort(paths.begin(), paths.end());
    return paths;
  };

  // Without any configuration the custom rule is unknown: nothing of ACME's is found.
  CHECK(run_hush({"scan", "-f", "json", src.string()}).exit_code == 0);

  // .gitleaks.toml at the scanned root is read when there is no .hush.toml.
  write_file(src / ".gitleaks.toml", acme_rule);
  CHECK(ids_of(run_hush({"scan", "-f", "json", src.string()})) == std::vector<std::string>{"app.env", "old.env"});

  // GITLEAKS_CONFIG names the file when --config does not; --config wins over it.
  fs::remove(src / ".gitleaks.toml");
  write_file(dir / "elsewhere.toml", acme_rule);
  RunOptions with_env;
  with_env.env = {{"GITLEAKS_CONFIG", (dir / "elsewhere.toml").string()}};
  CHECK(ids_of(run_hush({"scan", "-f", "json", src.string()}, with_env)).size() == 2);
  write_file(dir / "empty.toml", "title = \"nothing\"\n[extend]\nuseDefault = true\n");
  CHECK(run_hush({"scan", "-f", "json", "--config", (dir / "empty.toml").string(), src.string()}, with_env).exit_code ==
        0);

  // .gitleaksignore fingerprints (FILE:RULE:LINE) drop the finding at that place.
  write_file(src / ".gitleaks.toml", acme_rule);
  write_file(src / ".gitleaksignore", "# known\nold.env:acme-api-token:1\n");
  CHECK(ids_of(run_hush({"scan", "-f", "json", src.string()})) == std::vector<std::string>{"app.env"});
  write_file(src / ".gitleaksignore", "not a fingerprint\n");
  const RunResult bad = run_hush({"scan", src.string()});
  CHECK(bad.exit_code == 2);
  CHECK(bad.err.find(".gitleaksignore:1") != std::string::npos);
  fs::remove(src / ".gitleaksignore");

  // A gitleaks JSON report works as a --baseline.
  write_file(dir / "gitleaks-report.json", R"([{"RuleID": "acme-api-token", "File": "app.env", "StartLine": 1,
    "Commit": "", "Fingerprint": "app.env:acme-api-token:1", "Secret": "REDACTED"}])");
  CHECK(ids_of(run_hush({"scan", "-f", "json", "--baseline", (dir / "gitleaks-report.json").string(), src.string()})) ==
        std::vector<std::string>{"old.env"});
  // ... and converts into hush's own baseline: what the gitleaks report named counts as kept.
  const auto converted = dir / "hush-baseline.json";
  const RunResult convert = run_hush({"scan", "--baseline", (dir / "gitleaks-report.json").string(), "--write-baseline",
                                      converted.string(), src.string()});
  CHECK(convert.exit_code == 0);
  CHECK(convert.err.find("1 kept") != std::string::npos);
  CHECK(run_hush({"scan", "--baseline", converted.string(), src.string()}).exit_code == 0);
}
