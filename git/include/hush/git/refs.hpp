#pragma once
// Where a history scan starts: every object a ref names.
#include <git2.h>

#include <string>
#include <vector>

namespace hush::git {

struct RefTip {
  std::string ref;  // "refs/heads/main", "HEAD", "worktrees/NAME/HEAD"
  git_oid id;       // the object the ref names directly: a commit, an annotated tag, a tree or a blob
};

struct RefTips {
  std::vector<RefTip> tips;
  std::vector<std::string> broken;  // refs that name nothing readable (a malformed ref file)
};

// Every ref (branches, tags, remotes, stash, notes, replace refs, ...), HEAD, and the HEAD and
// per-worktree refs of every linked worktree, without reading any object: whether what they name
// exists is the caller's question. A symbolic ref to a branch not yet born (HEAD of an empty
// repository) names nothing and is not broken.
[[nodiscard]] RefTips list_ref_tips(git_repository* repo);

// The commits a shallow clone lists as its boundary (their parents are absent on purpose).
[[nodiscard]] std::vector<git_oid> shallow_commits(git_repository* repo);

// Whether the repository is a partial clone: objects may be missing because a promisor remote
// will send them on demand.
[[nodiscard]] bool is_partial_clone(git_repository* repo);

}  // namespace hush::git
