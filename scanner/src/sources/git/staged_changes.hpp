#pragma once
// What the index changes relative to HEAD, found through the index's cache-tree so that a small
// change in a large repository reads only the trees along its own paths.
#include <git2.h>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace hush::scanner::git {

struct StagedChange {
  std::string path;
  git_oid blob;                    // the staged version
  std::optional<git_oid> head_blob;  // the committed version, when the path is a file in HEAD
};

// nullopt when the index needs libgit2's general reader (split or sparse index).
[[nodiscard]] std::optional<std::vector<StagedChange>> staged_changes(git_repository* repo, const std::filesystem::path& index_path,
                                                                      git_tree* head_tree);

}  // namespace hush::scanner::git
