#pragma once
// The commits of BASE..HEAD, read the way git reads them. libgit2 walks the history when it can;
// where it cannot (a shallow clone, whose cut-off parents libgit2 1.5 does not know are cut off,
// or a commit fsck rejects, such as one without an author, which libgit2 refuses to parse) an
// exact walk over the raw objects takes over.
#include <git2.h>

#include <optional>
#include <string>
#include <vector>

#include "git_library.hpp"
#include "hush/scanner/finding.hpp"

namespace hush::scanner::git {

// What the range scan needs of a commit, from its raw bytes.
struct RawCommit {
  git_oid tree{};
  std::vector<git_oid> parents;
  std::string message;  // after the header, as stored
  GitProvenance provenance;
};

// nullopt when the repository does not have the object; an Error when it is not a commit.
[[nodiscard]] std::optional<RawCommit> read_raw_commit(git_odb* odb, const git_oid& id);

// The commit a revision names (a ref, a full or abbreviated id, HEAD~2, a tag); nullopt when the
// repository has no such revision.
[[nodiscard]] std::optional<git_oid> resolve_revision(git_repository* repo, const std::string& spec);

struct RangeWalk {
  std::vector<git_oid> commits;  // reachable from head and not from hide, parents first
  bool related = true;           // head and hide share history
  // Shallow clones: a commit of the range whose parents were not fetched, so what it added is
  // unknown.
  std::optional<git_oid> cut_off;
};

[[nodiscard]] RangeWalk walk_range(git_repository* repo, const git_oid& head, const git_oid& hide);

}  // namespace hush::scanner::git
