#pragma once
// What one comparison (a commit with one parent, or the index with HEAD) changed, as the range and
// staged scans consume it: each file version that is new at its path, with the version it
// replaces, and the files that left so that a renamed file can be compared with where it came from.
#include <git2.h>

#include <optional>
#include <string>
#include <vector>

namespace hush::git {

struct FileChange {
  std::string path;
  git_oid blob;                   // the new version
  std::optional<git_oid> before;  // the version it replaces at the same path, when that was a file
};

struct RemovedFile {
  std::string path;
  git_oid blob;
};

struct TreeChanges {
  std::vector<FileChange> changes;
  std::vector<RemovedFile> removed;
};

// Files only: submodules are not content of this repository. A file whose type changed (a
// symbolic link replaced by a file) is a new file.
[[nodiscard]] TreeChanges changes_of(git_diff* diff);

// A file at a new path with exactly the bytes of a file that left is a rename, or a copy of a
// moved file: it adds nothing and is dropped.
void drop_exact_renames(TreeChanges& changes);

}  // namespace hush::git
