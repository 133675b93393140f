#pragma once
// Hash containers keyed by object id: ids are already uniformly random, so the first bytes are
// a good hash.
#include <git2.h>

#include <cstring>
#include <unordered_map>
#include <unordered_set>

namespace hush::scanner::git {

struct OidHash {
  std::size_t operator()(const git_oid& oid) const noexcept {
    std::size_t h;
    std::memcpy(&h, oid.id, sizeof h);
    return h;
  }
};
struct OidEqual {
  bool operator()(const git_oid& a, const git_oid& b) const noexcept { return git_oid_equal(&a, &b) != 0; }
};

using OidSet = std::unordered_set<git_oid, OidHash, OidEqual>;
template <typename V>
using OidMap = std::unordered_map<git_oid, V, OidHash, OidEqual>;

}  // namespace hush::scanner::git
