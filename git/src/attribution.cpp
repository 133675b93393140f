#include "hush/git/attribution.hpp"

#include <string>

#include "hush/common/error.hpp"
#include "hush/git/libgit2.hpp"

namespace hush::scanner::git {
namespace {

// Both walks below recurse once per level of tree nesting. git refuses trees nested deeper than
// core.maxTreeDepth (4096 by default); a hostile repository could nest deeper and overflow the
// stack, so that is an error here too.
constexpr unsigned max_tree_depth = 4096;

[[noreturn]] void too_deep(const git_oid& tree) {
  throw Error(ErrorKind::runtime, "tree " + oid_hex(tree) + " is nested more than " + std::to_string(max_tree_depth) +
                                      " levels deep, which git refuses too (core.maxTreeDepth)");
}

const LeadingEntry* by_name(const std::vector<LeadingEntry>* entries, std::uint32_t name) {
  if (!entries) return nullptr;
  for (const auto& e : *entries)
    if (e.name == name) return &e;
  return nullptr;
}

class Attributor {
 public:
  Attributor(const HistoryGraph& graph, const OidSet& targets) : graph_(graph), targets_(targets) {}

  void commit(const git_oid& id, OidMap<std::vector<Introduction>>& out) {
    const auto it = graph_.commits.find(id);
    if (it == graph_.commits.end()) return;
    std::vector<git_oid> parent_trees;
    for (const auto& p : it->second.parents) {
      // A parent missing from a shallow clone is treated as absent: its blobs count as introduced here.
      if (const auto pit = graph_.commits.find(p); pit != graph_.commits.end()) parent_trees.push_back(pit->second.tree);
    }
    walk(it->second.tree, parent_trees, std::string(), id, 0, out);
  }

  void tree(const git_oid& root, OidMap<std::vector<Introduction>>& out) { walk(root, {}, std::string(), root, 0, out); }

 private:
  // Trees that lead to no target stay in the graph, unused: attribution never enters them.
  const std::vector<LeadingEntry>* entries_of(const git_oid& tree) const {
    if (!graph_.interesting.count(tree)) return nullptr;
    const auto it = graph_.entries.find(tree);
    return it == graph_.entries.end() ? nullptr : &it->second;
  }

  void walk(const git_oid& tree, const std::vector<git_oid>& parent_trees, const std::string& prefix, const git_oid& commit,
            unsigned depth, OidMap<std::vector<Introduction>>& out) {
    if (!graph_.interesting.count(tree)) return;
    if (depth > max_tree_depth) too_deep(tree);
    for (const auto& p : parent_trees)
      if (git_oid_equal(&p, &tree)) return;  // unchanged from a parent: nothing new below
    // A parent tree that leads to no target cannot hold the same target or the same subtree, so
    // only interesting parents matter.
    std::vector<const std::vector<LeadingEntry>*> parents;
    for (const auto& p : parent_trees) parents.push_back(entries_of(p));
    const auto* entries = entries_of(tree);
    if (!entries) return;
    for (const auto& e : *entries) {
      if (!e.is_tree) {
        if (!targets_.count(e.oid)) continue;
        bool in_parent = false;
        for (const auto* pe : parents) {
          const LeadingEntry* match = by_name(pe, e.name);
          in_parent |= match && !match->is_tree && git_oid_equal(&match->oid, &e.oid);
        }
        if (!in_parent) out[e.oid].push_back({commit, prefix + graph_.names[e.name]});
      } else {
        std::vector<git_oid> sub_parents;
        for (const auto* pe : parents)
          if (const LeadingEntry* match = by_name(pe, e.name); match && match->is_tree) sub_parents.push_back(match->oid);
        walk(e.oid, sub_parents, prefix + graph_.names[e.name] + "/", commit, depth + 1, out);
      }
    }
  }

  const HistoryGraph& graph_;
  const OidSet& targets_;
};

// Whether `tree` leads to a target; its entries that lead to none are dropped on the way, since
// attribution walks only through the others. Trees cannot contain themselves, so the recursion
// ends; flat sets, not a node-based map, since every kept link is asked about.
bool mark_interesting(HistoryGraph& graph, const git_oid& tree, OidSet& visited, OidSet& interesting, unsigned depth) {
  if (!visited.insert(tree).second) return interesting.count(tree) != 0;
  if (depth > max_tree_depth) too_deep(tree);
  bool found = false;
  if (const auto it = graph.entries.find(tree); it != graph.entries.end()) {
    // Other trees' nodes are visited meanwhile; no insertion, so this one stays in place.
    std::vector<LeadingEntry>& kept = it->second;
    std::size_t out = 0;
    for (std::size_t i = 0; i < kept.size(); ++i) {
      const bool leads = !kept[i].is_tree || mark_interesting(graph, kept[i].oid, visited, interesting, depth + 1);
      found = found || leads;
      if (leads) kept[out++] = kept[i];
    }
    kept.resize(out);
  }
  if (found) interesting.insert(tree);
  return found;
}

}  // namespace

void HistoryGraph::compute_interesting() {
  OidSet visited;
  visited.reserve(entries.size());
  for (const auto& [tree, kept] : entries) mark_interesting(*this, tree, visited, interesting, 0);
}

OidMap<std::vector<Introduction>> attribute_blobs(const std::vector<git_oid>& commits, const HistoryGraph& graph, const OidSet& targets) {
  OidMap<std::vector<Introduction>> out;
  if (targets.empty()) return out;
  Attributor attributor(graph, targets);
  for (const auto& c : commits) attributor.commit(c, out);
  return out;
}

OidMap<std::vector<Introduction>> attribute_tree(const git_oid& tree, const HistoryGraph& graph, const OidSet& targets) {
  OidMap<std::vector<Introduction>> out;
  if (targets.empty()) return out;
  Attributor(graph, targets).tree(tree, out);
  return out;
}

}  // namespace hush::scanner::git
