#include "hush/scanner/rule_tests.hpp"

#include <algorithm>
#include <optional>

#include "hush/scanner/matcher.hpp"
#include "hush/scanner/ruleset.hpp"
#include "hush/scanner/scanner.hpp"

namespace hush::scanner {
namespace {

// The confidence the rule's finding in `text` gets, nullopt when there is none. The path says
// nothing about the content (no test folder, no file type), so the text alone decides.
std::optional<Confidence> rule_fires(const Scanner& scanner, Matcher& matcher, const std::string& rule_id,
                                     const std::string& text) {
  std::vector<Finding> findings;
  ScanCounters counters;
  ScanTarget target;
  target.bytes = text;
  target.path = "input";
  scanner.scan(target, matcher, findings, counters);
  std::optional<Confidence> best;
  for (const Finding& f : findings)
    if (f.rule_id == rule_id && (!best || f.confidence > *best)) best = f.confidence;
  return best;
}

}  // namespace

RuleTestReport test_rules(const RuleSet& rules) {
  // An example tests its rule's pattern: decoding is a layer of its own, tested on its own.
  const Scanner scanner(rules, Allowlist{}, DecodeOptions{0});
  Matcher matcher(rules);
  RuleTestReport report;
  for (const Rule& rule : rules.rules()) {
    ++report.rules;
    const std::string where = rule.source_file + ":" + std::to_string(rule.source_line);
    if (rule.examples.empty() || rule.negative_examples.empty()) report.missing_examples.push_back(rule.id);
    for (std::size_t i = 0; i < rule.examples.size(); ++i) {
      ++report.examples;
      const auto found = rule_fires(scanner, matcher, rule.id, rule.examples[i]);
      if (!found) report.failures.push_back({rule.id, where, "example #" + std::to_string(i + 1) + " is not detected"});
      else if (*found < default_min_confidence)
        report.failures.push_back({rule.id, where,
                                   "example #" + std::to_string(i + 1) + " is detected at " + confidence_name(*found) +
                                       " confidence only, below the default cut"});
    }
    for (std::size_t i = 0; i < rule.low_examples.size(); ++i) {
      ++report.examples;
      const auto found = rule_fires(scanner, matcher, rule.id, rule.low_examples[i]);
      if (!found)
        report.failures.push_back({rule.id, where, "low example #" + std::to_string(i + 1) + " is not detected"});
      else if (*found != Confidence::low)
        report.failures.push_back({rule.id, where,
                                   "low example #" + std::to_string(i + 1) + " is detected at " +
                                       confidence_name(*found) + " confidence, not low"});
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
