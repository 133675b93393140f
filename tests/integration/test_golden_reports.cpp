// Golden files for the machine-readable reports: the README promises stable keys and order, so a
// fixed tree scanned with fixed rules must give the same bytes as tests/golden/report.* every time.
// Only what may vary between runs is normalised first: the scan's duration, the absolute path of
// the temporary tree and the version of hush.
//
// A deliberate change of a report: regenerate with
//   HUSH_UPDATE_GOLDEN=1 build/tests/integration/hush_integration_tests '[golden]'
// and review the diff of tests/golden/ like any other change.
#include <cstdlib>
#include <regex>
#include <sstream>

#include "../support/text_lines.hpp"
#include "catch.hpp"
#include "harness.hpp"

using namespace hush_it;

namespace {

const fs::path golden_dir = fs::path(HUSH_SOURCE_DIR) / "tests/golden";

// Made-up token formats (tests/golden/rules.toml), so no provider's real format is planted here
// and the reports do not change when the rule pack does.
struct Fixture {
  TempDir dir;
  Fixture() {
    write_file(dir / "one.env", "x\ntoken = gld_Q7vX2mKp9RtL4wZs8NcYb3Hd\nother = gld_Mw4Tz8Ry2Lq6Vn1Xc5Bp9Kd3\n");
    // Characters that a SARIF URI must percent-encode.
    write_file(dir / "dir with space/#two.yml", "key: gkey-0f3a9c41d2b87e65a1c09f4b7d2e8a63\n");
    // base64 of "token = gld_B5nR8sT2vW6yZ9aC3eF7hJ1k": a decoded finding.
    write_file(dir / "sub/secret.yaml",
               "name: app\ndata:\n  config: dG9rZW4gPSBnbGRfQjVuUjhzVDJ2VzZ5WjlhQzNlRjdoSjFr\n");
    // Multi-byte characters before the secret: byte columns in JSON, UTF-16 columns in SARIF.
    write_file(dir / "sub/unicode.txt", "# caf\xc3\xa9 \xe2\x98\x95 gld_Hq2Wm7Zx4Ck9Vb1Nf6Ls3Pd8 ok\n");
    write_file(dir / "sub/clean.txt", "nothing here\n");
  }
};

std::string hush_version() {
  const auto r = run_hush({"version"});
  REQUIRE(r.exit_code == 0);
  REQUIRE(r.out.starts_with("hush "));
  std::string version = r.out.substr(5);
  while (!version.empty() && (version.back() == '\n' || version.back() == '\r')) version.pop_back();
  return version;
}

void replace_all(std::string& text, const std::string& from, const std::string& to) {
  if (from.empty()) return;
  for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
    text.replace(at, from.size(), to);
}

std::string normalise(std::string report, const Fixture& fixture) {
  replace_all(report, fs::weakly_canonical(fixture.dir.path()).string(), "$ROOT");
  replace_all(report, fixture.dir.str(), "$ROOT");
  replace_all(report, '"' + hush_version() + '"', "\"$VERSION\"");
  report = std::regex_replace(report, std::regex(R"("duration_seconds": ?[0-9.eE+-]+)"), "\"duration_seconds\": 0");
  report = std::regex_replace(report, std::regex(R"( time="[0-9.]+")"), " time=\"0\"");
  return report;
}

using hush_test::lines_of;

// Where the two first differ, with a few lines around it from each side.
std::string first_difference(const std::string& expected, const std::string& actual) {
  const auto want = lines_of(expected), got = lines_of(actual);
  std::size_t at = 0;
  while (at < want.size() && at < got.size() && want[at] == got[at]) ++at;
  std::ostringstream out;
  out << "first difference at line " << at + 1 << " (expected " << want.size() << " lines, got " << got.size() << ")\n";
  const std::size_t from = at > 3 ? at - 3 : 0;
  const auto show = [&](const char* label, const std::vector<std::string>& lines) {
    out << label << ":\n";
    for (std::size_t i = from; i < std::min(lines.size(), at + 4); ++i)
      out << (i == at ? "> " : "  ") << lines[i] << '\n';
  };
  show("expected", want);
  show("got", got);
  return out.str();
}

void check_golden(const std::string& format, const std::string& file) {
  Fixture fixture;
  const auto r = run_hush({"scan", "--no-builtin-rules", "--rules", (golden_dir / "rules.toml").string(), "--format",
                           format, fixture.dir.str()});
  INFO(r.err);
  REQUIRE(r.exit_code == 1);
  const std::string actual = normalise(r.out, fixture);
  const fs::path golden = golden_dir / file;
  if (const char* update = std::getenv("HUSH_UPDATE_GOLDEN"); update && std::string(update) == "1") {
    write_file(golden, actual);
    WARN("rewrote " + golden.string());
    return;
  }
  REQUIRE(fs::exists(golden));
  const std::string expected = read_file(golden);
  INFO("the " + format + " report differs from " + golden.string() +
       "; if the change is deliberate, regenerate with HUSH_UPDATE_GOLDEN=1 (see the top of this file)\n" +
       first_difference(expected, actual));
  const bool same = actual == expected;  // not compared inside CHECK: its expansion would print both reports whole
  CHECK(same);
}

}  // namespace

TEST_CASE("the JSON report matches its golden file", "[golden][formats]") { check_golden("json", "report.json"); }

TEST_CASE("the JSON Lines report matches its golden file", "[golden][formats]") {
  check_golden("jsonl", "report.jsonl");
}

TEST_CASE("the SARIF report matches its golden file", "[golden][formats]") { check_golden("sarif", "report.sarif"); }

TEST_CASE("the JUnit report matches its golden file", "[golden][formats]") {
  check_golden("junit", "report.junit.xml");
}

TEST_CASE("golden reports are normalised only where runs differ", "[golden]") {
  // The normalisation must not hide a real change: the same scan twice is the same text, and the
  // fields it rewrites are only the volatile ones.
  Fixture fixture;
  const std::vector<std::string> args = {
      "scan", "--no-builtin-rules", "--rules", (golden_dir / "rules.toml").string(), "--format",
      "json", fixture.dir.str()};
  const std::string once = normalise(run_hush(args).out, fixture);
  CHECK(once == normalise(run_hush(args).out, fixture));
  CHECK(once.find("\"duration_seconds\": 0") != std::string::npos);
  CHECK(once.find("\"path\": \"dir with space/#two.yml\"") != std::string::npos);
  CHECK(once.find(fixture.dir.str()) == std::string::npos);
}
