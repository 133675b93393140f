#include "catch.hpp"
#include "hush/common/error.hpp"
#include "hush/scanner/baseline.hpp"

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
  CHECK(error_of([](Baseline& b) { b.add_report_text("{\"fingerprint\":\"abc\"}\nnot json\n", "l.jsonl"); }).rfind("l.jsonl:2:", 0) == 0);
  CHECK(error_of([](Baseline& b) { b.add_report_text("[{\"rule\":\"x\"}]", "a.json"); }).find("fingerprint") != std::string::npos);
  CHECK(error_of([](Baseline& b) { b.add_report_text("42", "n.json"); }).find("n.json") == 0);
  const std::string ignore_error = error_of([](Baseline& b) { b.add_ignore_text("\nghp_NotAFingerprint\n", ".hushignore"); });
  CHECK(ignore_error.rfind(".hushignore:2:", 0) == 0);
  // The offending line may be a pasted secret: it is never echoed.
  CHECK(ignore_error.find("ghp_") == std::string::npos);
}
