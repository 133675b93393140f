// SARIF 2.1.0 as GitHub code scanning ingests it: rules with security-severity, one result per
// finding with a content fingerprint so alerts follow a secret across line moves.
#include <algorithm>
#include <cctype>
#include <ostream>
#include <unordered_map>

#include "hush/common/codec.hpp"
#include "reporters/finding_json.hpp"

namespace hush::scanner::detail {
namespace {

using nlohmann::ordered_json;

constexpr const char* sarif_schema = "https://json.schemastore.org/sarif-2.1.0.json";
constexpr const char* information_uri = "https://github.com/hush-scanner/hush";

// How SARIF and GitHub code scanning see a severity: the result's level, and the CVSS-like score
// GitHub ranks alerts by, in the bands of its critical/high/medium/low cut-offs.
struct SarifSeverity {
  Severity severity;
  const char* level;
  const char* score;
};

constexpr SarifSeverity sarif_severities[] = {{Severity::critical, "error", "9.0"},
                                              {Severity::high, "error", "7.5"},
                                              {Severity::medium, "warning", "5.0"},
                                              {Severity::low, "note", "3.0"},
                                              {Severity::info, "note", "1.0"}};

const SarifSeverity& sarif_severity(Severity s) noexcept {
  for (const auto& entry : sarif_severities)
    if (entry.severity == s) return entry;
  return sarif_severities[2];  // medium
}

// SARIF's semanticVersion must be SemVer; a free-form build string goes only into `version`.
bool looks_semver(std::string_view v) noexcept {
  int dots = 0;
  bool digit_seen = false;
  std::size_t i = 0;
  for (; i < v.size() && (std::isdigit(static_cast<unsigned char>(v[i])) || v[i] == '.'); ++i) {
    if (v[i] == '.') {
      if (!digit_seen) return false;
      ++dots;
      digit_seen = false;
    } else {
      digit_seen = true;
    }
  }
  if (dots != 2 || !digit_seen) return false;
  if (i == v.size()) return true;
  if (v[i] != '-' && v[i] != '+') return false;
  for (++i; i < v.size(); ++i) {
    const char c = v[i];
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '-' && c != '+') return false;
  }
  return true;
}

// Relative URI reference for a scanned path: '/' separators, and everything outside RFC 3986's
// unreserved set percent-encoded, so spaces, '#', '?', ':' and non-UTF-8 bytes cannot change how
// the reference parses. '!' (a sub-delimiter, legal in a path segment) stays as it is: it joins an
// archive and its member, and SARIF shows the same path as every other report.
std::string path_to_uri(std::string_view path) {
  std::string slashes(path);
  std::replace(slashes.begin(), slashes.end(), '\\', '/');
  return percent_encode(slashes, "/!");
}

// GitHub code scanning's precision of a rule: how often its alerts are true.
const char* sarif_precision(Confidence c, bool validated) noexcept {
  return validated ? "very-high" : confidence_name(c);
}

// SARIF's result rank (0 to 100, higher first): how sure the scanner is of this result.
double sarif_rank(Confidence c) noexcept {
  switch (c) {
    case Confidence::high:
      return 90.0;
    case Confidence::medium:
      return 60.0;
    case Confidence::low:
      return 30.0;
  }
  return 90.0;
}

struct DriverRule {
  std::string id;
  std::string name;
  std::string description;
  Severity severity = Severity::medium;
  const char* precision = "high";
};

ordered_json rule_to_sarif(const DriverRule& r) {
  const std::string& title = r.name.empty() ? r.id : r.name;
  const std::string help = title +
                           " detected. Treat the secret as compromised: revoke or rotate it, then remove it from the "
                           "file and from version-control history.";
  ordered_json j = ordered_json::object();
  j["id"] = r.id;
  j["name"] = r.id;
  j["shortDescription"] = {{"text", title}};
  j["fullDescription"] = {{"text", r.description.empty() ? title : r.description}};
  j["help"] = {{"text", help}};
  j["defaultConfiguration"] = {{"level", sarif_severity(r.severity).level}};
  j["properties"] = {{"tags", {"security", "secret"}},
                     {"security-severity", sarif_severity(r.severity).score},
                     {"precision", r.precision}};
  return j;
}

// driver.rules in the order given, plus any rule a finding names that the list lacks, so every
// result's ruleIndex stays valid.
class RuleTable {
 public:
  explicit RuleTable(const Rules& rules) {
    for (const Rule& r : rules)
      add({r.id, r.name, r.description, r.severity, sarif_precision(r.confidence, !r.validator.empty())});
  }

  std::size_t index_for(const Finding& f) {
    if (const auto it = index_.find(f.rule_id); it != index_.end()) return it->second;
    return add({f.rule_id, f.rule_name, {}, f.severity, sarif_precision(f.confidence, !f.validation.empty())});
  }

  [[nodiscard]] ordered_json to_sarif() const {
    ordered_json list = ordered_json::array();
    for (const DriverRule& r : rules_) list.push_back(rule_to_sarif(r));
    return list;
  }

 private:
  std::size_t add(DriverRule rule) {
    // A duplicated id would make ruleIndex ambiguous; the first definition wins.
    const auto [it, inserted] = index_.emplace(rule.id, rules_.size());
    if (inserted) rules_.push_back(std::move(rule));
    return it->second;
  }

  std::vector<DriverRule> rules_;
  std::unordered_map<std::string, std::size_t> index_;
};

ordered_json location_to_sarif(const Finding& f) {
  // SARIF positions are 1-based and endColumn is exclusive, as ours are; clamp only guards against
  // a zero that would make the whole log invalid.
  const auto at_least_one = [](std::uint64_t v) { return v == 0 ? std::uint64_t{1} : v; };
  const std::uint64_t start_line = at_least_one(f.line);
  // Columns in UTF-16 code units (run.columnKind), where the scanner could count them.
  const std::uint64_t start_column = at_least_one(f.column_utf16 != 0 ? f.column_utf16 : f.column);
  const std::uint64_t end_line = f.end_line < start_line ? start_line : f.end_line;
  const std::uint64_t given_end = f.end_column_utf16 != 0 ? f.end_column_utf16 : f.end_column;
  const std::uint64_t end_column =
      end_line == start_line && given_end < start_column ? start_column : at_least_one(given_end);
  ordered_json region = {
      {"startLine", start_line}, {"startColumn", start_column}, {"endLine", end_line}, {"endColumn", end_column}};
  ordered_json physical = ordered_json::object();
  // Relative paths resolve against %SRCROOT% (run.originalUriBaseIds), as code scanning expects.
  if (f.path.starts_with('/')) physical["artifactLocation"] = {{"uri", "file://" + path_to_uri(f.path)}};
  else physical["artifactLocation"] = {{"uri", path_to_uri(f.path)}, {"uriBaseId", "%SRCROOT%"}};
  physical["region"] = std::move(region);
  return {{"physicalLocation", std::move(physical)}};
}

ordered_json result_to_sarif(const Finding& f, std::size_t rule_index) {
  const std::string& title = f.rule_name.empty() ? f.rule_id : f.rule_name;
  ordered_json j = ordered_json::object();
  j["ruleId"] = f.rule_id;
  j["ruleIndex"] = rule_index;
  // A credential its provider accepts is an incident whatever the rule's severity.
  j["level"] = f.validation == "live" ? "error" : sarif_severity(f.severity).level;
  j["rank"] = sarif_rank(f.confidence);
  // Code-scanning alerts are visible to everyone with read access: never the secret, even with reveal.
  // A code-scanning alert shows the message and the location in today's tree: for history
  // findings the commit that added the secret is what a reader needs to find it.
  std::string message = title + " found: " + f.redacted;
  if (!f.decoded.empty()) message += " (decoded from " + decoding_note(f) + ")";
  if (f.git && !f.git->commit.empty()) message += " (added in commit " + f.git->commit.substr(0, 12) + ")";
  j["message"] = {{"text", message}};
  j["locations"] = ordered_json::array({location_to_sarif(f)});
  j["partialFingerprints"] = {{"hush/v1", f.fingerprint}};
  // SARIF's own record of a suppression: in the source (a marker) or outside it (config, ignore files).
  if (!f.suppressed_by.empty())
    j["suppressions"] = ordered_json::array(
        {{{"kind", f.suppressed_by == "inline marker" ? "inSource" : "external"}, {"justification", f.suppressed_by}}});
  j["properties"] = {{"confidence", confidence_name(f.confidence)}};
  if (!f.repository.empty()) j["properties"]["repository"] = f.repository;
  if (!f.decoded.empty()) j["properties"]["decoded"] = f.decoded;
  // A provider's verdict (--verify); a checksum's is already in the rule's precision.
  const bool verdict =
      f.validation == "live" || f.validation == "invalid" || f.validation == "unknown" || f.validation == "error";
  if (verdict) j["properties"]["validation"] = f.validation;
  if (!f.validation_detail.empty()) j["properties"]["validationDetail"] = validation_detail_text(f);
  if (f.git) {
    auto& properties = j["properties"];
    properties["commit"] = f.git->commit;
    properties["author"] = f.git->author;
    properties["email"] = f.git->email;
    properties["date"] = f.git->date;
    if (!f.git->ref.empty()) j["properties"]["ref"] = f.git->ref;
  }
  return j;
}

ordered_json driver_to_sarif(const RuleTable& table, const std::string& version, const std::string& uri) {
  ordered_json driver = ordered_json::object();
  driver["name"] = "hush";
  driver["informationUri"] = uri.empty() ? std::string(information_uri) : uri;
  if (!version.empty()) {
    if (looks_semver(version)) driver["semanticVersion"] = version;
    driver["version"] = version;
  }
  driver["rules"] = table.to_sarif();
  return driver;
}

}  // namespace

void write_sarif(const Findings& findings, const Rules& rules, const ReportSummary& summary,
                 const ReportOptions& options, std::ostream& out) {
  RuleTable table(rules);
  ordered_json results = ordered_json::array();
  for (const Finding& f : findings) {
    const std::size_t index = table.index_for(f);
    results.push_back(result_to_sarif(f, index));
  }
  ordered_json run = ordered_json::object();
  run["tool"] = {{"driver", driver_to_sarif(table, options.tool_version, options.information_uri)}};
  run["columnKind"] = "utf16CodeUnits";
  if (!summary.source_root.empty())
    run["originalUriBaseIds"] = {{"%SRCROOT%", {{"uri", "file://" + path_to_uri(summary.source_root)}}}};
  // Each repository a multi-repository scan read, at the commit its HEAD named.
  if (!summary.repositories.empty()) {
    ordered_json provenance = ordered_json::array();
    for (const auto& r : summary.repositories) {
      if (!r.error.empty()) continue;  // named in toolExecutionNotifications instead
      ordered_json entry = {{"repositoryUri", r.uri}};
      if (!r.revision.empty()) entry["revisionId"] = r.revision;
      provenance.push_back(std::move(entry));
    }
    if (!provenance.empty()) run["versionControlProvenance"] = std::move(provenance);
  }
  run["results"] = std::move(results);
  // What could not be scanned is part of the result: a code-scanning upload must not read as a
  // complete scan when it was not one.
  ordered_json invocation = ordered_json::object();
  invocation["executionSuccessful"] = !summary.counters.incomplete();
  ordered_json notes = ordered_json::array();
  for (const auto& gap : summary.counters.gaps) {
    std::string text = "not scanned: " + std::to_string(gap.count) + " " + gap.what;
    if (!gap.fix.empty()) text += ". Fix: " + gap.fix;
    notes.push_back({{"level", gap.damaged ? "error" : "warning"}, {"message", {{"text", text}}}});
  }
  for (const auto& r : summary.repositories)
    if (!r.error.empty())
      notes.push_back(
          {{"level", "error"}, {"message", {{"text", "repository not scanned: " + r.uri + ": " + r.error}}}});
  if (summary.counters.unreadable != 0)
    notes.push_back(
        {{"level", "error"},
         {"message", {{"text", std::to_string(summary.counters.unreadable) + " unreadable input(s) not scanned"}}}});
  if (!notes.empty()) invocation["toolExecutionNotifications"] = std::move(notes);
  run["invocations"] = ordered_json::array({std::move(invocation)});
  ordered_json log = ordered_json::object();
  log["$schema"] = sarif_schema;
  log["version"] = "2.1.0";
  log["runs"] = ordered_json::array({std::move(run)});
  out << dump_json(log, 2) << '\n';
}

}  // namespace hush::scanner::detail
