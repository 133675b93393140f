#include "hush/git/attribution.hpp"

#include <string>

#include "hush/common/error.hpp"
#include "hush/git/libgit2.hpp"

namespace hush::git {
namespace {

// Both walks below recurse once per level of tree nesting. git refuses trees nested deeper than
// core.maxTreeDepth (4096 by default); a hostile repository could nest deeper and overflow the
// stack, so that is an error here too.
constexpr unsigned max_tree_depth = 4096;

[[noreturn]] void too_deep(const git_oid& tree) {
  throw Error(ErrorKind::runtime, "tree " + oid_hex(tree) + " is nested more than " + std::to_string(max_tree_depth) +
                                      " levels deep, which git refuses too (core.maxTreeDepth)");
}

const LeadingEntry* by_name(std::span<const LeadingEntry> entries, std::uint32_t name) {
  for (const auto& e : entries)
    if (e.name == name) return &e;
  return nullptr;
}

class Attributor {
 public:
  Attributor(const HistoryGraph& graph, const OidSet& targets) : graph_(graph), targets_(targets) {}

  void commit(const git_oid& id, OidMap<std::vector<Introduction>>& out) {
    const auto it = graph_.commits.find(id);
    if (it == graph_.commits.end()) return;
    std::vector<std::size_t> parent_trees;
    for (const auto& p : it->second.parents) {
      // A parent missing from a shallow clone is treated as absent: its blobs count as introduced here.
      if (const auto pit = graph_.commits.find(p); pit != graph_.commits.end())
        parent_trees.push_back(position(pit->second.tree));
    }
    walk(position(it->second.tree), parent_trees, std::string(), id, 0, out);
  }

  void tree(const git_oid& root, OidMap<std::vector<Introduction>>& out) {
    walk(position(root), {}, std::string(), root, 0, out);
  }

 private:
  // A tree the database lacks has no position, and no entries.
  std::size_t position(const git_oid& tree) const { return graph_.trees ? graph_.trees->position(tree) : OidSet::npos; }

  // Trees that lead to no target stay in the graph, unused: attribution never enters them.
  std::span<const LeadingEntry> entries_of(std::size_t tree) const {
    return graph_.leads_to_target(tree) ? graph_.entries(tree) : std::span<const LeadingEntry>();
  }

  void walk(std::size_t tree, const std::vector<std::size_t>& parent_trees, const std::string& prefix,
            const git_oid& commit, unsigned depth, OidMap<std::vector<Introduction>>& out) {
    if (!graph_.leads_to_target(tree)) return;
    if (depth > max_tree_depth) too_deep(graph_.trees->at(tree));
    for (const auto p : parent_trees)
      if (p == tree) return;  // unchanged from a parent: nothing new below
    // A parent tree that leads to no target cannot hold the same target or the same subtree, so
    // only interesting parents matter.
    std::vector<std::span<const LeadingEntry>> parents;
    for (const auto p : parent_trees) parents.push_back(entries_of(p));
    for (const auto& e : entries_of(tree)) {
      if (!e.is_tree) {
        const git_oid& blob = graph_.blobs->at(e.object);
        if (!targets_.count(blob)) continue;
        bool in_parent = false;
        for (const auto pe : parents) {
          const LeadingEntry* match = by_name(pe, e.name);
          in_parent |= match && !match->is_tree && match->object == e.object;
        }
        if (!in_parent) out[blob].push_back({commit, prefix + graph_.names[e.name]});
      } else {
        std::vector<std::size_t> sub_parents;
        for (const auto pe : parents)
          if (const LeadingEntry* match = by_name(pe, e.name); match && match->is_tree)
            sub_parents.push_back(match->object);
        walk(e.object, sub_parents, prefix + graph_.names[e.name] + "/", commit, depth + 1, out);
      }
    }
  }

  const HistoryGraph& graph_;
  const OidSet& targets_;
};

// Whether `tree` leads to a target; its entries that lead to none are dropped on the way, since
// attribution walks only through the others. Trees cannot contain themselves, so the recursion
// ends.
bool mark_interesting(HistoryGraph& graph, std::size_t tree, std::vector<bool>& visited, unsigned depth) {
  if (visited[tree]) return graph.interesting[tree];
  visited[tree] = true;
  if (depth > max_tree_depth) too_deep(graph.trees->at(tree));
  bool found = false;
  HistoryGraph::Span& span = graph.spans[tree];
  if (span.count == 0) return false;
  LeadingEntry* kept = graph.parts[span.part].data() + span.begin;
  std::uint32_t out = 0;
  for (std::uint32_t i = 0; i < span.count; ++i) {
    const bool leads = !kept[i].is_tree || mark_interesting(graph, kept[i].object, visited, depth + 1);
    found = found || leads;
    if (leads) kept[out++] = kept[i];
  }
  span.count = out;
  if (found) graph.interesting[tree] = true;
  return found;
}

}  // namespace

void HistoryGraph::compute_interesting() {
  std::vector<bool> visited(spans.size());
  interesting.assign(spans.size(), false);
  for (std::size_t tree = 0; tree < spans.size(); ++tree)
    if (spans[tree].count) mark_interesting(*this, tree, visited, 0);
}

OidMap<std::vector<Introduction>> attribute_blobs(const std::vector<git_oid>& commits, const HistoryGraph& graph,
                                                  const OidSet& targets) {
  OidMap<std::vector<Introduction>> out;
  if (targets.empty()) return out;
  Attributor attributor(graph, targets);
  for (const auto& c : commits) attributor.commit(c, out);
  return out;
}

OidMap<std::vector<Introduction>> attribute_tree(const git_oid& tree, const HistoryGraph& graph,
                                                 const OidSet& targets) {
  OidMap<std::vector<Introduction>> out;
  if (targets.empty()) return out;
  Attributor(graph, targets).tree(tree, out);
  return out;
}

}  // namespace hush::git
