#pragma once
// Per-thread matcher: Hyperscan finds candidate end offsets for all rules in one pass, then each
// candidate is confirmed by its rule's PCRE2 regex over a bounded window that yields the secret.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string_view>
#include <vector>

#include "hush/common/copied_range.hpp"

namespace hush::scanner {

class RuleSet;

struct Match {
  std::uint32_t rule_index;
  std::size_t match_start, match_end;    // whole regex match
  std::size_t secret_start, secret_end;  // secret capture group
};

// Hyperscan's report that rule `rule` may match ending at byte offset `end`.
struct Candidate {
  std::uint32_t rule;
  std::uint64_t end;
};

using CopiedRange = hush::CopiedRange;

// How a buffer was built from an earlier buffer (a Git delta from its base), and what
// find_recording recorded for that earlier buffer.
struct DerivedFrom {
  std::span<const CopiedRange> copies;    // ascending and disjoint in target
  std::span<const Candidate> candidates;  // as recorded: ascending by end
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

  // The same matches as find(), for scans of many related buffers (Git history, where most blobs
  // are deltas of others). Needs the rule set's split databases (built by the caller with
  // RuleSet::prepare_history_split). Leaves in `recorded` the candidates of the rules whose
  // candidates depend only on nearby bytes, ascending by end. With `from`, such a candidate is
  // taken over from the earlier buffer where every byte it depends on was copied in one range,
  // and Hyperscan reads only the rest for those rules.
  const std::vector<Match>& find_recording(std::string_view bytes, const DerivedFrom* from,
                                           std::vector<Candidate>& recorded);

  // Candidates Hyperscan reported and PCRE2 did not confirm, for diagnostics and benchmarks.
  [[nodiscard]] std::uint64_t rejected_candidates() const noexcept;
  // Bytes of derived buffers whose candidates find_recording took over instead of scanning.
  [[nodiscard]] std::uint64_t taken_over_bytes() const noexcept;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace hush::scanner
