#include "sources/git/attribution.hpp"

#include "sources/git/libgit2.hpp"

namespace hush::scanner::git {
namespace {

class Attributor {
 public:
  Attributor(git_repository* repo, const OidSet& targets) : repo_(repo), targets_(targets) {}

  void commit(const git_oid& id, OidMap<std::vector<Introduction>>& out) {
    Commit c = lookup_commit(id);
    std::vector<git_oid> parent_trees;
    for (unsigned i = 0; i < git_commit_parentcount(c.get()); ++i) {
      // A parent missing from a shallow clone is treated as absent: its blobs count as introduced here.
      git_commit* parent = nullptr;
      if (git_commit_parent(&parent, c.get(), i) == 0) {
        parent_trees.push_back(*git_commit_tree_id(parent));
        git_commit_free(parent);
      }
    }
    walk(*git_commit_tree_id(c.get()), parent_trees, std::string(), id, out);
  }

 private:
  Commit lookup_commit(const git_oid& id) {
    git_commit* raw = nullptr;
    check(git_commit_lookup(&raw, repo_, &id), "cannot read commit " + oid_hex(id));
    return Commit(raw);
  }

  Tree lookup_tree(const git_oid& id) {
    git_tree* raw = nullptr;
    check(git_tree_lookup(&raw, repo_, &id), "cannot read tree " + oid_hex(id));
    return Tree(raw);
  }

  // Whether a tree holds a target blob anywhere below it; memoised per tree id.
  bool contains_target(const git_oid& tree_id) {
    if (auto it = contains_.find(tree_id); it != contains_.end()) return it->second;
    Tree tree = lookup_tree(tree_id);
    bool found = false;
    for (std::size_t i = 0, n = git_tree_entrycount(tree.get()); i < n && !found; ++i) {
      const git_tree_entry* e = git_tree_entry_byindex(tree.get(), i);
      const git_object_t type = git_tree_entry_type(e);
      if (type == GIT_OBJECT_BLOB) found = targets_.count(*git_tree_entry_id(e)) > 0;
      else if (type == GIT_OBJECT_TREE) found = contains_target(*git_tree_entry_id(e));
    }
    contains_.emplace(tree_id, found);
    return found;
  }

  void walk(const git_oid& tree_id, const std::vector<git_oid>& parent_trees, const std::string& prefix, const git_oid& commit,
            OidMap<std::vector<Introduction>>& out) {
    if (!contains_target(tree_id)) return;
    for (const auto& p : parent_trees)
      if (git_oid_equal(&p, &tree_id)) return;  // unchanged from a parent: nothing new below
    Tree tree = lookup_tree(tree_id);
    std::vector<Tree> parents;
    for (const auto& p : parent_trees) parents.push_back(lookup_tree(p));
    for (std::size_t i = 0, n = git_tree_entrycount(tree.get()); i < n; ++i) {
      const git_tree_entry* e = git_tree_entry_byindex(tree.get(), i);
      const git_oid* id = git_tree_entry_id(e);
      const char* name = git_tree_entry_name(e);
      const git_object_t type = git_tree_entry_type(e);
      if (type == GIT_OBJECT_BLOB) {
        if (!targets_.count(*id)) continue;
        bool in_parent = false;
        for (const auto& pt : parents) {
          const git_tree_entry* pe = git_tree_entry_byname(pt.get(), name);
          in_parent |= pe && git_oid_equal(git_tree_entry_id(pe), id);
        }
        if (!in_parent) out[*id].push_back({commit, prefix + name});
      } else if (type == GIT_OBJECT_TREE) {
        std::vector<git_oid> sub_parents;
        for (const auto& pt : parents) {
          const git_tree_entry* pe = git_tree_entry_byname(pt.get(), name);
          if (pe && git_tree_entry_type(pe) == GIT_OBJECT_TREE) sub_parents.push_back(*git_tree_entry_id(pe));
        }
        walk(*id, sub_parents, prefix + name + "/", commit, out);
      }
    }
  }

  git_repository* repo_;
  const OidSet& targets_;
  OidMap<bool> contains_;
};

}  // namespace

OidMap<std::vector<Introduction>> attribute_blobs(git_repository* repo, const std::vector<git_oid>& commits, const OidSet& targets) {
  OidMap<std::vector<Introduction>> out;
  if (targets.empty()) return out;
  Attributor attributor(repo, targets);
  for (const auto& c : commits) attributor.commit(c, out);
  return out;
}

}  // namespace hush::scanner::git
