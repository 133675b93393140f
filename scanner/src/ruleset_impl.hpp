#pragma once
// Private layout of a compiled RuleSet, shared by the matcher and the finding pipeline.
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "hs_handle.hpp"
#include "hush/scanner/ruleset.hpp"
#include "hush/scanner/validators.hpp"
#include "pcre2_handle.hpp"

namespace hush::scanner {

struct CompiledRule {
  Pcre2Code code;
  // JIT compilation is deferred to a rule's first candidate: most rules never fire on a given
  // input, and compiling them all would dominate a pre-commit run's start-up.
  std::unique_ptr<std::once_flag> jit_once = std::make_unique<std::once_flag>();
  std::size_t window = 0;  // bytes before a candidate's end that PCRE2 looks at
  const ValidatorInfo* validator = nullptr;
  std::vector<Pcre2Regex> allow_paths;
  std::vector<Pcre2Regex> allow_regexes;
  std::vector<std::string> stopwords;  // lower-cased

  void ensure_jit() const;
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
