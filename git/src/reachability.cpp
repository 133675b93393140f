#include "hush/git/reachability.hpp"

#include "hush/git/libgit2.hpp"

namespace hush::git {
namespace {

// Tags of tags are legal; a chain this long is not something git produces.
constexpr int max_tag_chain = 64;

class Walker {
 public:
  Walker(const ReachInput& in, Reached& out) : in_(in), out_(out) {}

  void tip(const RefTip& tip) {
    git_oid id = tip.id;
    std::string named_by = tip.ref;
    for (int depth = 0; depth < max_tag_chain; ++depth) {
      if (const auto tag = in_.tags.find(id); tag != in_.tags.end()) {
        if (seen_tags_.insert(id).second) out_.tags.emplace_back(id, tip.ref);
        named_by = "tag " + oid_hex(id);
        id = tag->second.target;
        continue;
      }
      if (in_.graph.commits.contains(id)) {
        commit_tips_.push_back(id);
      } else if (in_.present.trees.count(id)) {
        out_.trees.emplace_back(id, tip.ref);
      } else if (in_.present.blobs.count(id)) {
        out_.blobs.emplace_back(id, tip.ref);
      } else if (in_.malformed.count(id)) {
        gap(GapKind::malformed, id, "object", named_by);
      } else if (in_.present.commits.count(id) || in_.present.tags.count(id)) {
        gap(GapKind::unreadable, id, "object", named_by);
      } else {
        gap(in_.partial_clone ? GapKind::not_fetched : GapKind::missing, id, "object", named_by);
      }
      return;
    }
    gap(GapKind::malformed, id, "tag chain", named_by);
  }

  // Depth first with an explicit stack: histories are far deeper than the call stack.
  void commits() {
    OidSet visited;
    std::vector<std::pair<git_oid, std::size_t>> stack;  // commit, next parent to visit
    for (const auto& tip : commit_tips_) {
      if (!visited.insert(tip).second) continue;
      stack.emplace_back(tip, 0);
      while (!stack.empty()) {
        auto& [id, next] = stack.back();
        const CommitNode& node = in_.graph.commits.at(id);
        if (next < node.parents.size()) {
          const git_oid parent = node.parents[next++];
          if (!visited.insert(parent).second) continue;
          if (in_.graph.commits.contains(parent)) {
            stack.emplace_back(parent, 0);
          } else if (in_.shallow.count(id)) {
            gap(GapKind::shallow, parent, "commit", "commit " + oid_hex(id));
          } else {
            missing_commit(parent, "commit " + oid_hex(id));
          }
          continue;
        }
        check_root_tree(id, node.tree);
        out_.commits.push_back(id);
        stack.pop_back();
      }
    }
  }

 private:
  void missing_commit(const git_oid& id, const std::string& named_by) {
    if (in_.malformed.count(id)) gap(GapKind::malformed, id, "commit", named_by);
    else if (in_.present.commits.count(id)) gap(GapKind::unreadable, id, "commit", named_by);
    else gap(in_.partial_clone ? GapKind::not_fetched : GapKind::missing, id, "commit", named_by);
  }

  void check_root_tree(const git_oid& commit, const git_oid& tree) {
    if (!in_.present.trees.count(tree))
      gap(in_.partial_clone ? GapKind::not_fetched : GapKind::missing, tree, "tree", "commit " + oid_hex(commit));
  }

  void gap(GapKind kind, const git_oid& id, std::string what, std::string named_by) {
    out_.gaps.push_back({kind, id, std::move(what), std::move(named_by)});
  }

  const ReachInput& in_;
  Reached& out_;
  std::vector<git_oid> commit_tips_;
  OidSet seen_tags_;
};

}  // namespace

Reached reach(const std::vector<RefTip>& tips, const ReachInput& in) {
  Reached out;
  Walker walker(in, out);
  for (const auto& tip : tips) walker.tip(tip);
  walker.commits();
  return out;
}

}  // namespace hush::git
