#pragma once
// Scans what single commits add (each against its parents, merges for what they add beyond
// them), each finding attributed to the commit: the work of --range, and of --state for the
// commits a repository gained since the last scan.
#include <git2.h>

#include <string>
#include <vector>

#include "git_library.hpp"
#include "hush/common/error.hpp"
#include "hush/git/libgit2.hpp"
#include "hush/git/oid_set.hpp"
#include "hush/scanner/matcher.hpp"
#include "hush/scanner/sources/git.hpp"
#include "sources/git/change_scanner.hpp"
#include "sources/git/commit_walk.hpp"

namespace hush::scanner::git {

// `base` names, in error messages, where the scanned commits start.
[[noreturn]] void missing_base(const std::string& base, const std::string& why);

// Only which files changed is wanted: no blob is read to guess whether it is binary.
[[nodiscard]] git_diff_options tree_diff_options();

class RangeScanner {
 public:
  RangeScanner(const Scanner& scanner, const GitScanOptions& options, git_repository* repo, const std::string& base,
               Logger& log)
      : scanner_(scanner),
        repo_(repo),
        base_(base),
        changes_(scanner, options, repo, log),
        message_matcher_(scanner.rules()) {
    git_odb* raw = nullptr;
    check(git_repository_odb(&raw, repo), "cannot open the object database");
    odb_.reset(raw);
  }

  void scan_commit(const git_oid& id, std::vector<Finding>& out, ScanCounters& counters) {
    const auto commit = read_raw_commit(odb_.get(), id);
    if (!commit)
      throw Error(ErrorKind::runtime, "commit " + oid_hex(id) + " is missing; 'git fsck' names what else is");
    trees_.emplace(id, commit->tree);
    scan_message(*commit, out, counters);
    const Tree tree = lookup_tree(commit->tree, id);
    std::vector<TreeChanges> per_parent;
    if (commit->parents.empty()) per_parent.push_back(changes_between(nullptr, tree.get(), commit->provenance.commit));
    for (const auto& parent : commit->parents) {
      const Tree parent_tree = lookup_tree(tree_of(parent), parent);
      per_parent.push_back(changes_between(parent_tree.get(), tree.get(), commit->provenance.commit));
    }
    if (per_parent.size() == 1) changes_.scan(std::move(per_parent.front()), &commit->provenance, out, counters);
    else changes_.scan_merge(per_parent, commit->provenance, out, counters);
  }

  void finish(ScanCounters& counters, const std::string& range) const {
    changes_.report_not_fetched(counters, "git log -p -M " + range + " > /dev/null");
  }

 private:
  void scan_message(const RawCommit& commit, std::vector<Finding>& out, ScanCounters& counters) {
    if (commit.message.empty()) return;
    std::vector<Finding> found;
    ScanTarget target;
    target.bytes = commit.message;
    target.path = commit_message_path;
    scanner_.scan(target, message_matcher_, found, counters);
    for (auto& f : found) {
      f.git = commit.provenance;
      out.push_back(std::move(f));
    }
  }

  // The tree of a parent: remembered for commits of the range, read for the ones below it.
  git_oid tree_of(const git_oid& commit_id) {
    if (const auto it = trees_.find(commit_id); it != trees_.end()) return it->second;
    const auto commit = read_raw_commit(odb_.get(), commit_id);
    if (!commit) missing_base(base_, "a parent of a commit in the range is missing, below");
    trees_.emplace(commit_id, commit->tree);
    return commit->tree;
  }

  Tree lookup_tree(const git_oid& tree_id, const git_oid& commit_id) {
    git_tree* raw = nullptr;
    check(git_tree_lookup(&raw, repo_, &tree_id), "cannot read the tree of commit " + oid_hex(commit_id));
    return Tree(raw);
  }

  TreeChanges changes_between(git_tree* from, git_tree* to, const std::string& commit_hex) {
    const git_diff_options opts = tree_diff_options();
    git_diff* raw = nullptr;
    check(git_diff_tree_to_tree(&raw, repo_, from, to, &opts), "cannot diff commit " + commit_hex);
    const Diff diff(raw);
    return changes_of(diff.get());
  }

  const Scanner& scanner_;
  git_repository* repo_;
  const std::string& base_;
  Odb odb_;
  ChangeScanner changes_;
  Matcher message_matcher_;
  OidMap<git_oid> trees_;
};

}  // namespace hush::scanner::git
