// `hush scan --git --range BASE..HEAD` (the CI gate): what each commit of the range adds, each
// finding attributed to the commit that added it; merges included, for what they add beyond
// their parents.
#include <algorithm>

#include "hush/common/log.hpp"
#include "hush/scanner/matcher.hpp"
#include "hush/scanner/sources/git.hpp"
#include "sources/git/change_scanner.hpp"
#include "sources/git/changes_git_command.hpp"
#include "sources/git/git_command.hpp"
#include "sources/git/libgit2.hpp"
#include "sources/git/oid_set.hpp"
#include "sources/git/commit_walk.hpp"

namespace hush::scanner {
namespace {

[[noreturn]] void missing_base(const std::string& base, const std::string& why) {
  throw Error(ErrorKind::usage, "cannot scan the range: " + why + " '" + base +
                                    "'. The history is probably shallow: fetch more of it (git fetch --unshallow, or "
                                    "fetch-depth: 0 in actions/checkout) and run again.");
}

git_diff_options tree_diff_options() {
  git_diff_options opts;
  git_diff_options_init(&opts, GIT_DIFF_OPTIONS_VERSION);
  // Only which files changed is wanted: no blob is read to guess whether it is binary.
  opts.flags |= GIT_DIFF_SKIP_BINARY_CHECK;
  return opts;
}

struct RangeSpec {
  std::string base;
  std::string head = "HEAD";
};

RangeSpec parse_range(const std::string& range) {
  RangeSpec spec{range};
  // "A...B" is "since A and B diverged": the commits of B that A does not have, as "A..B".
  const auto dots = range.find("...");
  const auto two = dots == std::string::npos ? range.find("..") : dots;
  if (two != std::string::npos) {
    spec.base = range.substr(0, two);
    spec.head = range.substr(two + (dots == std::string::npos ? 2 : 3));
  }
  if (spec.head.empty()) spec.head = "HEAD";
  if (spec.base.empty()) throw Error(ErrorKind::usage, "--range needs a base commit (BASE..HEAD)");
  return spec;
}

class RangeScanner {
 public:
  RangeScanner(const Scanner& scanner, const GitScanOptions& options, git_repository* repo, const std::string& base, Logger& log)
      : scanner_(scanner), repo_(repo), base_(base), changes_(scanner, options, repo, log), message_matcher_(scanner.rules()) {
    git_odb* raw = nullptr;
    git::check(git_repository_odb(&raw, repo), "cannot open the object database");
    odb_.reset(raw);
  }

  void scan_commit(const git_oid& id, std::vector<Finding>& out, ScanCounters& counters) {
    const auto commit = git::read_raw_commit(odb_.get(), id);
    if (!commit) throw Error(ErrorKind::runtime, "commit " + git::oid_hex(id) + " is missing; 'git fsck' names what else is");
    trees_.emplace(id, commit->tree);
    scan_message(*commit, out, counters);
    const git::Tree tree = lookup_tree(commit->tree, id);
    std::vector<git::TreeChanges> per_parent;
    if (commit->parents.empty()) per_parent.push_back(changes_between(nullptr, tree.get(), commit->provenance.commit));
    for (const auto& parent : commit->parents) {
      const git::Tree parent_tree = lookup_tree(tree_of(parent), parent);
      per_parent.push_back(changes_between(parent_tree.get(), tree.get(), commit->provenance.commit));
    }
    if (per_parent.size() == 1) changes_.scan(std::move(per_parent.front()), &commit->provenance, out, counters);
    else changes_.scan_merge(per_parent, commit->provenance, out, counters);
  }

  void finish(ScanCounters& counters, const std::string& range) const {
    changes_.report_not_fetched(counters, "git log -p -M " + range + " > /dev/null");
  }

 private:
  void scan_message(const git::RawCommit& commit, std::vector<Finding>& out, ScanCounters& counters) {
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
    const auto commit = git::read_raw_commit(odb_.get(), commit_id);
    if (!commit) missing_base(base_, "a parent of a commit in the range is missing, below");
    trees_.emplace(commit_id, commit->tree);
    return commit->tree;
  }

  git::Tree lookup_tree(const git_oid& tree_id, const git_oid& commit_id) {
    git_tree* raw = nullptr;
    git::check(git_tree_lookup(&raw, repo_, &tree_id), "cannot read the tree of commit " + git::oid_hex(commit_id));
    return git::Tree(raw);
  }

  git::TreeChanges changes_between(git_tree* from, git_tree* to, const std::string& commit_hex) {
    const git_diff_options opts = tree_diff_options();
    git_diff* raw = nullptr;
    git::check(git_diff_tree_to_tree(&raw, repo_, from, to, &opts), "cannot diff commit " + commit_hex);
    const git::Diff diff(raw);
    return git::changes_of(diff.get());
  }

  const Scanner& scanner_;
  git_repository* repo_;
  const std::string& base_;
  git::Odb odb_;
  git::ChangeScanner changes_;
  Matcher message_matcher_;
  git::OidMap<git_oid> trees_;
};

}  // namespace

std::vector<Finding> scan_git_range(const Scanner& scanner, const GitScanOptions& options, const std::string& range,
                                    ScanCounters& counters, Logger& log) {
  const git::LibGit2 library;
  const RangeSpec spec = parse_range(range);
  std::optional<std::string> format;
  git::Repository repo = git::open_repository(options.repository, &format);
  if (format) {
    auto commit_named = [&](const std::string& revision) {
      try {
        return !git::git_output(options.repository, {"rev-parse", "--verify", "--quiet", "--end-of-options", revision + "^{commit}"},
                                "cannot resolve '" + revision + "'")
                    .empty();
      } catch (const Error&) {
        return false;
      }
    };
    if (!commit_named(spec.head)) throw Error(ErrorKind::usage, "cannot resolve '" + spec.head + "'");
    if (!commit_named(spec.base)) missing_base(spec.base, "this repository does not have the base commit");
    return git::scan_range_with_git_command(scanner, options, spec.base, spec.head, *format, counters, log);
  }
  const auto head = git::resolve_revision(repo.get(), spec.head);
  if (!head) throw Error(ErrorKind::usage, "cannot resolve '" + spec.head + "'");
  const auto base = git::resolve_revision(repo.get(), spec.base);
  if (!base) missing_base(spec.base, "this repository does not have the base commit");

  const git::RangeWalk walk = git::walk_range(repo.get(), *head, *base);
  const bool shallow = git_repository_is_shallow(repo.get());
  // In a shallow clone an unrelated-looking base means the shared history was not fetched; a
  // silent full scan (or pass) would be wrong either way.
  if (!walk.related && shallow) missing_base(spec.base, "the fetched history does not connect HEAD to");
  if (!walk.related) throw Error(ErrorKind::usage, "'" + spec.base + "' and '" + spec.head + "' share no history");
  if (walk.cut_off)
    missing_base(spec.base, "commit " + git::oid_hex(*walk.cut_off) + " of the range has parents that were not fetched, above");

  RangeScanner range_scanner(scanner, options, repo.get(), spec.base, log);
  std::vector<Finding> out;
  for (const auto& id : walk.commits) range_scanner.scan_commit(id, out, counters);
  range_scanner.finish(counters, spec.base + ".." + spec.head);
  log.info("range scanned", {{"range", spec.base + ".." + spec.head}, {"commits", std::to_string(walk.commits.size())}});
  std::sort(out.begin(), out.end(), finding_less);
  return out;
}

}  // namespace hush::scanner
