#include "hush/scanner/baseline.hpp"

#include <algorithm>
#include <charconv>
#include <nlohmann/json.hpp>

#include "hush/common/error.hpp"
#include "hush/common/file.hpp"
#include "hush/common/text.hpp"

namespace hush::scanner {
namespace {

bool is_fingerprint(std::string_view s) {
  return s.size() >= 16 && s.size() <= 128 &&
         std::all_of(s.begin(), s.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

bool is_object_id(std::string_view s) {
  return (s.size() == 40 || s.size() == 64) &&
         std::all_of(s.begin(), s.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

std::string place_key(std::string_view commit, std::string_view path, std::uint64_t line) {
  std::string key(commit);
  key += '\n';
  key += path;
  key += '\n';
  key += std::to_string(line);
  return key;
}

// A gitleaks report entry ("RuleID", "File", "StartLine", "Commit", "Fingerprint"), as its JSON
// and JSON Lines reports write them.
bool is_gitleaks_entry(const nlohmann::json& finding) {
  return finding.is_object() && finding.contains("Fingerprint") && finding.contains("File") &&
         finding.contains("StartLine");
}

// Calls fn(line, number) for each line of `text` (1-based, without its '\n').
template <typename Fn>
void for_each_numbered_line(std::string_view text, Fn fn) {
  long number = 0;
  for (std::size_t pos = 0; pos < text.size();) {
    const std::size_t nl = text.find('\n', pos);
    const std::string_view line = text.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
    pos = nl == std::string_view::npos ? text.size() : nl + 1;
    fn(line, ++number);
  }
}

}  // namespace

void Baseline::add_report(const std::filesystem::path& path) { add_report_text(read_config_file(path), path.string()); }

void Baseline::add_report_text(std::string_view text, const std::string& origin) {
  auto take = [&](const nlohmann::json& finding, long line) {
    if (is_gitleaks_entry(finding)) {
      const auto& file = finding["File"];
      const auto& start = finding["StartLine"];
      const auto commit =
          finding.contains("Commit") && finding["Commit"].is_string() ? finding["Commit"].get<std::string>() : "";
      if (!file.is_string() || !start.is_number_unsigned())
        throw_config_error(origin, line,
                           "gitleaks baseline entry without a \"File\" string and a \"StartLine\" number");
      add_place(commit, file.get<std::string>(), start.get<std::uint64_t>());
      return;
    }
    if (!finding.is_object() || !finding.contains("fingerprint") || !finding["fingerprint"].is_string())
      throw_config_error(origin, line,
                         "baseline entry has no \"fingerprint\" string (a baseline is a report of hush scan -f json, "
                         "or of gitleaks --report-format json)");
    BaselineEntry entry;
    entry.fingerprint = finding["fingerprint"].get<std::string>();
    if (finding.contains("rule_id") && finding["rule_id"].is_string())
      entry.rule_id = finding["rule_id"].get<std::string>();
    if (finding.contains("path") && finding["path"].is_string()) entry.path = finding["path"].get<std::string>();
    if (finding.contains("line") && finding["line"].is_number_unsigned())
      entry.line = finding["line"].get<std::uint64_t>();
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
  for_each_numbered_line(text, [&](std::string_view line, long line_no) {
    if (line.find_first_not_of(" \t\r") == std::string_view::npos) return;
    nlohmann::json f = nlohmann::json::parse(line, nullptr, false);
    if (f.is_discarded()) throw_config_error(origin, line_no, "baseline line is not valid JSON");
    take(f, line_no);
  });
}

void Baseline::add_ignore_file(const std::filesystem::path& path) {
  add_ignore_text(read_config_file(path), path.string());
}

void Baseline::add_ignore_text(std::string_view text, const std::string& origin) {
  for_each_numbered_line(text, [&](std::string_view line, long line_no) {
    if (const auto hash = line.find('#'); hash != std::string_view::npos) line = line.substr(0, hash);
    const std::string_view token = trim(line);
    if (token.empty()) return;
    if (!is_fingerprint(token))
      throw_config_error(origin, line_no, "expected a finding fingerprint (lower-case hex), got something else");
    fingerprints_.insert(std::string(token));
  });
}

void Baseline::add_gitleaks_ignore_file(const std::filesystem::path& path) {
  add_gitleaks_ignore_text(read_config_file(path), path.string());
}

void Baseline::add_gitleaks_ignore_text(std::string_view text, const std::string& origin) {
  for_each_numbered_line(text, [&](std::string_view line, long line_no) {
    if (line.starts_with('#')) return;
    line = trim(line);
    if (line.empty()) return;
    // From the right, as a file name may hold ':' but a line number and a rule id do not.
    const auto last = line.rfind(':');
    const auto before_rule =
        last == std::string_view::npos || last == 0 ? std::string_view::npos : line.rfind(':', last - 1);
    std::uint64_t number = 0;
    const std::string_view digits = last == std::string_view::npos ? std::string_view() : line.substr(last + 1);
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), number);
    if (before_rule == std::string_view::npos || digits.empty() || ec != std::errc() ||
        end != digits.data() + digits.size())
      throw_config_error(origin, line_no, "expected a gitleaks fingerprint, [COMMIT:]FILE:RULE-ID:LINE");
    std::string_view rest = line.substr(0, before_rule);
    std::string_view commit;
    if (const auto colon = rest.find(':'); colon != std::string_view::npos && is_object_id(rest.substr(0, colon))) {
      commit = rest.substr(0, colon);
      rest = rest.substr(colon + 1);
    }
    add_place(commit, rest, number);
  });
}

void Baseline::add_place(std::string_view commit, std::string_view path, std::uint64_t line) {
  places_.insert(place_key(commit, path, line));
}

bool Baseline::contains(std::string_view fingerprint) const { return fingerprints_.contains(std::string(fingerprint)); }

bool Baseline::contains_place_of(const Finding& finding) const {
  if (places_.empty()) return false;
  if (places_.contains(place_key("", finding.path, finding.line))) return true;
  return finding.git && places_.contains(place_key(finding.git->commit, finding.path, finding.line));
}

std::size_t Baseline::filter(std::vector<Finding>& findings) const {
  if (fingerprints_.empty() && places_.empty()) return 0;
  const auto before = findings.size();
  std::erase_if(findings, [&](const Finding& f) { return contains(f.fingerprint) || contains_place_of(f); });
  return before - findings.size();
}

std::size_t Baseline::mark(std::vector<Finding>& findings, const std::string& why) const {
  std::size_t marked = 0;
  for (auto& f : findings) {
    if (!f.suppressed_by.empty() || !(contains(f.fingerprint) || contains_place_of(f))) continue;
    f.suppressed_by = why;
    ++marked;
  }
  return marked;
}

BaselineChanges Baseline::changes(const std::vector<Finding>& current) const {
  BaselineChanges out;
  std::unordered_set<std::string_view> present;
  for (const auto& f : current) {
    present.insert(f.fingerprint);
    if (contains(f.fingerprint) || contains_place_of(f)) ++out.kept;
    else out.added.push_back({f.fingerprint, f.rule_id, f.path, f.line});
  }
  for (const auto& entry : report_entries_)
    if (!present.contains(entry.fingerprint)) out.removed.push_back(entry);
  return out;
}

}  // namespace hush::scanner
