#include "hush/scanner/rule_tests.hpp"

#include <algorithm>

#include "hush/scanner/matcher.hpp"
#include "hush/scanner/ruleset.hpp"
#include "hush/scanner/scanner.hpp"

namespace hush::scanner {
namespace {

bool rule_fires(const Scanner& scanner, Matcher& matcher, const std::string& rule_id, const std::string& text) {
  std::vector<Finding> findings;
  ScanCounters counters;
  ScanTarget target;
  target.bytes = text;
  target.path = "example.txt";
  scanner.scan(target, matcher, findings, counters);
  return std::any_of(findings.begin(), findings.end(), [&](const Finding& f) { return f.rule_id == rule_id; });
}

}  // namespace

RuleTestReport test_rules(const RuleSet& rules) {
  const Scanner scanner(rules, Allowlist{});
  Matcher matcher(rules);
  RuleTestReport report;
  for (const Rule& rule : rules.rules()) {
    ++report.rules;
    const std::string where = rule.source_file + ":" + std::to_string(rule.source_line);
    if (rule.examples.empty() || rule.negative_examples.empty()) report.missing_examples.push_back(rule.id);
    for (std::size_t i = 0; i < rule.examples.size(); ++i) {
      ++report.examples;
      if (!rule_fires(scanner, matcher, rule.id, rule.examples[i]))
        report.failures.push_back({rule.id, where, "example #" + std::to_string(i + 1) + " is not detected"});
    }
    for (std::size_t i = 0; i < rule.negative_examples.size(); ++i) {
      ++report.negative_examples;
      if (rule_fires(scanner, matcher, rule.id, rule.negative_examples[i]))
        report.failures.push_back({rule.id, where, "negative example #" + std::to_string(i + 1) + " is reported"});
    }
  }
  return report;
}

}  // namespace hush::scanner
