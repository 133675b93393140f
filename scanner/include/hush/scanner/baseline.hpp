#pragma once
// Known findings to suppress: fingerprints from an earlier JSON/JSONL report (--baseline) and
// from .hushignore files (one fingerprint per line, '#' starts a comment). For users coming from
// gitleaks, its JSON reports and .gitleaksignore files work too: their entries name a place
// (commit, file, line) and a gitleaks rule id, so they suppress hush's findings at that place,
// whatever hush's rule is called.
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "hush/scanner/finding.hpp"

namespace hush::scanner {

// One finding as a baseline lists it, enough to name it in a log line.
struct BaselineEntry {
  std::string fingerprint;
  std::string rule_id;
  std::string path;
  std::uint64_t line = 0;
};

// How the current findings differ from a baseline being rewritten.
struct BaselineChanges {
  std::size_t kept = 0;                // current findings the baseline lists
  std::vector<BaselineEntry> added;    // current findings it does not list
  std::vector<BaselineEntry> removed;  // its entries that no current finding has the fingerprint of
};

class Baseline {
 public:
  // Accepts hush's JSON report, a JSON array of findings, or JSON Lines. Config error on
  // anything else, naming the file (and line for JSONL).
  void add_report(const std::filesystem::path& path);
  void add_report_text(std::string_view text, const std::string& origin);
  void add_ignore_file(const std::filesystem::path& path);
  void add_ignore_text(std::string_view text, const std::string& origin);
  // .gitleaksignore: one gitleaks fingerprint a line, `[COMMIT:]FILE:RULE-ID:LINE`.
  void add_gitleaks_ignore_file(const std::filesystem::path& path);
  void add_gitleaks_ignore_text(std::string_view text, const std::string& origin);

  [[nodiscard]] bool contains(std::string_view fingerprint) const;
  // Whether an entry from a gitleaks report or ignore file names this finding's place.
  [[nodiscard]] bool contains_place_of(const Finding& finding) const;
  [[nodiscard]] std::size_t size() const noexcept { return fingerprints_.size() + places_.size(); }

  // Removes known findings; returns how many were removed.
  std::size_t filter(std::vector<Finding>& findings) const;
  // --list-suppressed: marks known findings not already suppressed with `why` instead; returns how
  // many it marked.
  std::size_t mark(std::vector<Finding>& findings, const std::string& why) const;

  // For updating a baseline in place: what stays, what is new, what is gone. Entries from ignore
  // files are never "removed": those files are not rewritten.
  [[nodiscard]] BaselineChanges changes(const std::vector<Finding>& current) const;

 private:
  void add_place(std::string_view commit, std::string_view path, std::uint64_t line);

  std::unordered_set<std::string> fingerprints_;
  std::unordered_set<std::string> places_;  // "COMMIT\nPATH\nLINE", COMMIT empty when not named
  std::vector<BaselineEntry> report_entries_;
};

}  // namespace hush::scanner
