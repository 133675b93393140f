#pragma once
// Private layout of a compiled RuleSet, shared by the matcher and the finding pipeline.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "hs_handle.hpp"
#include "hush/scanner/ruleset.hpp"
#include "hush/scanner/validators.hpp"
#include "pcre2_handle.hpp"

namespace hush::scanner {

struct CompiledRule {
  CompiledRule(Pcre2Regex regex_, std::uint32_t captures_) : regex(std::move(regex_)), captures(captures_) {}

  Pcre2Regex regex;             // compiled on the rule's first candidate
  std::uint32_t captures = 0;   // capture groups in `regex`
  std::size_t window = 0;       // bytes before a candidate's end that PCRE2 looks at
  const ValidatorInfo* validator = nullptr;
  std::vector<Pcre2Regex> allow_paths;
  std::vector<Pcre2Regex> allow_regexes;
  std::vector<std::string> stopwords;  // lower-cased
};

struct RuleSet::Impl {
  std::vector<Rule> rules;
  std::vector<CompiledRule> compiled;
  HsDatabase database;
  std::string hash;
  bool from_cache = false;
};

// Window used when Hyperscan cannot bound a rule's width (unbounded repeats, prefilter mode).
inline constexpr std::size_t unbounded_window = 16 * 1024;
// Bytes after a candidate's end that PCRE2 may read, so a greedy tail is not cut short.
inline constexpr std::size_t lookahead_slack = 256;

}  // namespace hush::scanner
