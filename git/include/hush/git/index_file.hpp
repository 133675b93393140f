#pragma once
// A reader for Git's index file (versions 2-4, as gitformat-index(5) specifies it) and its
// cache-tree extension, for the pre-commit path: libgit2 verifies the whole file's SHA-1 and diffs
// every entry against HEAD, while the cache-tree lets a small change skip every directory it did
// not touch.
#include <git2.h>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace hush::git {

struct IndexEntry {
  std::string path;
  git_oid oid;
  std::uint32_t mode;
  bool intent_to_add;
};

struct CacheTreeNode {
  std::string path;  // "" for the root, "a/b" below it
  bool valid;        // the tree id is up to date with the index
  git_oid tree;      // when valid
  std::vector<CacheTreeNode> children;
};

struct IndexFile {
  std::vector<IndexEntry> entries;  // stage 0 only, in index (path) order
  std::optional<CacheTreeNode> cache_tree;
};

// nullopt when the file uses a feature this reader leaves to libgit2 (split or sparse index,
// unknown version or extension flagged as required); hush::Error(runtime) when it is corrupt.
[[nodiscard]] std::optional<IndexFile> read_index_file(const std::filesystem::path& path);

}  // namespace hush::git
