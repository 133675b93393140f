#include "hush/scanner/report_merge.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "hush/common/error.hpp"
#include "hush/common/file.hpp"
#include "hush/common/text.hpp"
#include "scan_counter_fields.hpp"

namespace hush::scanner {
namespace {

using nlohmann::json;

std::string text_of(const json& j, const char* key) {
  const auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::uint64_t number_of(const json& j, const char* key) {
  const auto it = j.find(key);
  return it != j.end() && it->is_number_unsigned() ? it->get<std::uint64_t>() : 0;
}

// The inverse of the JSON reporter's finding_to_json, for the fields a report carries.
Finding finding_from_json(const json& j, const std::string& origin, long line) {
  if (!j.is_object() || !j.contains("fingerprint") || !j["fingerprint"].is_string() || !j.contains("rule_id"))
    throw_config_error(
        origin, line,
        "not a hush finding (no \"rule_id\" and \"fingerprint\"): merge reads hush scan -f json or jsonl");
  Finding f;
  f.rule_id = text_of(j, "rule_id");
  f.rule_name = text_of(j, "rule_name");
  f.severity = parse_severity(text_of(j, "severity")).value_or(Severity::medium);
  f.confidence = parse_confidence(text_of(j, "confidence")).value_or(Confidence::high);
  f.repository = text_of(j, "repository");
  f.path = text_of(j, "path");
  f.line = number_of(j, "line");
  f.column = number_of(j, "column");
  f.end_line = number_of(j, "end_line");
  f.end_column = number_of(j, "end_column");
  if (j.contains("commit") || j.contains("blob")) {
    GitProvenance git{text_of(j, "commit"), text_of(j, "author"),  text_of(j, "email"), text_of(j, "date"),
                      text_of(j, "blob"),   text_of(j, "message"), text_of(j, "ref")};
    if (!git.commit.empty() || !git.blob.empty()) f.git = std::move(git);
  }
  f.fingerprint = text_of(j, "fingerprint");
  f.redacted = text_of(j, "redacted");
  f.secret = text_of(j, "secret");
  f.validation = text_of(j, "validation");
  f.context = text_of(j, "context");
  if (const auto it = j.find("decoded"); it != j.end() && it->is_array())
    for (const auto& step : *it)
      if (step.is_string()) f.decoded.push_back(step.get<std::string>());
  if (const auto it = j.find("validation_detail"); it != j.end() && it->is_object())
    for (const auto& [name, text] : it->items())
      if (text.is_string()) f.validation_detail.push_back({name, text.get<std::string>()});
  return f;
}

void add_summary(ReportSummary& total, const json& s, bool& min_confidence_set) {
  ScanCounters c;
  for (const auto& field : detail::scan_counter_fields) c.*field.member = number_of(s, field.name);
  if (const auto it = s.find("not_scanned"); it != s.end() && it->is_array())
    for (const auto& gap : *it)
      if (gap.is_object())
        c.gaps.push_back({text_of(gap, "what"), number_of(gap, "count"), text_of(gap, "fix"),
                          !gap.contains("damaged") || gap["damaged"] != false});
  total.counters.merge(c);
  total.baseline_suppressed += number_of(s, "baseline_suppressed");
  total.below_confidence += number_of(s, "below_confidence");
  total.rules_loaded = std::max<std::size_t>(total.rules_loaded, number_of(s, "rules"));
  if (const auto it = s.find("duration_seconds"); it != s.end() && it->is_number())
    total.duration_seconds = std::max(total.duration_seconds, it->get<double>());
  // Reports made with different minimum confidences: the lowest is what the merged one may hold.
  if (const auto level = parse_confidence(text_of(s, "min_confidence"))) {
    if (!min_confidence_set || *level < total.min_confidence) total.min_confidence = *level;
    min_confidence_set = true;
  }
  if (const auto it = s.find("repositories"); it != s.end() && it->is_array())
    for (const auto& r : *it)
      if (r.is_object()) total.repositories.push_back({text_of(r, "uri"), text_of(r, "revision"), text_of(r, "error")});
}

std::string identity_of(const Finding& f) {
  std::string key = f.fingerprint;
  for (const std::string* part : {&f.repository, f.git ? &f.git->commit : nullptr, &f.path}) {
    key += '\n';
    if (part) key += *part;
  }
  return key + '\n' + std::to_string(f.line);
}

}  // namespace

void ReportMerger::add_finding(Finding finding) {
  if (!seen_.insert(identity_of(finding)).second) {
    ++merged_.duplicates;
    return;
  }
  merged_.findings.push_back(std::move(finding));
}

void ReportMerger::add_text(std::string_view text, const std::string& origin) {
  ++merged_.reports;
  const json doc = json::parse(text, nullptr, false);
  if (!doc.is_discarded()) {
    if (doc.is_array()) {
      for (const auto& f : doc) add_finding(finding_from_json(f, origin, 0));
      return;
    }
    if (doc.is_object() && doc.contains("findings") && doc["findings"].is_array()) {
      for (const auto& f : doc["findings"]) add_finding(finding_from_json(f, origin, 0));
      if (doc.contains("summary") && doc["summary"].is_object())
        add_summary(merged_.summary, doc["summary"], min_confidence_set_);
      return;
    }
    add_finding(finding_from_json(doc, origin, 1));  // JSON Lines with one finding
    return;
  }
  long number = 0;
  for (std::size_t pos = 0; pos < text.size();) {
    const std::size_t nl = text.find('\n', pos);
    const std::string_view line = text.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
    pos = nl == std::string_view::npos ? text.size() : nl + 1;
    ++number;
    if (trim(line).empty()) continue;
    const json f = json::parse(line, nullptr, false);
    if (f.is_discarded()) throw_config_error(origin, number, "not valid JSON (merge reads hush scan -f json or jsonl)");
    add_finding(finding_from_json(f, origin, number));
  }
}

void ReportMerger::add_file(const std::filesystem::path& path) { add_text(read_config_file(path), path.string()); }

MergedReport ReportMerger::finish() && {
  std::sort(merged_.findings.begin(), merged_.findings.end(), finding_less);
  return std::move(merged_);
}

}  // namespace hush::scanner
