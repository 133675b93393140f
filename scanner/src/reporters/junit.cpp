// JUnit XML for CI systems that only render test reports: each finding is a failed test case.
#include <ostream>

#include "reporters/finding_json.hpp"

namespace hush::scanner::detail {
namespace {

// XML 1.0's Char production: a conforming parser rejects the whole document on anything else.
bool xml_char(char32_t c) noexcept {
  if (c < 0x20) return c == '\t' || c == '\n' || c == '\r';
  return c != 0xFFFE && c != 0xFFFF;
}

std::string attr(std::string_view raw) { return escape_markup(raw, xml_char, true); }
std::string content(std::string_view raw) { return escape_markup(raw, xml_char, false); }

std::string location(const Finding& f) {
  return f.path + ":" + std::to_string(f.line) + ":" + std::to_string(f.column);
}

std::string failure_details(const Finding& f, bool reveal) {
  std::string d;
  d += "rule: " + f.rule_id + " (" + f.rule_name + ")\n";
  d += "severity: " + std::string(severity_name(f.severity)) + "\n";
  d += "confidence: " + std::string(confidence_name(f.confidence)) + "\n";
  d += "location: " + location(f) + "\n";
  d += "redacted: " + f.redacted + "\n";
  if (!f.validation.empty()) d += "validation: " + f.validation + "\n";
  if (!f.validation_detail.empty()) d += "validation detail: " + validation_detail_text(f) + "\n";
  d += "fingerprint: " + f.fingerprint + "\n";
  if (f.git)
    d += "commit: " + f.git->commit + " by " + f.git->author + " <" + f.git->email + "> on " + f.git->date + "\n";
  d += "context: " + f.context + "\n";
  if (reveal) d += "secret: " + f.secret + "\n";
  return d;
}

void write_failure_case(const Finding& f, bool reveal, std::ostream& out) {
  const std::string title = f.rule_name.empty() ? f.rule_id : f.rule_name;
  out << "    <testcase classname=\"" << attr(f.path) << "\" name=\"" << attr(f.rule_id + " at " + location(f))
      << "\">\n"
      << "      <failure message=\"" << attr(title + " found: " + f.redacted) << "\" type=\"" << attr(f.rule_id)
      << "\">" << content(failure_details(f, reveal)) << "</failure>\n"
      << "    </testcase>\n";
}

}  // namespace

void write_junit(const Findings& findings, const ReportSummary& summary, const ReportOptions& options,
                 std::ostream& out) {
  // A suite with zero tests reads as "nothing ran" in most CI dashboards; one passing case says
  // the scan ran and was clean.
  const std::size_t tests = findings.empty() ? 1 : findings.size();
  const std::string failures = std::to_string(findings.size());
  const std::string time = format_fixed(summary.duration_seconds, 3);
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      << "<testsuites name=\"hush\" tests=\"" << tests << "\" failures=\"" << failures << "\" errors=\"0\" time=\""
      << time << "\">\n"
      << "  <testsuite name=\"hush secret scan\" tests=\"" << tests << "\" failures=\"" << failures
      << "\" errors=\"0\" skipped=\"0\" time=\"" << time << "\">\n";
  if (findings.empty()) out << "    <testcase classname=\"hush\" name=\"no secrets found\" time=\"" << time << "\"/>\n";
  for (const Finding& f : findings) write_failure_case(f, options.reveal, out);
  out << "  </testsuite>\n"
      << "</testsuites>\n";
}

}  // namespace hush::scanner::detail
