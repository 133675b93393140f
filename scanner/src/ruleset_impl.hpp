#pragma once
// Private layout of a compiled RuleSet, shared by the matcher and the finding pipeline.
#include <atomic>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "hush/common/hyperscan_handles.hpp"
#include "hush/scanner/ruleset.hpp"
#include "hush/scanner/validators.hpp"
#include "pcre2_handle.hpp"

namespace hush {
class Logger;
}

namespace hush::scanner {

struct CompiledRule {
  CompiledRule(Pcre2Regex regex_, std::uint32_t captures_) : regex(std::move(regex_)), captures(captures_) {}

  Pcre2Regex regex;            // compiled on the rule's first candidate
  std::uint32_t captures = 0;  // capture groups in `regex`
  std::size_t window = 0;      // bytes before a candidate's end that PCRE2 looks at
  const ValidatorInfo* validator = nullptr;
  std::vector<Pcre2Regex> allow_paths;
  std::vector<Pcre2Regex> allow_regexes;
  std::vector<std::string> stopwords;  // lower-cased
};

// The rule set as two Hyperscan databases, for history scans (Matcher::find_recording). `local`
// holds the rules whose candidates depend only on nearby bytes: Hyperscan bounds the width of
// their expression, or the expression cannot span more than a few newlines. `global` holds the
// others. Either may be null when it would have no rule. Ids are rule indexes.
struct SplitDatabases {
  HsDatabase local;
  HsDatabase global;
  std::size_t max_width = 0;             // bytes, over the local rules Hyperscan bounds
  std::optional<unsigned> max_newlines;  // over the other local rules; nullopt when there are none
  std::size_t local_rules = 0;
};

struct RuleSet::Impl {
  std::vector<Rule> rules;
  std::vector<CompiledRule> compiled;
  HsDatabase database;
  std::string hash;
  bool from_cache = false;
  std::optional<std::filesystem::path> cache_dir;

  // Built on first use (compiled, or loaded from the cache) and immutable afterwards.
  const SplitDatabases& split_databases(Logger& log) const;
  // Null until split_databases has been called.
  [[nodiscard]] const SplitDatabases* split_if_built() const noexcept { return split_ready_ ? &*split_ : nullptr; }

 private:
  mutable std::once_flag split_once_;
  mutable std::optional<SplitDatabases> split_;
  mutable std::atomic<bool> split_ready_{false};
};

// Window used when Hyperscan cannot bound a rule's width (unbounded repeats, prefilter mode).
inline constexpr std::size_t unbounded_window = 16 * 1024;
// Bytes after a candidate's end that PCRE2 may read, so a greedy tail is not cut short.
inline constexpr std::size_t lookahead_slack = 256;

}  // namespace hush::scanner
