// CSV (RFC 4180) for spreadsheets and the scripts gitleaks users feed its CSV report to: one row
// per finding under a fixed header.
#include <algorithm>
#include <ostream>

#include "reporters/finding_json.hpp"

namespace hush::scanner::detail {
namespace {

// Every cell is quoted, inner quotes doubled. Paths, commit subjects and secrets come from the
// scanned repository: a cell a spreadsheet would read as a formula (starting with = + - @, or a
// tab or carriage return) gets a leading apostrophe, as OWASP advises against CSV injection.
std::string cell(std::string_view raw) {
  const std::string text =
      sanitize_utf8(raw, [](char32_t c) noexcept { return c >= 0x20 || c == '\t' || c == '\n' || c == '\r'; });
  std::string out = "\"";
  if (!text.empty() &&
      (text[0] == '=' || text[0] == '+' || text[0] == '-' || text[0] == '@' || text[0] == '\t' || text[0] == '\r'))
    out += '\'';
  for (const char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

}  // namespace

void write_csv(const Findings& findings, const ReportOptions& options, std::ostream& out) {
  // A scan of several repositories adds a last column; a scan of one keeps the columns it had.
  const bool repositories =
      std::any_of(findings.begin(), findings.end(), [](const Finding& f) { return !f.repository.empty(); });
  out << "rule_id,rule_name,severity,confidence,path,line,column,end_line,end_column,commit,author,email,date,message,"
         "fingerprint,validation,secret"
      << (repositories ? ",repository" : "") << "\r\n";
  for (const Finding& f : findings) {
    const bool git = f.git.has_value();
    out << cell(f.rule_id) << ',' << cell(f.rule_name) << ',' << cell(severity_name(f.severity)) << ','
        << cell(confidence_name(f.confidence)) << ',' << cell(f.path) << ',' << f.line << ',' << f.column << ','
        << f.end_line << ',' << f.end_column << ',' << cell(git ? f.git->commit : "") << ','
        << cell(git ? f.git->author : "") << ',' << cell(git ? f.git->email : "") << ',' << cell(git ? f.git->date : "")
        << ',' << cell(git ? f.git->message : "") << ',' << cell(f.fingerprint) << ',' << cell(f.validation) << ','
        << cell(options.reveal ? f.secret : f.redacted);
    if (repositories) out << ',' << cell(f.repository);
    out << "\r\n";
  }
}

}  // namespace hush::scanner::detail
