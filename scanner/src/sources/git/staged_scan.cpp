// `hush scan --staged` (the pre-commit hook): what the index adds relative to HEAD, located in the
// staged version of each file.
#include <algorithm>
#include <cstdlib>
#include <filesystem>

#include "hush/git/libgit2.hpp"
#include "hush/git/staged_changes.hpp"
#include "hush/scanner/sources/git.hpp"
#include "sources/git/change_scanner.hpp"
#include "sources/git/changes_git_command.hpp"
#include "sources/git/commit_walk.hpp"

namespace hush::scanner {
namespace {

// `git commit -a` and `git commit PATH` hand the hook a temporary index in GIT_INDEX_FILE: that
// index, not .git/index, is what is about to be committed.
std::filesystem::path index_path_of(git_repository* repo) {
  std::filesystem::path index_path = std::filesystem::path(git_repository_path(repo)) / "index";
  if (const char* index_file = std::getenv("GIT_INDEX_FILE"); index_file && *index_file) {
    index_path = index_file;
    if (index_path.is_relative()) index_path = std::filesystem::path(git_repository_workdir(repo)) / index_path;
  }
  return index_path;
}

// Split and sparse indexes, which hush's own reader leaves to libgit2.
git::TreeChanges changes_by_libgit2(git_repository* repo, const std::filesystem::path& index_path,
                                    git_tree* head_tree) {
  git_index* raw_index = nullptr;
  if (git_index_open(&raw_index, index_path.c_str()) < 0) {
    const git_error* e = git_error_last();
    const std::string why = e && e->message ? e->message : "unknown error";
    std::string hint;
    if (why.find("'link'") != std::string::npos)
      hint = " (split index: 'git update-index --no-split-index' turns it off)";
    else if (why.find("'sdir'") != std::string::npos)
      hint = " (sparse index: 'git sparse-checkout disable' or index.sparse=false)";
    throw Error(ErrorKind::runtime, "cannot read the index " + index_path.string() + ": " + why + hint);
  }
  const git::Index index(raw_index);
  git_diff_options opts;
  git_diff_options_init(&opts, GIT_DIFF_OPTIONS_VERSION);
  opts.flags |= GIT_DIFF_SKIP_BINARY_CHECK;
  git_diff* raw_diff = nullptr;
  git::check(git_diff_tree_to_index(&raw_diff, repo, head_tree, index.get(), &opts),
             "cannot compare the index with HEAD");
  const git::Diff diff(raw_diff);
  return git::changes_of(diff.get());
}

// Before the first commit there is no HEAD tree, and everything staged is added.
git::Tree head_tree_of(git_repository* repo) {
  git_object* head = nullptr;
  if (git_revparse_single(&head, repo, "HEAD^{tree}") == 0) return git::Tree(reinterpret_cast<git_tree*>(head));
  git_error_clear();
  // A HEAD commit libgit2 refuses to parse (no author, a bad date) still has a tree.
  const auto id = git::resolve_revision(repo, "HEAD");
  if (!id) return {};
  git_odb* raw_odb = nullptr;
  git::check(git_repository_odb(&raw_odb, repo), "cannot open the object database");
  const git::Odb odb(raw_odb);
  const auto commit = git::read_raw_commit(odb.get(), *id);
  if (!commit) return {};
  git_tree* tree = nullptr;
  git::check(git_tree_lookup(&tree, repo, &commit->tree), "cannot read the tree of HEAD (" + git::oid_hex(*id) + ")");
  return git::Tree(tree);
}

}  // namespace

std::vector<Finding> scan_git_staged(const Scanner& scanner, const GitScanOptions& options, ScanCounters& counters,
                                     Logger& log) {
  const git::LibGit2 library;
  std::optional<std::string> format;
  git::Repository repo = git::open_repository(options.repository, &format);
  if (format) return git::scan_staged_with_git_command(scanner, options, *format, counters, log);
  if (git_repository_is_bare(repo.get()))
    throw Error(ErrorKind::usage, "--staged needs a work tree; " + options.repository + " is bare");
  const std::filesystem::path index_path = index_path_of(repo.get());
  git::Tree head_tree = head_tree_of(repo.get());

  std::vector<Finding> out;
  std::error_code ec;
  if (!std::filesystem::exists(index_path, ec)) return out;  // nothing ever staged
  auto changes = git::staged_changes(repo.get(), index_path, head_tree.get());
  if (!changes) changes = changes_by_libgit2(repo.get(), index_path, head_tree.get());
  git::ChangeScanner change_scanner(scanner, options, repo.get(), log);
  change_scanner.scan(std::move(*changes), nullptr, out, counters);
  change_scanner.report_not_fetched(counters, "git diff --cached -M > /dev/null");
  std::sort(out.begin(), out.end(), finding_less);
  return out;
}

}  // namespace hush::scanner
