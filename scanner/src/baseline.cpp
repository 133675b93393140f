#include "hush/scanner/baseline.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "hush/common/error.hpp"
#include "hush/common/text.hpp"

namespace hush::scanner {
namespace {

bool is_fingerprint(std::string_view s) {
  return s.size() >= 16 && s.size() <= 128 &&
         std::all_of(s.begin(), s.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

}  // namespace

void Baseline::add_report(const std::filesystem::path& path) { add_report_text(read_config_file(path), path.string()); }

void Baseline::add_report_text(std::string_view text, const std::string& origin) {
  auto take = [&](const nlohmann::json& finding, long line) {
    if (!finding.is_object() || !finding.contains("fingerprint") || !finding["fingerprint"].is_string())
      throw_config_error(origin, line, "baseline entry has no \"fingerprint\" string");
    BaselineEntry entry;
    entry.fingerprint = finding["fingerprint"].get<std::string>();
    if (finding.contains("rule_id") && finding["rule_id"].is_string()) entry.rule_id = finding["rule_id"].get<std::string>();
    if (finding.contains("path") && finding["path"].is_string()) entry.path = finding["path"].get<std::string>();
    if (finding.contains("line") && finding["line"].is_number_unsigned()) entry.line = finding["line"].get<std::uint64_t>();
    fingerprints_.insert(entry.fingerprint);
    report_entries_.push_back(std::move(entry));
  };
  nlohmann::json doc = nlohmann::json::parse(text, nullptr, false);
  if (!doc.is_discarded()) {
    const nlohmann::json* list = nullptr;
    if (doc.is_array()) list = &doc;
    else if (doc.is_object() && doc.contains("findings") && doc["findings"].is_array()) list = &doc["findings"];
    else if (doc.is_object()) {  // a JSON Lines file with a single finding
      take(doc, 1);
      return;
    }
    if (!list) throw_config_error(origin, 0, "baseline must be a hush JSON report, an array of findings or JSON Lines");
    for (const auto& f : *list) take(f, 0);
    return;
  }
  // JSON Lines: each non-empty line is one finding.
  long line_no = 0;
  std::size_t pos = 0;
  while (pos <= text.size()) {
    const std::size_t nl = text.find('\n', pos);
    const std::string_view line = text.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
    ++line_no;
    if (line.find_first_not_of(" \t\r") != std::string_view::npos) {
      nlohmann::json f = nlohmann::json::parse(line, nullptr, false);
      if (f.is_discarded()) throw_config_error(origin, line_no, "baseline line is not valid JSON");
      take(f, line_no);
    }
    if (nl == std::string_view::npos) break;
    pos = nl + 1;
  }
}

void Baseline::add_ignore_file(const std::filesystem::path& path) { add_ignore_text(read_config_file(path), path.string()); }

void Baseline::add_ignore_text(std::string_view text, const std::string& origin) {
  long line_no = 0;
  std::size_t pos = 0;
  while (pos < text.size()) {
    const std::size_t nl = text.find('\n', pos);
    std::string_view line = text.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
    pos = nl == std::string_view::npos ? text.size() : nl + 1;
    ++line_no;
    if (const auto hash = line.find('#'); hash != std::string_view::npos) line = line.substr(0, hash);
    const auto b = line.find_first_not_of(" \t\r");
    if (b == std::string_view::npos) continue;
    const auto e = line.find_last_not_of(" \t\r");
    const std::string_view token = line.substr(b, e - b + 1);
    if (!is_fingerprint(token))
      throw_config_error(origin, line_no, "expected a finding fingerprint (lower-case hex), got something else");
    fingerprints_.insert(std::string(token));
  }
}

bool Baseline::contains(std::string_view fingerprint) const { return fingerprints_.count(std::string(fingerprint)) > 0; }

std::size_t Baseline::filter(std::vector<Finding>& findings) const {
  if (fingerprints_.empty()) return 0;
  const auto before = findings.size();
  std::erase_if(findings, [&](const Finding& f) { return contains(f.fingerprint); });
  return before - findings.size();
}

BaselineChanges Baseline::changes(const std::vector<Finding>& current) const {
  BaselineChanges out;
  std::unordered_set<std::string_view> present;
  for (const auto& f : current) {
    present.insert(f.fingerprint);
    if (contains(f.fingerprint)) ++out.kept;
    else out.added.push_back({f.fingerprint, f.rule_id, f.path, f.line});
  }
  for (const auto& entry : report_entries_)
    if (!present.count(entry.fingerprint)) out.removed.push_back(entry);
  return out;
}

}  // namespace hush::scanner
