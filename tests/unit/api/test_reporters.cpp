#include <algorithm>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "../../support/text_lines.hpp"
#include "catch.hpp"
#include "hush/scanner/report.hpp"

using hush::scanner::Confidence;
using hush::scanner::Finding;
using hush::scanner::GitProvenance;
using hush::scanner::ReportFormat;
using hush::scanner::ReportOptions;
using hush::scanner::ReportSummary;
using hush::scanner::Rule;
using hush::scanner::Severity;
using hush_test::lines_of;

namespace {

const std::string ellipsis = "\xE2\x80\xA6";  // what redact() puts between prefix and suffix
const std::string secret_value = "ghp_R3allyS3cretValueThatMustNeverLeak0";

Finding make_finding(std::string path = "config/app.env", std::uint64_t line = 12) {
  Finding f;
  f.rule_id = "github-pat";
  f.rule_name = "GitHub personal access token";
  f.severity = Severity::high;
  f.path = std::move(path);
  f.line = line;
  f.column = 14;
  f.end_line = line;
  f.end_column = 54;
  f.offset = 200;
  f.fingerprint = "0a1b2c3d4e5f60718293a4b5c6d7e8f9";
  f.secret = secret_value;
  f.redacted = "ghp_" + ellipsis + "ak0";
  f.validation = "checksum-ok";
  f.context = "  GITHUB_TOKEN=ghp_" + ellipsis + "ak0  ";
  return f;
}

GitProvenance make_git() {
  return {"9fceb02d0ae598e95dc970b74767f19372d61af8",
          "Ada Lovelace",
          "ada@example.com",
          "2025-01-02T03:04:05Z",
          "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391",
          "add config",
          ""};
}

std::vector<Rule> make_rules() {
  Rule aws;
  aws.id = "aws-access-key";
  aws.name = "AWS access key ID";
  aws.severity = Severity::critical;
  aws.description = "An AWS access key ID.";
  Rule gh;
  gh.id = "github-pat";
  gh.name = "GitHub personal access token";
  gh.severity = Severity::high;
  Rule generic;
  generic.id = "generic-api-key";
  generic.name = "Generic API key";
  generic.severity = Severity::low;
  return {aws, gh, generic};
}

ReportSummary make_summary() {
  ReportSummary s;
  s.counters.files_scanned = 120;
  s.counters.bytes_scanned = 3 * 1024 * 1024;
  s.counters.skipped_binary = 4;
  s.counters.skipped_size = 1;
  s.counters.skipped_excluded = 7;
  s.counters.unreadable = 2;
  s.counters.suppressed = 5;
  s.baseline_suppressed = 3;
  s.rules_loaded = 3;
  s.duration_seconds = 0.25;
  return s;
}

std::string render(ReportFormat format, const std::vector<Finding>& findings, bool reveal = false, bool color = false,
                   const std::vector<Rule>& rules = make_rules()) {
  ReportOptions options;
  options.reveal = reveal;
  options.color = color;
  options.tool_version = "0.1.0";
  std::ostringstream out;
  hush::scanner::write_report(format, findings, rules, make_summary(), options, out);
  return out.str();
}

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

std::vector<std::string> keys_of(const nlohmann::ordered_json& object) {
  std::vector<std::string> keys;
  for (const auto& item : object.items()) keys.push_back(item.key());
  return keys;
}

// Every '&' must start one of the entities the writer emits; anything else is not well-formed.
bool ampersands_well_formed(const std::string& xml) {
  const std::vector<std::string> entities = {"&amp;", "&lt;", "&gt;", "&quot;", "&apos;", "&#9;", "&#10;", "&#13;"};
  for (std::size_t pos = xml.find('&'); pos != std::string::npos; pos = xml.find('&', pos + 1)) {
    const bool known = std::any_of(entities.begin(), entities.end(),
                                   [&](const std::string& e) { return xml.compare(pos, e.size(), e) == 0; });
    if (!known) return false;
  }
  return true;
}

bool has_xml_invalid_control(const std::string& xml) {
  return std::any_of(xml.begin(), xml.end(), [](char c) {
    const auto byte = static_cast<unsigned char>(c);
    return byte < 0x20 && c != '\t' && c != '\n' && c != '\r';
  });
}

}  // namespace

TEST_CASE("report format names parse", "[reporters]") {
  CHECK(hush::scanner::parse_report_format("text") == ReportFormat::text);
  CHECK(hush::scanner::parse_report_format("json") == ReportFormat::json);
  CHECK(hush::scanner::parse_report_format("jsonl") == ReportFormat::jsonl);
  CHECK(hush::scanner::parse_report_format("sarif") == ReportFormat::sarif);
  CHECK(hush::scanner::parse_report_format("junit") == ReportFormat::junit);
  CHECK_FALSE(hush::scanner::parse_report_format("xml").has_value());
  CHECK_FALSE(hush::scanner::parse_report_format("").has_value());
  CHECK_FALSE(hush::scanner::parse_report_format("JSON").has_value());
}

TEST_CASE("json report round-trips with documented document and summary order", "[reporters][json]") {
  const auto doc = nlohmann::ordered_json::parse(render(ReportFormat::json, {make_finding()}));
  CHECK(keys_of(doc) == std::vector<std::string>{"version", "tool", "findings", "summary"});
  CHECK(doc["version"] == 1);
  CHECK(doc["tool"]["name"] == "hush");
  CHECK(doc["tool"]["version"] == "0.1.0");
  REQUIRE(doc["findings"].size() == 1);
  const auto& summary = doc["summary"];
  CHECK(keys_of(summary) ==
        std::vector<std::string>{"files_scanned", "bytes_scanned", "skipped_binary", "skipped_size", "skipped_excluded",
                                 "skipped_gitignored", "unreadable", "suppressed", "not_fetched", "archives",
                                 "archive_links", "archive_unsafe_paths", "not_scanned", "baseline_suppressed",
                                 "min_confidence", "below_confidence", "findings", "rules", "duration_seconds"});
  CHECK(summary["files_scanned"] == 120);
  CHECK(summary["bytes_scanned"] == 3 * 1024 * 1024);
  CHECK(summary["skipped_excluded"] == 7);
  CHECK(summary["baseline_suppressed"] == 3);
  CHECK(summary["findings"] == 1);
  CHECK(summary["rules"] == 3);
  CHECK(summary["duration_seconds"].get<double>() == Approx(0.25));
}

TEST_CASE("json finding keys follow the documented order, git fields null outside git", "[reporters][json]") {
  const auto doc = nlohmann::ordered_json::parse(render(ReportFormat::json, {make_finding()}));
  const auto& f = doc["findings"][0];
  CHECK(keys_of(f) == std::vector<std::string>{"rule_id", "rule_name", "severity", "confidence", "path", "line",
                                               "column", "end_line", "end_column", "commit", "author", "email", "date",
                                               "blob", "fingerprint", "redacted", "validation", "context"});
  CHECK(f["rule_id"] == "github-pat");
  CHECK(f["severity"] == "high");
  CHECK(f["path"] == "config/app.env");
  CHECK(f["line"] == 12);
  CHECK(f["column"] == 14);
  CHECK(f["end_column"] == 54);
  CHECK(f["commit"].is_null());
  CHECK(f["blob"].is_null());
  CHECK(f["validation"] == "checksum-ok");
  CHECK(f["redacted"] == "ghp_" + ellipsis + "ak0");
}

TEST_CASE("json finding with git provenance carries message, empty validation is null", "[reporters][json]") {
  Finding finding = make_finding();
  finding.git = make_git();
  finding.validation.clear();
  const auto doc = nlohmann::ordered_json::parse(render(ReportFormat::json, {finding}, true));
  const auto& f = doc["findings"][0];
  CHECK(keys_of(f) == std::vector<std::string>{"rule_id",     "rule_name", "severity",   "confidence", "path",
                                               "line",        "column",    "end_line",   "end_column", "commit",
                                               "author",      "email",     "date",       "blob",       "message",
                                               "fingerprint", "redacted",  "validation", "secret",     "context"});
  CHECK(f["commit"] == "9fceb02d0ae598e95dc970b74767f19372d61af8");
  CHECK(f["author"] == "Ada Lovelace");
  CHECK(f["message"] == "add config");
  CHECK(f["validation"].is_null());
  CHECK(f["secret"] == secret_value);
}

TEST_CASE("no format prints the secret without reveal", "[reporters]") {
  Finding finding = make_finding();
  finding.git = make_git();
  for (const auto format : {ReportFormat::text, ReportFormat::json, ReportFormat::jsonl, ReportFormat::sarif,
                            ReportFormat::junit, ReportFormat::csv})
    CHECK_FALSE(contains(render(format, {finding}), secret_value));
}

TEST_CASE("reveal shows the secret in json, jsonl and text but never in sarif", "[reporters]") {
  const std::vector<Finding> findings = {make_finding()};
  CHECK(contains(render(ReportFormat::json, findings, true), secret_value));
  CHECK(contains(render(ReportFormat::jsonl, findings, true), secret_value));
  CHECK(contains(render(ReportFormat::text, findings, true), "secret: " + secret_value));
  CHECK_FALSE(contains(render(ReportFormat::sarif, findings, true), secret_value));
}

TEST_CASE("the text report's per-rule summary counts findings by rule, most first", "[reporters]") {
  Finding a = make_finding("a.env", 1);
  Finding b = make_finding("b.env", 2);
  Finding c = make_finding("c.env", 3);
  c.rule_id = "aws-access-key";
  ReportOptions options;
  options.rule_summary = true;
  std::ostringstream out;
  write_report(ReportFormat::text, {a, b, c}, {}, ReportSummary{}, options, out);
  CHECK(contains(out.str(), "findings by rule\n  github-pat      2\n  aws-access-key  1\n"));
  CHECK_FALSE(contains(render(ReportFormat::text, {a, b, c}), "findings by rule"));
}

TEST_CASE("a revealed key block keeps its lines in the text report", "[reporters]") {
  Finding key = make_finding();
  key.secret = "-----BEGIN EC PRIVATE KEY-----\r\nMHcCAQEEIBx\r\n-----END EC PRIVATE KEY-----";
  const std::string text = render(ReportFormat::text, {key}, true);
  const auto at = text.find("secret: -----BEGIN EC PRIVATE KEY-----\n");
  REQUIRE(at != std::string::npos);
  const std::size_t column = at - text.rfind('\n', at) - 1 + std::string("secret: ").size();
  CHECK(contains(text, "\n" + std::string(column, ' ') + "MHcCAQEEIBx\n" + std::string(column, ' ') +
                           "-----END EC PRIVATE KEY-----\n"));
}

TEST_CASE("invalid UTF-8 in paths and secrets never throws", "[reporters]") {
  Finding finding = make_finding("bad\xff\xfe/na\xc3(me.txt");
  finding.secret = "sec\xc3\x28ret\x80";
  finding.context = "key=\xed\xa0\x80";  // an encoded surrogate: invalid UTF-8
  for (const auto format : {ReportFormat::text, ReportFormat::json, ReportFormat::jsonl, ReportFormat::sarif,
                            ReportFormat::junit, ReportFormat::csv}) {
    std::string out;
    REQUIRE_NOTHROW(out = render(format, {finding}, true));
    CHECK_FALSE(out.empty());
  }
  nlohmann::json doc;
  REQUIRE_NOTHROW(doc = nlohmann::json::parse(render(ReportFormat::json, {finding}, true)));
  CHECK(doc["findings"][0]["path"] == "bad\xEF\xBF\xBD\xEF\xBF\xBD/na\xEF\xBF\xBD(me.txt");
  REQUIRE_NOTHROW(nlohmann::json::parse(render(ReportFormat::sarif, {finding}, true)));
}

TEST_CASE("jsonl writes one finding object per line and no summary", "[reporters][json]") {
  const std::string out = render(ReportFormat::jsonl, {make_finding("a.env", 1), make_finding("b.env", 2)});
  const auto lines = lines_of(out);
  REQUIRE(lines.size() == 2);
  CHECK(nlohmann::json::parse(lines[0])["path"] == "a.env");
  CHECK(nlohmann::json::parse(lines[1])["path"] == "b.env");
  CHECK_FALSE(contains(out, "summary"));
  CHECK(render(ReportFormat::jsonl, {}).empty());
}

TEST_CASE("sarif log has schema, version, driver and the scan's rules in order", "[reporters][sarif]") {
  const auto log = nlohmann::json::parse(render(ReportFormat::sarif, {make_finding()}));
  CHECK(log["$schema"] == "https://json.schemastore.org/sarif-2.1.0.json");
  CHECK(log["version"] == "2.1.0");
  REQUIRE(log["runs"].size() == 1);
  const auto& driver = log["runs"][0]["tool"]["driver"];
  CHECK(driver["name"] == "hush");
  CHECK(driver["semanticVersion"] == "0.1.0");
  CHECK(driver["informationUri"].is_string());
  REQUIRE(driver["rules"].size() == 3);
  CHECK(driver["rules"][0]["id"] == "aws-access-key");
  CHECK(driver["rules"][1]["id"] == "github-pat");
  CHECK(driver["rules"][2]["id"] == "generic-api-key");
  CHECK(driver["rules"][0]["shortDescription"]["text"] == "AWS access key ID");
  CHECK(driver["rules"][0]["fullDescription"]["text"] == "An AWS access key ID.");
  CHECK(driver["rules"][1]["fullDescription"]["text"] == "GitHub personal access token");
  CHECK(driver["rules"][0]["defaultConfiguration"]["level"] == "error");
  CHECK(driver["rules"][2]["defaultConfiguration"]["level"] == "note");
  CHECK(driver["rules"][0]["properties"]["security-severity"] == "9.0");
  CHECK(driver["rules"][1]["properties"]["security-severity"] == "7.5");
  CHECK(driver["rules"][2]["properties"]["security-severity"] == "3.0");
  CHECK(driver["rules"][1]["properties"]["tags"] == nlohmann::json::array({"security", "secret"}));
  CHECK(driver["rules"][1]["help"]["text"].is_string());
  // Columns are converted to what code scanning counts, and the log says which.
  CHECK(log["runs"][0]["columnKind"] == "utf16CodeUnits");
}

TEST_CASE("sarif results reference their rule and carry location and fingerprint", "[reporters][sarif]") {
  Finding generic = make_finding("src/main.cpp", 40);
  generic.rule_id = "generic-api-key";
  generic.rule_name = "Generic API key";
  generic.severity = Severity::low;
  generic.end_line = 41;
  generic.end_column = 3;
  Finding unknown = make_finding("z.txt", 1);
  unknown.rule_id = "custom-rule";
  unknown.rule_name = "Custom";
  unknown.severity = Severity::medium;
  unknown.git = make_git();
  const auto log = nlohmann::json::parse(render(ReportFormat::sarif, {make_finding(), generic, unknown}, true));
  const auto& run = log["runs"][0];
  const auto& rules = run["tool"]["driver"]["rules"];
  const auto& results = run["results"];
  REQUIRE(results.size() == 3);
  for (const auto& result : results) {
    const auto index = result["ruleIndex"].get<std::size_t>();
    REQUIRE(index < rules.size());
    CHECK(rules[index]["id"] == result["ruleId"]);
  }
  CHECK(rules.size() == 4);  // the finding's unlisted rule is appended so its ruleIndex is valid
  CHECK(rules[3]["id"] == "custom-rule");

  const auto& first = results[0];
  CHECK(first["ruleIndex"] == 1);
  CHECK(first["level"] == "error");
  CHECK(first["message"]["text"] == "GitHub personal access token found: ghp_" + ellipsis + "ak0");
  CHECK(first["partialFingerprints"]["hush/v1"] == "0a1b2c3d4e5f60718293a4b5c6d7e8f9");
  const auto& location = first["locations"][0]["physicalLocation"];
  CHECK(location["artifactLocation"]["uri"] == "config/app.env");
  CHECK(location["region"]["startLine"] == 12);
  CHECK(location["region"]["startColumn"] == 14);
  CHECK(location["region"]["endLine"] == 12);
  CHECK(location["region"]["endColumn"] == 54);
  // Outside Git a result's properties hold its confidence alone; rank orders results by it.
  CHECK(first["properties"] == nlohmann::json{{"confidence", "high"}});
  CHECK(first["rank"] == 90.0);

  CHECK(results[1]["level"] == "note");
  CHECK(results[1]["locations"][0]["physicalLocation"]["region"]["endLine"] == 41);
  CHECK(results[1]["locations"][0]["physicalLocation"]["region"]["endColumn"] == 3);
  CHECK(results[2]["level"] == "warning");
  CHECK(results[2]["properties"]["commit"] == "9fceb02d0ae598e95dc970b74767f19372d61af8");
  CHECK(results[2]["message"]["text"].get<std::string>().ends_with(" (added in commit 9fceb02d0ae5)"));
  CHECK(results[2]["properties"]["email"] == "ada@example.com");
  CHECK(results[2]["properties"]["confidence"] == "high");
}

TEST_CASE("reports carry each finding's confidence", "[reporters]") {
  Finding low = make_finding("tests/fixtures/db.yml", 3);
  low.rule_id = "generic-password";
  low.rule_name = "Password assignment";
  low.confidence = Confidence::low;
  Finding medium = make_finding("config/app.env", 7);
  medium.rule_id = "generic-api-key";
  medium.confidence = Confidence::medium;
  const std::vector<Finding> findings = {make_finding(), low, medium};

  const auto json = nlohmann::json::parse(render(ReportFormat::json, findings));
  CHECK(json["findings"][0]["confidence"] == "high");
  CHECK(json["findings"][1]["confidence"] == "low");
  CHECK(json["findings"][2]["confidence"] == "medium");

  const auto sarif = nlohmann::json::parse(render(ReportFormat::sarif, findings));
  const auto& results = sarif["runs"][0]["results"];
  CHECK(results[0]["rank"] == 90.0);
  CHECK(results[1]["rank"] == 30.0);
  CHECK(results[1]["properties"]["confidence"] == "low");
  CHECK(results[2]["rank"] == 60.0);

  const std::string text = render(ReportFormat::text, findings);
  CHECK(contains(text, "generic-password  Password assignment  low confidence"));
  CHECK(contains(text, "github-pat  GitHub personal access token  high confidence"));
  CHECK(contains(render(ReportFormat::junit, findings), "confidence: low"));
}

TEST_CASE("sarif rules state their precision from their confidence", "[reporters][sarif]") {
  Rule validated;
  validated.id = "github-pat";
  validated.validator = "github-crc32";
  Rule generic;
  generic.id = "generic-password";
  generic.confidence = Confidence::medium;
  Rule provider;
  provider.id = "stripe-key";
  std::ostringstream out;
  hush::scanner::write_report(ReportFormat::sarif, {}, {validated, generic, provider}, make_summary(), ReportOptions{},
                              out);
  const auto rules = nlohmann::json::parse(out.str())["runs"][0]["tool"]["driver"]["rules"];
  REQUIRE(rules.size() == 3);
  CHECK(rules[0]["properties"]["precision"] == "very-high");
  CHECK(rules[1]["properties"]["precision"] == "medium");
  CHECK(rules[2]["properties"]["precision"] == "high");
}

TEST_CASE("summaries count the findings below the minimum confidence", "[reporters]") {
  ReportSummary summary = make_summary();
  summary.min_confidence = Confidence::medium;
  summary.below_confidence = 4;
  std::ostringstream text, json;
  hush::scanner::write_report(ReportFormat::text, {}, {}, summary, ReportOptions{}, text);
  hush::scanner::write_report(ReportFormat::json, {}, {}, summary, ReportOptions{}, json);
  CHECK(contains(text.str(), "4 below medium confidence (--min-confidence low shows them)"));
  const auto doc = nlohmann::json::parse(json.str());
  CHECK(doc["summary"]["below_confidence"] == 4);
  CHECK(doc["summary"]["min_confidence"] == "medium");
}

TEST_CASE("sarif uris use forward slashes and percent-encode unsafe bytes", "[reporters][sarif]") {
  const auto log = nlohmann::json::parse(render(
      ReportFormat::sarif, {make_finding("dir with space\\sub/a#b?c:d%e.txt"), make_finding("caf\xC3\xA9.env")}));
  const auto& results = log["runs"][0]["results"];
  CHECK(results[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] ==
        "dir%20with%20space/sub/a%23b%3Fc%3Ad%25e.txt");
  CHECK(results[1]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "caf%C3%A9.env");
}

TEST_CASE("junit counts findings as failures", "[reporters][junit]") {
  const std::string xml = render(ReportFormat::junit, {make_finding("a.env", 1), make_finding("b.env", 2)});
  CHECK(xml.rfind("<?xml version=\"1.0\" encoding=\"UTF-8\"?>", 0) == 0);
  CHECK(contains(xml, "<testsuites name=\"hush\" tests=\"2\" failures=\"2\""));
  CHECK(contains(xml, "<testsuite name=\"hush secret scan\" tests=\"2\" failures=\"2\""));
  CHECK(contains(xml, "<testcase classname=\"a.env\" name=\"github-pat at a.env:1:14\">"));
  CHECK(contains(xml, "type=\"github-pat\""));
  CHECK(contains(xml, "time=\"0.250\""));
  CHECK(std::count(xml.begin(), xml.end(), '\n') > 0);
  const auto testcases = lines_of(xml);
  CHECK(std::count_if(testcases.begin(), testcases.end(),
                      [](const std::string& l) { return contains(l, "<testcase "); }) == 2);
  CHECK(std::count_if(testcases.begin(), testcases.end(),
                      [](const std::string& l) { return contains(l, "<failure "); }) == 2);
  CHECK(contains(xml, "</testsuite>\n</testsuites>\n"));
  CHECK(ampersands_well_formed(xml));
}

TEST_CASE("junit without findings has one passing test case", "[reporters][junit]") {
  const std::string xml = render(ReportFormat::junit, {});
  CHECK(contains(xml, "tests=\"1\" failures=\"0\""));
  CHECK(contains(xml, "name=\"no secrets found\""));
  CHECK_FALSE(contains(xml, "<failure"));
}

TEST_CASE("junit escapes markup, control characters and invalid UTF-8", "[reporters][junit]") {
  Finding finding = make_finding("dir/<a&b>\"'.env");
  finding.rule_name = "Rule <&\"> name";
  finding.context = "x=\x01\x1b[31m\x7f\xff end";
  const std::string xml = render(ReportFormat::junit, {finding});
  CHECK(contains(xml, "classname=\"dir/&lt;a&amp;b&gt;&quot;&apos;.env\""));
  CHECK(contains(xml, "Rule &lt;&amp;&quot;&gt; name found:"));
  CHECK_FALSE(contains(xml, "<&"));
  CHECK_FALSE(has_xml_invalid_control(xml));
  CHECK(contains(xml, "x=??[31m\x7f? end"));
  CHECK(ampersands_well_formed(xml));
  CHECK_FALSE(contains(xml, secret_value));
}

TEST_CASE("text report groups by file and summarises", "[reporters][text]") {
  Finding git_finding = make_finding("b.env", 3);
  git_finding.git = make_git();
  const std::string out =
      render(ReportFormat::text, {make_finding("a.env", 1), make_finding("a.env", 20), git_finding});
  CHECK_FALSE(contains(out, secret_value));
  CHECK_FALSE(contains(out, "secret:"));
  const auto lines = lines_of(out);
  CHECK(std::count(lines.begin(), lines.end(), "a.env") == 1);
  CHECK(std::count(lines.begin(), lines.end(), "b.env") == 1);
  CHECK(contains(out, "\n  3:14  high  github-pat  GitHub personal access token  high confidence  [checksum-ok]\n"));
  CHECK(contains(out, "\n  1:14   high"));  // locations of one file line up
  CHECK(contains(out, "GITHUB_TOKEN=ghp_" + ellipsis + "ak0\n"));
  CHECK(contains(out, "fingerprint 0a1b2c3d4e5f60718293a4b5c6d7e8f9"));
  CHECK(contains(out, "commit 9fceb02 by Ada Lovelace <ada@example.com> on 2025-01-02T03:04:05Z"));
  REQUIRE_FALSE(lines.empty());
  CHECK(lines.back().rfind("3 findings in 2 files \xC2\xB7 120 files scanned (3.0 MiB)", 0) == 0);
  CHECK(contains(lines.back(), "skipped: 4 binary, 1 too large, 7 excluded, 2 unreadable"));
  CHECK(contains(lines.back(), "0.25 s"));
}

TEST_CASE("text report without findings says so", "[reporters][text]") {
  const std::string out = render(ReportFormat::text, {});
  CHECK(out.rfind("no secrets found \xC2\xB7 120 files scanned", 0) == 0);
}

TEST_CASE("text report neutralises terminal escapes from scanned content", "[reporters][text]") {
  Finding finding = make_finding("evil\x1b]0;title\x07.env");
  finding.context =
      "token=\x1b[31mred\xC2\x9B"
      "2J\xE2\x80\xAEtxt";
  const std::string plain = render(ReportFormat::text, {finding});
  CHECK(plain.find('\x1b') == std::string::npos);
  CHECK(plain.find('\x07') == std::string::npos);
  CHECK_FALSE(contains(plain, "\xC2\x9B"));
  CHECK_FALSE(contains(plain, "\xE2\x80\xAE"));
  CHECK(contains(plain, "token=?[31mred?2J?txt"));
  CHECK(contains(plain, "evil?]0;title?.env"));

  const std::string colored = render(ReportFormat::text, {finding}, false, true);
  CHECK(contains(colored, "\x1b[1m"));
  CHECK(contains(colored, "\x1b[0m"));
  CHECK(contains(colored, "token=?[31mred"));
  CHECK_FALSE(contains(colored, "token=\x1b"));
}

TEST_CASE("CSV: a header, one quoted row per finding, no formulas, the secret only with reveal", "[reporters]") {
  Finding plain = make_finding("config/app.env", 12);
  Finding hostile = make_finding("=HYPERLINK(\"http://x\")", 3);
  hostile.git = make_git();
  hostile.git->message = "@SUM(1+1) \"quoted\"";
  const std::string csv = render(ReportFormat::csv, {plain, hostile});
  const auto first_break = csv.find("\r\n");
  REQUIRE(first_break != std::string::npos);
  CHECK(csv.substr(0, first_break) ==
        "rule_id,rule_name,severity,confidence,path,line,column,end_line,end_column,commit,author,email,date,message,"
        "fingerprint,"
        "validation,secret");
  CHECK(contains(
      csv,
      "\r\n\"github-pat\",\"GitHub personal access token\",\"high\",\"high\",\"config/app.env\",12,14,12,54,\"\","));
  // Cells a spreadsheet would evaluate start with an apostrophe; quotes are doubled.
  CHECK(contains(csv, "\"'=HYPERLINK(\"\"http://x\"\")\""));
  CHECK(contains(csv, "\"'@SUM(1+1) \"\"quoted\"\"\""));
  CHECK(contains(csv, "\"9fceb02d0ae598e95dc970b74767f19372d61af8\""));
  CHECK_FALSE(contains(csv, secret_value));
  CHECK(contains(render(ReportFormat::csv, {plain}, true), "\"" + secret_value + "\"\r\n"));
  std::size_t rows = 0;
  for (std::size_t at = csv.find("\r\n"); at != std::string::npos; at = csv.find("\r\n", at + 2)) ++rows;
  CHECK(rows == 3);
}
