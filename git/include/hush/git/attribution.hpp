#pragma once
// Which commits introduced which blobs, for the few blobs that have findings.
#include <git2.h>

#include <cstdint>
#include <string>
#include <vector>

#include "hush/git/oid_set.hpp"

namespace hush::scanner::git {

struct CommitNode {
  git_oid tree;
  std::vector<git_oid> parents;
};

// One entry of a tree kept for attribution: a subtree (which may lead to a target), or a target
// blob itself. Its name is an index into HistoryGraph::names: a history repeats a few thousand
// names millions of times.
struct LeadingEntry {
  git_oid oid;
  std::uint32_t name;
  bool is_tree;
};

// What the object passes learnt about the history's shape, kept compact: per tree its subtrees
// and the targets it names, by name (trees with neither are absent). Once the trees that lead to
// a target ("interesting") are known, only their entries that do are kept.
struct HistoryGraph {
  OidMap<CommitNode> commits;
  OidMap<std::vector<LeadingEntry>> entries;
  std::vector<std::string> names;
  OidSet interesting;

  // Fills `interesting` from `entries`, dropping every entry that leads to no target (a tree
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
[[nodiscard]] OidMap<std::vector<Introduction>> attribute_tree(const git_oid& tree, const HistoryGraph& graph, const OidSet& targets);

[[nodiscard]] OidMap<std::vector<Introduction>> attribute_blobs(const std::vector<git_oid>& commits, const HistoryGraph& graph,
                                                                const OidSet& targets);

}  // namespace hush::scanner::git
