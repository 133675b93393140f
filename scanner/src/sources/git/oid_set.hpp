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

namespace hush::scanner::git {

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
  bool operator()(const git_oid& a, const git_oid& b) const noexcept { return std::memcmp(a.id, b.id, sizeof a.id) == 0; }
};

template <typename V>
using OidMap = std::unordered_map<git_oid, V, OidHash, OidEqual>;

// A set of object ids with open addressing: the ids sit in one array, so a lookup costs one or
// two cache lines where a node-based set chases a pointer per probe. The history scan asks it
// whether an object is present for every entry of every tree.
class OidSet {
 public:
  class const_iterator {
   public:
    using iterator_category = std::forward_iterator_tag;
    using value_type = git_oid;
    using difference_type = std::ptrdiff_t;
    using pointer = const git_oid*;
    using reference = const git_oid&;

    const_iterator(const OidSet* set, std::size_t slot) noexcept : set_(set), slot_(slot) { skip_empty(); }
    reference operator*() const noexcept { return set_->slots_[slot_]; }
    pointer operator->() const noexcept { return &set_->slots_[slot_]; }
    const_iterator& operator++() noexcept {
      ++slot_;
      skip_empty();
      return *this;
    }
    bool operator==(const const_iterator& other) const noexcept { return slot_ == other.slot_; }

   private:
    void skip_empty() noexcept {
      while (slot_ < set_->used_.size() && !set_->used_[slot_]) ++slot_;
    }
    const OidSet* set_;
    std::size_t slot_;
  };

  OidSet() = default;

  void reserve(std::size_t count) {
    if (count * 2 > slots_.size()) rehash(count * 2);
  }

  // Like std::unordered_set::insert: the stored id, and whether it was not there before.
  std::pair<const git_oid*, bool> insert(const git_oid& id) {
    if ((size_ + 1) * 2 > slots_.size()) rehash(std::max<std::size_t>(slots_.size() * 2, 16));
    std::size_t slot = OidHash{}(id) & mask_;
    while (used_[slot]) {
      if (OidEqual{}(slots_[slot], id)) return {&slots_[slot], false};
      slot = (slot + 1) & mask_;
    }
    used_[slot] = 1;
    slots_[slot] = id;
    ++size_;
    return {&slots_[slot], true};
  }

  [[nodiscard]] std::size_t count(const git_oid& id) const noexcept {
    if (size_ == 0) return 0;
    for (std::size_t slot = OidHash{}(id) & mask_; used_[slot]; slot = (slot + 1) & mask_)
      if (OidEqual{}(slots_[slot], id)) return 1;
    return 0;
  }

  [[nodiscard]] std::size_t size() const noexcept { return size_; }
  [[nodiscard]] bool empty() const noexcept { return size_ == 0; }
  [[nodiscard]] const_iterator begin() const noexcept { return {this, 0}; }
  [[nodiscard]] const_iterator end() const noexcept { return {this, used_.size()}; }

 private:
  void rehash(std::size_t at_least) {
    std::size_t capacity = 16;
    while (capacity < at_least) capacity *= 2;
    std::vector<git_oid> old_slots(capacity);
    std::vector<std::uint8_t> old_used(capacity, 0);
    old_slots.swap(slots_);
    old_used.swap(used_);
    mask_ = capacity - 1;
    size_ = 0;
    for (std::size_t i = 0; i < old_used.size(); ++i)
      if (old_used[i]) insert(old_slots[i]);
  }

  std::vector<git_oid> slots_;
  std::vector<std::uint8_t> used_;  // beside the ids: the all-zero id is a valid key
  std::size_t size_ = 0;
  std::size_t mask_ = 0;
};

}  // namespace hush::scanner::git
