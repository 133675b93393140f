// `--format json` (one document with a summary) and `--format jsonl` (one finding per line, for
// streaming into log pipelines).
#include <ostream>

#include "reporters/finding_json.hpp"
#include "scan_counter_fields.hpp"

namespace hush::scanner::detail {
namespace {

using nlohmann::ordered_json;

// The JSON document's own schema version; bump it only on incompatible changes.
constexpr int json_report_version = 1;

ordered_json string_or_null(const std::string& value) {
  return value.empty() ? ordered_json(nullptr) : ordered_json(value);
}

void add_git_fields(ordered_json& j, const Finding& f) {
  if (!f.git) {
    for (const char* key : {"commit", "author", "email", "date", "blob"}) j[key] = nullptr;
    return;
  }
  // A staged file has a blob but no commit; an unreachable blob has no commit either.
  j["commit"] = string_or_null(f.git->commit);
  j["author"] = string_or_null(f.git->author);
  j["email"] = string_or_null(f.git->email);
  j["date"] = string_or_null(f.git->date);
  j["blob"] = string_or_null(f.git->blob);
  j["message"] = string_or_null(f.git->message);
  if (!f.git->ref.empty()) j["ref"] = f.git->ref;
}

ordered_json summary_to_json(const ReportSummary& s, std::size_t finding_count) {
  const ScanCounters& c = s.counters;
  ordered_json j = ordered_json::object();
  for (const auto& field : scan_counter_fields) j[field.name] = c.*field.member;
  ordered_json gaps = ordered_json::array();
  for (const auto& gap : c.gaps)
    gaps.push_back(ordered_json{{"what", gap.what}, {"count", gap.count}, {"fix", gap.fix}, {"damaged", gap.damaged}});
  j["not_scanned"] = std::move(gaps);
  // Only for scans of several repositories, so other reports keep their shape.
  if (!s.repositories.empty()) {
    ordered_json repositories = ordered_json::array();
    for (const auto& r : s.repositories) {
      ordered_json entry = {{"uri", r.uri}, {"revision", string_or_null(r.revision)}};
      if (!r.error.empty()) entry["error"] = r.error;
      repositories.push_back(std::move(entry));
    }
    j["repositories"] = std::move(repositories);
  }
  j["baseline_suppressed"] = s.baseline_suppressed;
  j["min_confidence"] = confidence_name(s.min_confidence);
  j["below_confidence"] = s.below_confidence;
  j["findings"] = finding_count;
  j["rules"] = s.rules_loaded;
  j["duration_seconds"] = s.duration_seconds;
  return j;
}

}  // namespace

ordered_json finding_to_json(const Finding& f, bool reveal) {
  ordered_json j = ordered_json::object();
  j["rule_id"] = f.rule_id;
  j["rule_name"] = f.rule_name;
  j["severity"] = severity_name(f.severity);
  j["confidence"] = confidence_name(f.confidence);
  if (!f.repository.empty()) j["repository"] = f.repository;
  j["path"] = f.path;
  j["line"] = f.line;
  j["column"] = f.column;
  j["end_line"] = f.end_line;
  j["end_column"] = f.end_column;
  add_git_fields(j, f);
  j["fingerprint"] = f.fingerprint;
  j["redacted"] = f.redacted;
  j["validation"] = string_or_null(f.validation);
  // Only on findings in decoded text, so reports of plain findings keep their shape.
  if (!f.decoded.empty()) j["decoded"] = f.decoded;
  if (!f.suppressed_by.empty()) j["suppressed_by"] = f.suppressed_by;
  if (!f.validation_detail.empty()) {
    ordered_json detail = ordered_json::object();
    for (const auto& item : f.validation_detail) detail[item.name] = item.text;
    j["validation_detail"] = std::move(detail);
  }
  if (reveal) j["secret"] = f.secret;
  j["context"] = f.context;
  return j;
}

std::string dump_json(const ordered_json& value, int indent) {
  return value.dump(indent, ' ', false, nlohmann::json::error_handler_t::replace);
}

void write_json(const Findings& findings, const ReportSummary& summary, const ReportOptions& options,
                std::ostream& out) {
  ordered_json doc = ordered_json::object();
  doc["version"] = json_report_version;
  doc["tool"] = {{"name", "hush"}, {"version", options.tool_version}};
  ordered_json list = ordered_json::array();
  for (const Finding& f : findings) list.push_back(finding_to_json(f, options.reveal));
  doc["findings"] = std::move(list);
  doc["summary"] = summary_to_json(summary, findings.size());
  out << dump_json(doc, 2) << '\n';
}

void write_jsonl(const Findings& findings, const ReportOptions& options, std::ostream& out) {
  for (const Finding& f : findings) out << dump_json(finding_to_json(f, options.reveal), -1) << '\n';
}

}  // namespace hush::scanner::detail
