#pragma once
// Partial clones (`git clone --filter=blob:none`) leave objects on a promisor remote until git needs
// them. hush does not fetch: an absent object there is "not fetched", counted, not damage.
#include <git2.h>

#include <optional>
#include <string>

#include "sources/git/libgit2.hpp"

namespace hush::scanner::git {

// extensions.partialClone, or a remote marked promisor (as git decides).
[[nodiscard]] bool is_partial_clone(git_repository* repo);

// The blob, or nullopt when it is absent and the repository is a partial clone. Absent from any
// other repository, it is an Error naming `what`.
[[nodiscard]] std::optional<Blob> read_blob(git_repository* repo, const git_oid& id, bool partial_clone, const std::string& what);

}  // namespace hush::scanner::git
