#pragma once
// What the refs of a repository reach, and every place where history could not be followed: a
// ref, tag, parent or root tree naming an object the database lacks, cannot read, or cannot
// parse. Answered from what the object passes collected, without reading objects again.
#include <git2.h>

#include <string>
#include <vector>

#include "hush/git/attribution.hpp"
#include "hush/git/object_pass.hpp"
#include "hush/git/oid_set.hpp"
#include "hush/git/refs.hpp"

namespace hush::git {

struct TagNode {
  git_oid target;
  git_object_t type;
};

// Why an object that history needs was not scanned.
enum class GapKind {
  missing,      // the database does not hold it
  not_fetched,  // missing, in a partial clone: a promisor remote holds it
  unreadable,   // held, but could not be read (corrupt data; counted by the object pass)
  malformed,    // read, but not a valid commit or tag
  shallow,      // a shallow clone's boundary: parents absent on purpose
};

struct HistoryGap {
  GapKind kind;
  git_oid object;
  std::string what;      // "commit", "tree", "object"
  std::string named_by;  // "refs/heads/main", "commit 1a2b...", "tag 3c4d..."
};

struct ReachInput {
  const HistoryGraph& graph;      // parsed commits
  const OidMap<TagNode>& tags;    // parsed annotated tags
  const PresentObjects& present;  // what the database holds, by type
  const OidSet& malformed;        // commits and tags held but not parseable
  const OidSet& shallow;          // a shallow clone's boundary commits
  bool partial_clone;
};

struct Reached {
  std::vector<git_oid> commits;                        // reachable commits, parents first
  std::vector<std::pair<git_oid, std::string>> trees;  // trees refs name directly, with the ref
  std::vector<std::pair<git_oid, std::string>> blobs;  // blobs refs name directly, with the ref
  std::vector<std::pair<git_oid, std::string>> tags;   // reachable annotated tags, with a ref
  std::vector<HistoryGap> gaps;
};

// Follows every tip through tags to commits, trees and blobs, and every commit to its parents
// and root tree. Trees that are held but unreadable are the caller's to check (the tree pass
// learns them while this runs). "First introduced" needs parents before children, whatever the clocks say.
[[nodiscard]] Reached reach(const std::vector<RefTip>& tips, const ReachInput& in);

}  // namespace hush::git
