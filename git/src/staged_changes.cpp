#include "hush/git/staged_changes.hpp"

#include <algorithm>
#include <string_view>
#include <unordered_set>

#include "hush/git/index_file.hpp"
#include "hush/git/libgit2.hpp"
#include "hush/git/object_parse.hpp"

namespace hush::git {
namespace {

class UnchangedDirs {
 public:
  explicit UnchangedDirs(git_repository* repo) : repo_(repo) {}

  // Directories whose cache-tree entry is valid and names the same tree as HEAD hold no change.
  void collect(const CacheTreeNode& node, const git_oid* head_tree_id) {
    if (!head_tree_id) return;  // a directory HEAD does not have: everything in it is new
    if (node.valid && git_oid_equal(&node.tree, head_tree_id)) {
      dirs_.insert(node.path);
      return;
    }
    git_tree* raw = nullptr;
    check(git_tree_lookup(&raw, repo_, head_tree_id), "cannot read tree " + oid_hex(*head_tree_id));
    Tree tree(raw);
    std::unordered_set<std::string> cached_children;
    for (const auto& child : node.children) {
      const std::string name =
          child.path.substr(child.path.rfind('/') == std::string::npos ? 0 : child.path.rfind('/') + 1);
      cached_children.insert(name);
      const git_tree_entry* e = git_tree_entry_byname(tree.get(), name.c_str());
      collect(child, e && git_tree_entry_type(e) == GIT_OBJECT_TREE ? git_tree_entry_id(e) : nullptr);
    }
    // The committed files of a changed directory are what the change may have removed or moved;
    // a subdirectory the index no longer has is gone whole.
    const std::string prefix = node.path.empty() ? std::string() : node.path + "/";
    for (std::size_t i = 0, n = git_tree_entrycount(tree.get()); i < n; ++i) {
      const git_tree_entry* e = git_tree_entry_byindex(tree.get(), i);
      const std::string name = git_tree_entry_name(e);
      if (git_tree_entry_type(e) == GIT_OBJECT_BLOB) head_files_.emplace_back(prefix + name, *git_tree_entry_id(e));
      else if (git_tree_entry_type(e) == GIT_OBJECT_TREE && !cached_children.contains(name))
        all_files(*git_tree_entry_id(e), prefix + name + "/");
    }
  }

  // Committed files in the directories the change touched, with their blob ids.
  [[nodiscard]] const std::vector<std::pair<std::string, git_oid>>& head_files() const { return head_files_; }

  [[nodiscard]] bool covers(std::string_view path) {
    if (dirs_.contains("")) return true;
    // Index entries come in path order, so the directory that covered the previous entry most
    // likely covers this one: tens of thousands of entries then need no hashing at all.
    if (!last_covering_.empty() && path.size() > last_covering_.size() && path[last_covering_.size()] == '/' &&
        path.starts_with(last_covering_))
      return true;
    for (std::size_t slash = path.find('/'); slash != std::string_view::npos; slash = path.find('/', slash + 1)) {
      if (const auto it = dirs_.find(path.substr(0, slash)); it != dirs_.end()) {
        last_covering_ = *it;
        return true;
      }
    }
    return false;
  }

 private:
  void all_files(const git_oid& tree_id, const std::string& prefix) {
    git_tree* raw = nullptr;
    check(git_tree_lookup(&raw, repo_, &tree_id), "cannot read tree " + oid_hex(tree_id));
    Tree tree(raw);
    for (std::size_t i = 0, n = git_tree_entrycount(tree.get()); i < n; ++i) {
      const git_tree_entry* e = git_tree_entry_byindex(tree.get(), i);
      const std::string path = prefix + git_tree_entry_name(e);
      if (git_tree_entry_type(e) == GIT_OBJECT_BLOB) head_files_.emplace_back(path, *git_tree_entry_id(e));
      else if (git_tree_entry_type(e) == GIT_OBJECT_TREE) all_files(*git_tree_entry_id(e), path + "/");
    }
  }

  git_repository* repo_;
  std::unordered_set<std::string_view> dirs_;  // paths of the index's cache-tree nodes, which outlive this
  std::string_view last_covering_;             // the member of dirs_ that covered the last path asked
  std::vector<std::pair<std::string, git_oid>> head_files_;
};

}  // namespace

std::optional<TreeChanges> staged_changes(git_repository* repo, const std::filesystem::path& index_path,
                                          git_tree* head_tree) {
  auto index = read_index_file(index_path);
  // Without a cache-tree every entry would need a HEAD lookup: libgit2's diff is as good then.
  if (!index || (head_tree && !index->cache_tree)) return std::nullopt;
  UnchangedDirs unchanged(repo);
  if (head_tree) unchanged.collect(*index->cache_tree, git_tree_id(head_tree));

  TreeChanges out;
  for (const auto& entry : index->entries) {
    if (entry.intent_to_add || !is_blob_mode(entry.mode) || unchanged.covers(entry.path)) continue;
    FileChange change{entry.path, entry.oid, std::nullopt};
    if (head_tree) {
      git_tree_entry* raw = nullptr;
      if (git_tree_entry_bypath(&raw, head_tree, entry.path.c_str()) == 0) {
        const git_oid head_id = *git_tree_entry_id(raw);
        const bool head_is_blob = git_tree_entry_type(raw) == GIT_OBJECT_BLOB;
        git_tree_entry_free(raw);
        if (head_is_blob && git_oid_equal(&head_id, &entry.oid)) continue;
        if (head_is_blob) change.before = head_id;
      } else {
        git_error_clear();
      }
    }
    out.changes.push_back(std::move(change));
  }
  if (std::any_of(out.changes.begin(), out.changes.end(), [](const FileChange& c) { return !c.before; }) &&
      !unchanged.head_files().empty()) {
    std::unordered_set<std::string_view> staged_paths;
    for (const auto& entry : index->entries) staged_paths.insert(entry.path);
    for (const auto& [path, blob] : unchanged.head_files())
      if (!staged_paths.contains(path)) out.removed.push_back({path, blob});
  }
  return out;
}

}  // namespace hush::git
