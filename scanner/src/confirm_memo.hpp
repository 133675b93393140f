#pragma once
// Remembers what a rule's PCRE2 confirmation found in a stretch of bytes, so meeting the same
// stretch again (the unchanged part of a file's next version in a history scan, a line repeated
// across files) costs a hash and a comparison instead of a regex search. Exact: a hit compares
// every byte the search could read. Per matcher, so per thread; each slot holds the latest
// stretch that hashed to it.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace hush::scanner {

class ConfirmMemo {
 public:
  // A confirmed match, in offsets from the search's start.
  struct Found {
    std::uint32_t match_start, match_end, secret_start, secret_end;
  };

  ConfirmMemo();

  // `context` is every byte the search could read, of which the first `lead` precede its start
  // (what lookbehind and \b may see). Null when this exact search is not remembered.
  [[nodiscard]] const std::vector<Found>* find(std::uint32_t rule, std::string_view context, std::size_t lead) const;
  void remember(std::uint32_t rule, std::string_view context, std::size_t lead, const std::vector<Found>& found);

  // Longer stretches are not remembered: they are rare (rules whose width has no bound) and would
  // make the slots large. With at most 32,768 slots, a memo holds at most 64 MiB of stretches.
  static constexpr std::size_t max_context = 2048;

 private:
  struct Slot {
    bool used = false;
    std::uint32_t rule = 0;
    std::uint64_t hash = 0;
    std::size_t lead = 0;
    std::string context;
    std::vector<Found> found;
  };

  [[nodiscard]] static std::uint64_t hash_of(std::uint32_t rule, std::string_view context, std::size_t lead) noexcept;

  std::vector<Slot> slots_;
  std::size_t remembered_ = 0;  // since the slots were last (re)made
};

}  // namespace hush::scanner
