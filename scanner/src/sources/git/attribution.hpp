#pragma once
// Which commits introduced which blobs, for the few blobs that have findings.
#include <git2.h>

#include <string>
#include <vector>

#include "sources/git/oid_set.hpp"

namespace hush::scanner::git {

struct CommitNode {
  git_oid tree;
  std::vector<git_oid> parents;
};

// One entry of a tree that leads to a target: the target blob itself or a subtree holding one.
struct LeadingEntry {
  std::string name;
  git_oid oid;
  bool is_tree;
};

// What the object passes learnt about the history's shape, kept compact: per tree its subtrees
// and whether it names a target; then, for the trees that lead to a target ("interesting"), only
// the entries that do.
struct HistoryGraph {
  OidMap<CommitNode> commits;
  OidMap<std::vector<git_oid>> subtrees;
  OidSet trees_naming_targets;
  OidSet interesting;
  OidMap<std::vector<LeadingEntry>> leading_entries;

  // Fills `interesting` from `subtrees` and `trees_naming_targets`.
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
[[nodiscard]] OidMap<std::vector<Introduction>> attribute_blobs(const std::vector<git_oid>& commits, const HistoryGraph& graph,
                                                                const OidSet& targets);

}  // namespace hush::scanner::git
