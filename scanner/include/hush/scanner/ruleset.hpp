#pragma once
// A validated, compiled set of rules: one Hyperscan block-mode database over every rule plus each
// rule's PCRE2 program (and, for history scans, the rules split over two more databases, built
// on first use). Shared by all scanning threads.
#include <cstddef>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "hush/scanner/rule.hpp"

namespace hush {
class Logger;
}

namespace hush::scanner {

struct RuleSetOptions {
  // Where compiled databases are cached; nullopt disables the cache.
  std::optional<std::filesystem::path> cache_dir;
};

// $HUSH_CACHE_DIR, else $XDG_CACHE_HOME/hush, else ~/.cache/hush; nullopt when none is usable.
[[nodiscard]] std::optional<std::filesystem::path> default_cache_dir();

// How a rule set divides for history scans (see Matcher::find_recording).
struct HistorySplit {
  std::size_t local_rules = 0;           // candidates depend only on nearby bytes
  std::size_t global_rules = 0;          // scanned whole in every blob
  std::size_t max_width = 0;             // bytes, over local rules of bounded width
  std::optional<unsigned> max_newlines;  // over the other local rules
};

class RuleSet {
 public:
  // Validates every rule (regex accepted by PCRE2 and Hyperscan, secret_group in range, known
  // validator, allowlist regexes) and throws hush::Error(config) naming file:line on the first
  // problem. Loads the Hyperscan database from the cache when possible; a cache entry exists
  // only for rules that passed that validation, so with one PCRE2 compiles each rule's regexes
  // on its first candidate instead of all of them up front.
  static RuleSet build(std::vector<Rule> rules, const RuleSetOptions& options, Logger& log);

  RuleSet(RuleSet&&) noexcept;
  RuleSet& operator=(RuleSet&&) noexcept;
  ~RuleSet();

  [[nodiscard]] const std::vector<Rule>& rules() const noexcept;
  // Moves the rules out for a report once scanning is over; the set must not scan afterwards.
  [[nodiscard]] std::vector<Rule> take_rules() && noexcept;
  [[nodiscard]] const std::string& hash() const noexcept;  // identifies the rules' content
  [[nodiscard]] bool from_cache() const noexcept;
  // Builds (once; compiled, or loaded from the cache) the two databases Matcher::find_recording
  // needs. Thread-safe.
  HistorySplit prepare_history_split(Logger& log) const;

  struct Impl;
  [[nodiscard]] const Impl& impl() const noexcept { return *impl_; }

 private:
  explicit RuleSet(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace hush::scanner
