#include "hush/git/file_changes.hpp"

#include <algorithm>

#include "hush/git/object_parse.hpp"
#include "hush/git/oid_set.hpp"

namespace hush::git {

TreeChanges changes_of(git_diff* diff) {
  TreeChanges out;
  for (std::size_t i = 0, n = git_diff_num_deltas(diff); i < n; ++i) {
    const git_diff_delta* delta = git_diff_get_delta(diff, i);
    const git_diff_file& old_file = delta->old_file;
    const git_diff_file& new_file = delta->new_file;
    const bool old_is_file = is_blob_mode(old_file.mode);  // an absent side has mode 0
    const bool new_is_file = is_blob_mode(new_file.mode);
    switch (delta->status) {
      case GIT_DELTA_ADDED:
      case GIT_DELTA_MODIFIED:
      case GIT_DELTA_TYPECHANGE:
        if (!new_is_file) break;
        out.changes.push_back({new_file.path ? new_file.path : "", new_file.id, std::nullopt});
        if (delta->status == GIT_DELTA_MODIFIED && old_is_file) out.changes.back().before = old_file.id;
        break;
      case GIT_DELTA_DELETED:
        if (old_is_file) out.removed.push_back({old_file.path ? old_file.path : "", old_file.id});
        break;
      default:
        break;
    }
  }
  return out;
}

void drop_exact_renames(TreeChanges& changes) {
  if (changes.removed.empty()) return;
  if (std::none_of(changes.changes.begin(), changes.changes.end(), [](const FileChange& c) { return !c.before; }))
    return;
  OidSet removed;
  for (const auto& r : changes.removed) removed.insert(r.blob);
  std::erase_if(changes.changes, [&](const FileChange& c) { return !c.before && removed.count(c.blob); });
}

}  // namespace hush::git
