#pragma once
// A secret signature as written in a rule file (format: README, "Rules").
#include <optional>
#include <string>
#include <vector>

namespace hush::scanner {

enum class Severity { info, low, medium, high, critical };

[[nodiscard]] const char* severity_name(Severity s) noexcept;
[[nodiscard]] std::optional<Severity> parse_severity(std::string_view text) noexcept;

// Allowlist entries: a finding is dropped when its path matches one of `paths`, its secret matches
// one of `regexes`, or its secret contains one of `stopwords` (case-insensitive).
struct Allowlist {
  std::vector<std::string> paths;
  std::vector<std::string> regexes;
  std::vector<std::string> stopwords;

  [[nodiscard]] bool empty() const noexcept { return paths.empty() && regexes.empty() && stopwords.empty(); }
};

struct Rule {
  std::string id;
  std::string name;
  std::string regex;
  unsigned secret_group = 0;  // 0 = the whole match
  std::vector<std::string> keywords;
  std::optional<double> entropy;  // minimum Shannon entropy, bits per byte
  std::string validator;          // empty = none
  Severity severity = Severity::medium;
  std::string family;             // provider family, defaults to the rule file's stem
  std::string description;
  std::vector<std::string> examples;
  std::vector<std::string> negative_examples;
  Allowlist allow;

  // Where the rule came from, for error messages.
  std::string source_file;
  long source_line = 0;
};

}  // namespace hush::scanner
