// SARIF, JUnit, JSON Lines and --output.
#include "catch.hpp"
#include "harness.hpp"

using namespace hush_it;

namespace {

struct Tree {
  TempDir dir;
  std::string a = make_github_token(21);
  std::string b = make_github_token(22, "gho_");
  Tree() {
    write_file(dir / "one.env", "x\ntoken " + a + "\n");
    write_file(dir / "sub/two.yml", "key: " + b + "\n");
    write_file(dir / "clean.txt", "nothing\n");
  }
};

}  // namespace

TEST_CASE("scan --format sarif is SARIF 2.1.0 with one result per finding", "[formats]") {
  Tree t;
  const auto r = run_hush({"scan", "--format", "sarif", "--reveal", t.dir.str()});
  REQUIRE(r.exit_code == 1);
  const auto doc = parse_json(r.out);
  CHECK(doc["version"] == "2.1.0");
  REQUIRE(doc["runs"].is_array());
  REQUIRE(doc["runs"].size() == 1);
  const auto& run = doc["runs"][0];
  CHECK(run["tool"]["driver"]["name"] == "hush");
  const auto& results = run["results"];
  REQUIRE(results.size() == 2);
  CHECK(results[0]["ruleId"] == "github-pat");
  CHECK(results[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "one.env");
  CHECK(results[0]["locations"][0]["physicalLocation"]["region"]["startLine"] == 2);
  CHECK(results[0]["locations"][0]["physicalLocation"]["region"]["startColumn"] == 7);
  CHECK(results[1]["ruleId"] == "github-app-token");
  CHECK(results[1]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "sub/two.yml");
  // Relative URIs resolve against %SRCROOT%, the scanned directory.
  CHECK(results[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uriBaseId"] == "%SRCROOT%");
  const std::string root_uri = run["originalUriBaseIds"]["%SRCROOT%"]["uri"];
  CHECK(root_uri == "file://" + fs::weakly_canonical(t.dir.path()).string() + "/");
  CHECK(run["tool"]["driver"]["informationUri"].get<std::string>().starts_with("https://"));
  const auto& rules = run["tool"]["driver"]["rules"];
  for (const auto& res : results) {
    const auto idx = res["ruleIndex"].get<std::size_t>();
    REQUIRE(idx < rules.size());
    CHECK(rules[idx]["id"] == res["ruleId"]);
  }
  // SARIF never carries the secret, even with --reveal (it is published to code scanning).
  CHECK(r.out.find(t.a) == std::string::npos);
  CHECK(r.out.find(t.b) == std::string::npos);
}

TEST_CASE("scan --format sarif without findings is still a valid log", "[formats]") {
  TempDir dir;
  write_file(dir / "x.txt", "clean\n");
  const auto r = run_hush({"scan", "--format", "sarif", dir.str()});
  REQUIRE(r.exit_code == 0);
  const auto doc = parse_json(r.out);
  CHECK(doc["version"] == "2.1.0");
  CHECK(doc["runs"][0]["results"].empty());
}

TEST_CASE("scan --format junit is a testsuites document", "[formats]") {
  Tree t;
  const auto r = run_hush({"scan", "--format", "junit", t.dir.str()});
  REQUIRE(r.exit_code == 1);
  CHECK(r.out.find("<testsuites") != std::string::npos);
  CHECK(r.out.find("</testsuites>") != std::string::npos);
  CHECK(count_occurrences(r.out, "<testcase ") == 2);
  CHECK(r.out.find(t.a) == std::string::npos);
}

TEST_CASE("scan --format jsonl writes one JSON object per finding", "[formats]") {
  Tree t;
  const auto r = run_hush({"scan", "--format", "jsonl", t.dir.str()});
  REQUIRE(r.exit_code == 1);
  REQUIRE(!r.out.empty());
  CHECK(r.out.back() == '\n');
  std::vector<nlohmann::json> lines;
  std::size_t pos = 0;
  while (pos < r.out.size()) {
    const auto nl = r.out.find('\n', pos);
    REQUIRE(nl != std::string::npos);
    lines.push_back(parse_json(r.out.substr(pos, nl - pos)));
    pos = nl + 1;
  }
  REQUIRE(lines.size() == 2);
  CHECK(lines[0]["path"] == "one.env");
  CHECK(lines[0]["line"] == 2);
  CHECK(lines[1]["path"] == "sub/two.yml");
  CHECK(lines[1]["column"] == 6);
  CHECK_FALSE(lines[0].contains("secret"));

  TempDir clean;
  write_file(clean / "x.txt", "clean\n");
  const auto none = run_hush({"scan", "--format", "jsonl", clean.str()});
  CHECK(none.exit_code == 0);
  CHECK(none.out.empty());
}

TEST_CASE("scan --output writes the report to a file and nothing to stdout", "[formats]") {
  Tree t;
  TempDir out_dir;
  const auto report = out_dir / "report.json";
  const auto r = run_hush({"scan", "--format", "json", "--output", report.string(), t.dir.str()});
  CHECK(r.exit_code == 1);
  CHECK(r.out.empty());
  REQUIRE(fs::exists(report));
  const auto doc = parse_json(read_file(report));
  CHECK(doc["findings"].size() == 2);

  const auto sarif = out_dir / "report.sarif";
  const auto r2 = run_hush({"scan", "-f", "sarif", "-o", sarif.string(), t.dir.str()});
  CHECK(r2.exit_code == 1);
  CHECK(r2.out.empty());
  CHECK(parse_json(read_file(sarif))["version"] == "2.1.0");

  // An unwritable output is a runtime failure, not "clean".
  const auto r3 = run_hush({"scan", "-o", (out_dir / "no/such/dir/r.txt").string(), t.dir.str()});
  CHECK(r3.exit_code == 3);
}

TEST_CASE("scan --format sarif counts columns in UTF-16 code units and says so", "[formats]") {
  TempDir dir;
  const std::string token = make_github_token(23);
  // "é" is two bytes and one code unit; the emoji four bytes and two code units (a surrogate pair).
  write_file(dir / "a.txt", "x = \"\xC3\xA9\xF0\x9F\x98\x80 " + token + "\"\n");
  const auto r = run_hush({"scan", "--format", "sarif", dir.str()});
  REQUIRE(r.exit_code == 1);
  const auto doc = parse_json(r.out);
  const auto& run = doc["runs"][0];
  CHECK(run["columnKind"] == "utf16CodeUnits");
  const auto& region = run["results"][0]["locations"][0]["physicalLocation"]["region"];
  // 'x = "' is 5 units, then 1 + 2 + the blank: the token starts at unit 10 (byte 13).
  CHECK(region["startColumn"] == 10);
  CHECK(region["endColumn"] == 10 + static_cast<int>(token.size()));
  const auto json = parse_json(run_hush({"scan", "--format", "json", dir.str()}).out);
  CHECK(json["findings"][0]["column"] == 13);
}
