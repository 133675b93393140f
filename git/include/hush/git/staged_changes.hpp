#pragma once
// What the index changes relative to HEAD, found through the index's cache-tree so that a small
// change in a large repository reads only the trees along its own paths.
#include <git2.h>

#include <filesystem>
#include <optional>

#include "hush/git/file_changes.hpp"

namespace hush::git {

// The staged versions that differ from HEAD, each with its committed version when the path is a
// file in HEAD; and, when some staged file is new at its path, the committed files that left the
// index (where a renamed file came from). nullopt when the index needs libgit2's general reader
// (split or sparse index).
[[nodiscard]] std::optional<TreeChanges> staged_changes(git_repository* repo, const std::filesystem::path& index_path,
                                                        git_tree* head_tree);

}  // namespace hush::git
