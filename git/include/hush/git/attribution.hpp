#pragma once
// Which commits introduced which blobs, for the few blobs that have findings.
#include <git2.h>

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "hush/git/oid_set.hpp"

namespace hush::git {

struct CommitNode {
  git_oid tree;
  std::vector<git_oid> parents;
};

// One entry of a tree kept for attribution: a subtree (which may lead to a target), or a target
// blob itself, by its position in HistoryGraph::trees or ::blobs. Its name is an index into
// HistoryGraph::names: a history repeats a few thousand names millions of times. A large history
// keeps millions of these, hence 8 bytes each.
struct LeadingEntry {
  std::uint32_t object;
  std::uint32_t name : 31;
  std::uint32_t is_tree : 1;
};

// What the object passes learnt about the history's shape, kept compact: per tree its subtrees
// and the targets it names, by name (trees with neither have none). Once the trees that lead to
// a target ("interesting") are known, only their entries that do are kept.
struct HistoryGraph {
  // Where a tree's entries are: parts[part][begin .. begin + count).
  struct Span {
    std::uint32_t begin = 0;
    std::uint32_t part = 0;
    std::uint32_t count = 0;
  };

  OidMap<CommitNode> commits;
  // Objects are named by their positions in these sets, which outlive the graph unchanged: every
  // tree the database holds, and the target blobs.
  const OidSet* trees = nullptr;
  const OidSet* blobs = nullptr;
  std::vector<Span> spans;  // by tree position
  std::vector<std::vector<LeadingEntry>> parts;
  std::vector<std::string> names;
  std::vector<bool> interesting;  // by tree position

  [[nodiscard]] std::span<const LeadingEntry> entries(std::size_t tree) const noexcept {
    // A tree without entries may name a part that does not exist.
    if (tree >= spans.size() || spans[tree].count == 0) return {};
    const Span& s = spans[tree];
    return {parts[s.part].data() + s.begin, s.count};
  }
  [[nodiscard]] bool leads_to_target(std::size_t tree) const noexcept {
    return tree < interesting.size() && interesting[tree];
  }

  // Fills `interesting` from the entries, dropping every entry that leads to no target (a tree
  // that leads to none is left with no entries).
  void compute_interesting();
};

struct Introduction {
  git_oid commit;
  std::string path;
};

// For `commits` (parents before children): a commit introduces a target blob at a path when none
// of its parents has that blob at that path. Everything is answered from the graph in memory, and
// a subtree identical to a parent's is skipped whole, so the cost follows the changes that touch
// targets, never history length times tree size.
// The target blobs below `tree` with their paths in it (for trees a ref names directly); each
// Introduction's `commit` is the tree itself.
[[nodiscard]] OidMap<std::vector<Introduction>> attribute_tree(const git_oid& tree, const HistoryGraph& graph,
                                                               const OidSet& targets);

[[nodiscard]] OidMap<std::vector<Introduction>> attribute_blobs(const std::vector<git_oid>& commits,
                                                                const HistoryGraph& graph, const OidSet& targets);

}  // namespace hush::git
