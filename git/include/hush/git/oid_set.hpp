#pragma once
// Hash containers keyed by object id: ids are already uniformly random, so the first bytes are
// a good hash.
#include <git2.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <iterator>
#include <unordered_map>
#include <utility>
#include <vector>

namespace hush::git {

struct OidHash {
  std::size_t operator()(const git_oid& oid) const noexcept {
    std::size_t h;
    std::memcpy(&h, oid.id, sizeof h);
    return h;
  }
};
// Inline, not git_oid_equal: a history scan compares ids tens of millions of times, and a call
// into libgit2 cannot be inlined.
struct OidEqual {
  bool operator()(const git_oid& a, const git_oid& b) const noexcept {
    return std::memcmp(a.id, b.id, sizeof a.id) == 0;
  }
};

template <typename V>
using OidMap = std::unordered_map<git_oid, V, OidHash, OidEqual>;

// A set of object ids with open addressing: the ids sit in one array, so a lookup usually costs
// one cache line where a node-based set chases a pointer per probe. The history scan asks it
// whether an object is present for every entry of every tree. The all-zero id marks an empty
// slot; as a key (a valid one) it is kept aside.
class OidSet {
 public:
  class const_iterator {
   public:
    using iterator_category = std::forward_iterator_tag;
    using value_type = git_oid;
    using difference_type = std::ptrdiff_t;
    using pointer = const git_oid*;
    using reference = const git_oid&;

    // Positions: the slots, then one for the all-zero id.
    const_iterator(const OidSet* set, std::size_t position) noexcept : set_(set), position_(position) { skip_empty(); }
    reference operator*() const noexcept {
      return position_ < set_->slots_.size() ? set_->slots_[position_] : set_->zero_;
    }
    pointer operator->() const noexcept { return &**this; }
    const_iterator& operator++() noexcept {
      ++position_;
      skip_empty();
      return *this;
    }
    bool operator==(const const_iterator& other) const noexcept { return position_ == other.position_; }

   private:
    void skip_empty() noexcept {
      while (position_ < set_->slots_.size() && is_zero(set_->slots_[position_])) ++position_;
      if (position_ == set_->slots_.size() && !set_->has_zero_) ++position_;
    }
    const OidSet* set_;
    std::size_t position_;
  };

  OidSet() = default;

  void reserve(std::size_t count) {
    if (count * 2 > slots_.size()) rehash(count * 2);
  }

  // Like std::unordered_set::insert: the stored id, and whether it was not there before.
  std::pair<const git_oid*, bool> insert(const git_oid& id) {
    if (is_zero(id)) return {&zero_, !std::exchange(has_zero_, true)};
    if ((size_ + 1) * 2 > slots_.size()) rehash(std::max<std::size_t>(slots_.size() * 2, 16));
    std::size_t slot = OidHash{}(id)&mask_;
    while (!is_zero(slots_[slot])) {
      if (OidEqual{}(slots_[slot], id)) return {&slots_[slot], false};
      slot = (slot + 1) & mask_;
    }
    slots_[slot] = id;
    ++size_;
    return {&slots_[slot], true};
  }

  [[nodiscard]] std::size_t count(const git_oid& id) const noexcept { return position(id) != npos ? 1 : 0; }

  // Starts loading the line where `id` would be, for a lookup soon after.
  void prefetch(const git_oid& id) const noexcept {
    if (size_ != 0) __builtin_prefetch(&slots_[OidHash{}(id)&mask_]);
  }

  // A dense-enough index of a stored id (its slot), stable while the set is not changed, so
  // structures built beside a finished set can name ids in 4 bytes instead of 20; npos when
  // absent. Positions lie in [0, positions()).
  static constexpr std::size_t npos = SIZE_MAX;
  [[nodiscard]] std::size_t position(const git_oid& id) const noexcept {
    if (is_zero(id)) return has_zero_ ? slots_.size() : npos;
    if (size_ == 0) return npos;
    for (std::size_t slot = OidHash{}(id)&mask_; !is_zero(slots_[slot]); slot = (slot + 1) & mask_)
      if (OidEqual{}(slots_[slot], id)) return slot;
    return npos;
  }
  [[nodiscard]] const git_oid& at(std::size_t position) const noexcept {
    return position < slots_.size() ? slots_[position] : zero_;
  }
  [[nodiscard]] std::size_t positions() const noexcept { return slots_.size() + 1; }

  [[nodiscard]] std::size_t size() const noexcept { return size_ + (has_zero_ ? 1 : 0); }
  [[nodiscard]] bool empty() const noexcept { return size() == 0; }
  [[nodiscard]] const_iterator begin() const noexcept { return {this, 0}; }
  [[nodiscard]] const_iterator end() const noexcept { return {this, slots_.size() + 1}; }

 private:
  static bool is_zero(const git_oid& id) noexcept {
    static constexpr unsigned char zero[sizeof id.id] = {};
    return std::memcmp(id.id, zero, sizeof id.id) == 0;
  }

  void rehash(std::size_t at_least) {
    std::size_t capacity = 16;
    while (capacity < at_least) capacity *= 2;
    std::vector<git_oid> old_slots(capacity, git_oid{});
    old_slots.swap(slots_);
    mask_ = capacity - 1;
    size_ = 0;
    for (const git_oid& id : old_slots)
      if (!is_zero(id)) insert(id);
  }

  std::vector<git_oid> slots_;
  std::size_t size_ = 0;  // ids in slots_
  std::size_t mask_ = 0;
  git_oid zero_{};
  bool has_zero_ = false;
};

}  // namespace hush::git
