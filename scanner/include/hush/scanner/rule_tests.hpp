#pragma once
// `hush rules test`: every rule's examples must produce a finding of that rule through the full
// pipeline (matcher and filters), and none of its negative examples may.
#include <string>
#include <vector>

namespace hush::scanner {

class RuleSet;

struct RuleTestFailure {
  std::string rule_id;
  std::string where;    // file:line of the rule
  std::string problem;  // never contains the example text: examples may be real-looking secrets
};

struct RuleTestReport {
  std::size_t rules = 0;
  std::size_t examples = 0;
  std::size_t negative_examples = 0;
  std::vector<RuleTestFailure> failures;
  std::vector<std::string> missing_examples;  // rules with no example or no negative example
};

[[nodiscard]] RuleTestReport test_rules(const RuleSet& rules);

}  // namespace hush::scanner
