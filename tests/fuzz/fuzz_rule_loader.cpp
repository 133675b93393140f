// Fuzzes the rule-file and configuration parsers (untrusted TOML from a scanned repository's
// .hush.toml or a --rules path). hush::Error is the documented failure; any other exception, a
// crash or a sanitizer report is a bug. Parsed rules are also compiled (no cache) so rule
// validation (PCRE2 and Hyperscan) sees the same input, and so does the reading of how many lines
// a pattern can span (history scans).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "hush/common/error.hpp"
#include "hush/common/log.hpp"
#include "hush/scanner/config.hpp"
#include "hush/scanner/ruleset.hpp"
#include "hush/scanner/scanner.hpp"
#include "regex_newlines.hpp"

namespace {

using namespace hush::scanner;

void try_build(std::vector<Rule> rules, const Allowlist& global) {
  for (const Rule& rule : rules) {
    (void)max_newlines(rule.regex);
    (void)max_newlines(rule.prefilter);
  }
  try {
    const RuleSet set = RuleSet::build(std::move(rules), RuleSetOptions{}, hush::Logger::null());
    const Scanner scanner(set, global);
    (void)scanner.path_allowlisted("src/a.txt");
  } catch (const hush::Error&) {}
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    std::vector<Rule> rules = parse_rules(text, "fuzz-rules.toml", "fuzz");
    try_build(std::move(rules), Allowlist{});
  } catch (const hush::Error&) {}
  try {
    const Config config = parse_config(text, "fuzz-config.toml");
    std::vector<Rule> assembled;
    try {
      assembled = assemble_rules({}, config, {});
    } catch (const hush::Error&) {
      return 0;
    }
    if (!assembled.empty()) try_build(std::move(assembled), config.allow);
  } catch (const hush::Error&) {}
  return 0;
}
