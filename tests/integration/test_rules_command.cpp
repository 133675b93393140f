// `hush rules list|test|explain` and --metrics-file.
#include "catch.hpp"
#include "harness.hpp"

using namespace hush_it;

TEST_CASE("hush rules test passes on the shipped rules", "[rules-cmd]") {
  const auto r = run_hush({"rules", "test"});
  INFO(r.out << r.err);
  CHECK(r.exit_code == 0);
  CHECK(r.out.find(" 0 failed") != std::string::npos);
  CHECK(r.out.find("FAIL") == std::string::npos);
}

namespace {

// A rule file with one rule, custom-token, and these example lists (TOML arrays).
std::string custom_token_rule(const std::string& examples, const std::string& negative_examples) {
  return "[[rule]]\n"
         "id = \"custom-token\"\n"
         "regex = '''\\b(ctk_[0-9a-f]{16})\\b'''\n"
         "secret_group = 1\n"
         "examples = " +
         examples + "\nnegative_examples = " + negative_examples + "\n";
}

}  // namespace

TEST_CASE("hush rules test fails when an example does not match", "[rules-cmd]") {
  TempDir dir;
  const auto rules = dir / "mine.toml";
  write_file(rules, custom_token_rule(R"(["key ctk_0123456789abcdef", "ctk_nothexnothexzz"])", R"(["ctk_short"])"));
  const auto r = run_hush({"rules", "test", "--rules", rules.string()});
  INFO(r.out << r.err);
  CHECK(r.exit_code == 1);
  CHECK(r.out.find("FAIL custom-token") != std::string::npos);
  CHECK(r.out.find("ctk_nothexnothexzz") == std::string::npos);  // failures never echo examples
  CHECK(r.out.find(" 1 failed") != std::string::npos);

  write_file(rules, custom_token_rule(R"(["key ctk_0123456789abcdef"])", R"(["ctk_0123456789abcdef"])"));
  const auto neg = run_hush({"rules", "test", "--no-builtin-rules", "--rules", rules.string()});
  CHECK(neg.exit_code == 1);
  CHECK(neg.out.find("FAIL custom-token") != std::string::npos);

  write_file(rules, custom_token_rule(R"(["key ctk_0123456789abcdef"])", R"(["ctk_0123"])"));
  const auto ok = run_hush({"rules", "test", "--no-builtin-rules", "--rules", rules.string()});
  CHECK(ok.exit_code == 0);
}

TEST_CASE("hush rules list and explain", "[rules-cmd]") {
  const auto r = run_hush({"rules", "list"});
  CHECK(r.exit_code == 0);
  CHECK(r.out.find("github-pat") != std::string::npos);

  const auto j = run_hush({"rules", "list", "--format", "json"});
  REQUIRE(j.exit_code == 0);
  const auto doc = parse_json(j.out);
  REQUIRE(doc.is_array());
  bool seen = false;
  for (const auto& rule : doc) {
    if (rule["id"] != "github-pat") continue;
    seen = true;
    CHECK(rule["validator"] == "base62-crc32");
    CHECK(rule["severity"] == "high");
  }
  CHECK(seen);

  const auto e = run_hush({"rules", "explain", "github-pat"});
  CHECK(e.exit_code == 0);
  CHECK(e.out.find("builtin:") != std::string::npos);
  CHECK(run_hush({"rules", "explain", "no-such-rule"}).exit_code == 2);
  CHECK(run_hush({"rules", "bogus"}).exit_code == 2);
}

TEST_CASE("scan --metrics-file writes Prometheus text", "[metrics]") {
  TempDir dir;
  TempDir out;
  write_file(dir / "a.env", "gh " + make_github_token(81) + "\n");
  write_file(dir / "b.txt", "clean\n");
  write_file(dir / "c.bin", std::string("\0\0\0", 3));
  const auto metrics = out / "hush.prom";
  const auto r = run_hush({"scan", "--metrics-file", metrics.string(), dir.str()});
  CHECK(r.exit_code == 1);
  REQUIRE(fs::exists(metrics));
  const std::string text = read_file(metrics);
  INFO(text);
  CHECK(text.find("hush_scan_files_total") != std::string::npos);
  CHECK(text.find("# TYPE hush_scan_files_total counter") != std::string::npos);
  CHECK(text.find("\nhush_scan_files_total 2\n") != std::string::npos);
  CHECK(text.find("hush_scan_findings_total{rule=\"github-pat\"} 1") != std::string::npos);
  CHECK(text.find("hush_scan_files_skipped_total{reason=\"binary\"} 1") != std::string::npos);
}
