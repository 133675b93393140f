#pragma once
// Known findings to suppress: fingerprints from an earlier JSON/JSONL report (--baseline) and
// from .hushignore files (one fingerprint per line, '#' starts a comment).
#include <filesystem>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "hush/scanner/finding.hpp"

namespace hush::scanner {

class Baseline {
 public:
  // Accepts hush's JSON report, a JSON array of findings, or JSON Lines. Config error on
  // anything else, naming the file (and line for JSONL).
  void add_report(const std::filesystem::path& path);
  void add_report_text(std::string_view text, const std::string& origin);
  void add_ignore_file(const std::filesystem::path& path);
  void add_ignore_text(std::string_view text, const std::string& origin);

  [[nodiscard]] bool contains(std::string_view fingerprint) const;
  [[nodiscard]] std::size_t size() const noexcept { return fingerprints_.size(); }

  // Removes known findings; returns how many were removed.
  std::size_t filter(std::vector<Finding>& findings) const;

 private:
  std::unordered_set<std::string> fingerprints_;
};

}  // namespace hush::scanner
