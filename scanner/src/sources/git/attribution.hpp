#pragma once
// Which commits introduced which blobs, for the few blobs that have findings.
#include <git2.h>

#include <string>
#include <vector>

#include "sources/git/oid_set.hpp"

namespace hush::scanner::git {

struct Introduction {
  git_oid commit;
  std::string path;
};

// One pass over `commits`: a commit introduces a target blob at a path when none of its parents
// has that blob at that path. Only subtrees that (transitively) contain a target are read, and a
// subtree identical to a parent's is skipped whole, so the cost follows the changes that touch
// targets, and memory the number of distinct trees, never history length times tree size.
[[nodiscard]] OidMap<std::vector<Introduction>> attribute_blobs(git_repository* repo, const std::vector<git_oid>& commits,
                                                                const OidSet& targets);

}  // namespace hush::scanner::git
