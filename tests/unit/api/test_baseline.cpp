#include <sstream>

#include "catch.hpp"
#include "hush/common/error.hpp"
#include "hush/scanner/baseline.hpp"
#include "hush/scanner/report.hpp"

using namespace hush::scanner;

namespace {

Finding finding_with(const std::string& fp) {
  Finding f;
  f.rule_id = "r";
  f.fingerprint = fp;
  return f;
}

const std::string fp1 = "0f3dca38b6a2b885ef1401a21ebe9bf0";
const std::string fp2 = "0314300f0df212895c254e32b2d9598d";

std::string error_of(void (*fn)(Baseline&)) {
  Baseline b;
  try {
    fn(b);
  } catch (const hush::Error& e) {
    return e.what();
  }
  return {};
}

}  // namespace

TEST_CASE("baselines read hush reports, arrays and JSON Lines") {
  Baseline report, array, lines;
  report.add_report_text(R"({"version":1,"findings":[{"fingerprint":")" + fp1 + R"("}],"summary":{}})", "r.json");
  array.add_report_text(R"([{"fingerprint":")" + fp1 + R"("},{"fingerprint":")" + fp2 + R"("}])", "a.json");
  lines.add_report_text("{\"fingerprint\":\"" + fp1 + "\"}\n\n{\"fingerprint\":\"" + fp2 + "\"}\n", "l.jsonl");
  CHECK(report.size() == 1);
  CHECK(report.contains(fp1));
  CHECK(array.size() == 2);
  CHECK(lines.size() == 2);
  CHECK(lines.contains(fp2));
}

TEST_CASE("baseline filtering removes only known findings") {
  Baseline b;
  b.add_ignore_text("# accepted test fixtures\n" + fp1 + "  # fixture key\n\n", ".hushignore");
  std::vector<Finding> findings = {finding_with(fp1), finding_with(fp2), finding_with(fp1)};
  CHECK(b.filter(findings) == 2);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].fingerprint == fp2);
  Baseline empty;
  CHECK(empty.filter(findings) == 0);
}

TEST_CASE("malformed baselines are configuration errors with a location") {
  CHECK(error_of([](Baseline& b) {
          b.add_report_text("{\"fingerprint\":\"abc\"}\nnot json\n", "l.jsonl");
        }).rfind("l.jsonl:2:", 0) == 0);
  CHECK(error_of([](Baseline& b) { b.add_report_text("[{\"rule\":\"x\"}]", "a.json"); }).find("fingerprint") !=
        std::string::npos);
  CHECK(error_of([](Baseline& b) { b.add_report_text("42", "n.json"); }).find("n.json") == 0);
  const std::string ignore_error =
      error_of([](Baseline& b) { b.add_ignore_text("\nghp_NotAFingerprint\n", ".hushignore"); });
  CHECK(ignore_error.rfind(".hushignore:2:", 0) == 0);
  // The offending line may be a pasted secret: it is never echoed.
  CHECK(ignore_error.find("ghp_") == std::string::npos);
}

TEST_CASE("rewriting a baseline: what stays, what is new, what is gone") {
  Baseline b;
  b.add_report_text(R"([{"fingerprint":")" + fp1 + R"(","rule_id":"r","path":"a.env","line":3},)" +
                        R"({"fingerprint":")" + fp2 + R"(","rule_id":"old","path":"gone.env","line":7}])",
                    "b.json");
  const std::string fp3 = "7d0e1a9c2b3f4e5d6c7b8a9f0e1d2c3b";
  Finding kept = finding_with(fp1);
  Finding added = finding_with(fp3);
  added.path = "new.env";
  added.line = 2;
  const auto changes = b.changes({kept, added, kept});
  CHECK(changes.kept == 2);
  REQUIRE(changes.added.size() == 1);
  CHECK(changes.added[0].fingerprint == fp3);
  CHECK(changes.added[0].path == "new.env");
  REQUIRE(changes.removed.size() == 1);
  CHECK(changes.removed[0].fingerprint == fp2);
  CHECK(changes.removed[0].rule_id == "old");
  CHECK(changes.removed[0].path == "gone.env");
  CHECK(changes.removed[0].line == 7);
  // Ignore files are not rewritten: their fingerprints are never "removed".
  Baseline ignore;
  ignore.add_ignore_text(fp2 + "\n", ".hushignore");
  CHECK(ignore.changes({}).removed.empty());

  std::ostringstream text;
  write_baseline_changes(changes, text);
  CHECK(text.str() == "hush: baseline update: 2 kept, 1 added, 1 removed\nhush:   + r new.env:2 fingerprint " + fp3 +
                          "\nhush:   - old gone.env:7 fingerprint " + fp2 + "\n");
  // A path is file content: it cannot drive the terminal.
  BaselineChanges hostile;
  hostile.added.push_back({fp1, "r", "evil\x1b[2J.env", 1});
  std::ostringstream safe;
  write_baseline_changes(hostile, safe);
  CHECK(safe.str().find('\x1b') == std::string::npos);
}

TEST_CASE("gitleaks reports and .gitleaksignore suppress the findings at the places they name") {
  auto at = [](const std::string& path, std::uint64_t line, const std::string& commit = "") {
    Finding f = finding_with(fp1);
    f.rule_id = "github-pat";
    f.path = path;
    f.line = line;
    if (!commit.empty()) f.git = GitProvenance{commit, "", "", "", "", "", ""};
    return f;
  };
  const std::string commit(40, 'a');
  const std::string other(40, 'b');

  Baseline report;
  report.add_report_text(R"([{"RuleID":"github-pat","File":"src/a.py","StartLine":3,"Commit":")" + commit +
                             R"(","Fingerprint":")" + commit + R"(:src/a.py:github-pat:3"},
                             {"RuleID":"generic-api-key","File":"b.env","StartLine":1,
                              "Commit":"","Fingerprint":"b.env:generic-api-key:1"}])",
                         "gitleaks.json");
  std::vector<Finding> findings = {at("src/a.py", 3, commit), at("src/a.py", 3, other), at("src/a.py", 4, commit),
                                   at("b.env", 1), at("b.env", 1, other)};
  CHECK(report.filter(findings) == 3);  // the commit's own line, and b.env:1 wherever it is
  REQUIRE(findings.size() == 2);
  CHECK(findings[0].git->commit == other);
  CHECK(findings[1].line == 4);

  Baseline ignore;
  ignore.add_gitleaks_ignore_text(
      "# comment\n" + commit + ":deploy/prod:main.env:aws-access-token:7\n" + "config/app.yaml:slack-bot-token:12\n\n",
      ".gitleaksignore");
  findings = {at("deploy/prod:main.env", 7, commit), at("config/app.yaml", 12), at("config/app.yaml", 13)};
  CHECK(ignore.filter(findings) == 2);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].line == 13);

  CHECK_THROWS_AS(ignore.add_gitleaks_ignore_text("not a fingerprint\n", ".gitleaksignore"), hush::Error);
  CHECK_THROWS_AS(ignore.add_gitleaks_ignore_text("a.env:rule:12x\n", ".gitleaksignore"), hush::Error);
  CHECK_THROWS_WITH(report.add_report_text(R"([{"RuleID":"x"}])", "other.json"),
                    Catch::Contains("gitleaks --report-format json"));
}
