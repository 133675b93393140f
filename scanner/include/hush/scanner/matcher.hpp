#pragma once
// Per-thread matcher: Hyperscan finds candidate end offsets for all rules in one pass, then each
// candidate is confirmed by its rule's PCRE2 regex over a bounded window that yields the secret.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

namespace hush::scanner {

class RuleSet;

struct Match {
  std::uint32_t rule_index;
  std::size_t match_start, match_end;    // whole regex match
  std::size_t secret_start, secret_end;  // secret capture group
};

class Matcher {
 public:
  explicit Matcher(const RuleSet& rules);
  Matcher(Matcher&&) noexcept;
  Matcher& operator=(Matcher&&) noexcept;
  ~Matcher();

  // Confirmed matches in `bytes`, ordered by (secret_start, secret_end, rule); valid until the next call.
  // Overlapping matches of one rule are reported once. Works on any bytes: no encoding is assumed.
  const std::vector<Match>& find(std::string_view bytes);

  // Candidates Hyperscan reported and PCRE2 did not confirm, for diagnostics and benchmarks.
  [[nodiscard]] std::uint64_t rejected_candidates() const noexcept;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace hush::scanner
