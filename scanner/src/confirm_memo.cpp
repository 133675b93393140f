#include "confirm_memo.hpp"

#include <cstring>

namespace hush::scanner {
namespace {

// Slots start few, so a small scan allocates little, and grow while the scan keeps remembering:
// a history's next version meets its base's stretches again only if they are still held.
constexpr std::size_t first_slots = 1024;  // powers of two
constexpr std::size_t most_slots = 32768;

// Any decent mix will do: a hit is confirmed byte by byte, the hash only picks the slot.
std::uint64_t mix(std::uint64_t h, std::uint64_t v) noexcept {
  h ^= v;
  h *= 0x9E3779B97F4A7C15ull;
  return h ^ (h >> 29);
}

}  // namespace

ConfirmMemo::ConfirmMemo() = default;

std::uint64_t ConfirmMemo::hash_of(std::uint32_t rule, std::string_view context, std::size_t lead) noexcept {
  std::uint64_t h = mix(mix(0x243F6A8885A308D3ull, rule), (std::uint64_t{lead} << 32) ^ context.size());
  const char* p = context.data();
  std::size_t n = context.size();
  for (; n >= 8; p += 8, n -= 8) {
    std::uint64_t v;
    std::memcpy(&v, p, 8);
    h = mix(h, v);
  }
  std::uint64_t tail = 0;
  std::memcpy(&tail, p, n);
  return mix(h, tail);
}

const std::vector<ConfirmMemo::Found>* ConfirmMemo::find(std::uint32_t rule, std::string_view context,
                                                         std::size_t lead) const {
  if (context.size() > max_context || slots_.empty()) return nullptr;
  const std::uint64_t h = hash_of(rule, context, lead);
  const Slot& slot = slots_[h & (slots_.size() - 1)];
  if (!slot.used || slot.hash != h || slot.rule != rule || slot.lead != lead || slot.context != context) return nullptr;
  return &slot.found;
}

void ConfirmMemo::remember(std::uint32_t rule, std::string_view context, std::size_t lead,
                           const std::vector<Found>& found) {
  if (context.size() > max_context) return;
  if (slots_.empty() || (slots_.size() < most_slots && remembered_ > 2 * slots_.size())) {
    // Dropping what is held is simpler than moving it, and rare: a few times per scan at most.
    slots_.clear();
    slots_.resize(slots_.capacity() == 0 ? first_slots : std::min(most_slots, slots_.capacity() * 4));
    remembered_ = 0;
  }
  ++remembered_;
  const std::uint64_t h = hash_of(rule, context, lead);
  Slot& slot = slots_[h & (slots_.size() - 1)];
  slot.used = true;
  slot.rule = rule;
  slot.hash = h;
  slot.lead = lead;
  slot.context.assign(context);
  slot.found = found;
}

}  // namespace hush::scanner
