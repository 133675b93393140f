// `hush scan --git --state DIR`: the first run scans the whole history and remembers which commits
// it covered and which findings it reported; each later run scans only the commits the
// repository gained since (what each adds, as --range does), and reports only findings not
// reported before. Force-pushes and repacks change nothing: commits are known by id, whatever
// pack or branch holds them.
#include <filesystem>

#include "hush/common/log.hpp"
#include "hush/git/libgit2.hpp"
#include "hush/scanner/sources/git.hpp"
#include "sources/git/range_scanner.hpp"
#include "sources/git/scan_state.hpp"

namespace hush::scanner {
namespace {

using Walk = git::GitPtr<git_revwalk, git_revwalk_free>;
using GitReference = git::GitPtr<git_reference, git_reference_free>;
using ReferenceIterator = git::GitPtr<git_reference_iterator, git_reference_iterator_free>;

int hide_known(const git_oid* id, void* known) {
  return static_cast<const git::OidSet*>(known)->count(*id) != 0 ? 1 : 0;
}

// Commits reachable from any ref or HEAD, parents first, without `known` ones and their ancestors.
std::vector<git_oid> commits_to_scan(git_repository* repo, const git::OidSet* known) {
  git_revwalk* raw_walk = nullptr;
  git::check(git_revwalk_new(&raw_walk, repo), "cannot walk the history");
  const Walk walk(raw_walk);
  git::check(git_revwalk_sorting(walk.get(), GIT_SORT_TOPOLOGICAL | GIT_SORT_REVERSE), "cannot walk the history");
  if (known)
    git::check(git_revwalk_add_hide_cb(walk.get(), hide_known, const_cast<git::OidSet*>(known)),
               "cannot walk the history");
  git_reference_iterator* raw_iterator = nullptr;
  git::check(git_reference_iterator_new(&raw_iterator, repo), "cannot list the references");
  const ReferenceIterator iterator(raw_iterator);
  git_reference* raw_ref = nullptr;
  while (git_reference_next(&raw_ref, iterator.get()) == 0) {
    const GitReference ref(raw_ref);
    git_object* raw_target = nullptr;
    // Refs to blobs and trees hold no commits; the full scan reads those.
    if (git_reference_peel(&raw_target, ref.get(), GIT_OBJECT_COMMIT) != 0) {
      git_error_clear();
      continue;
    }
    const git::Object target(raw_target);
    if (!known || known->count(*git_object_id(target.get())) == 0)
      git::check(git_revwalk_push(walk.get(), git_object_id(target.get())), "cannot walk the history");
  }
  if (git_revwalk_push_head(walk.get()) != 0) git_error_clear();  // unborn or detached onto a known commit
  std::vector<git_oid> commits;
  git_oid id;
  int rc = 0;
  while ((rc = git_revwalk_next(&id, walk.get())) == 0) commits.push_back(id);
  if (rc != GIT_ITEROVER) git::check(rc, "cannot walk the history");
  return commits;
}

std::string canonical_git_dir(git_repository* repo) {
  std::error_code ec;
  const auto path = std::filesystem::weakly_canonical(git_repository_path(repo), ec);
  return ec ? std::string(git_repository_path(repo)) : path.generic_string();
}

}  // namespace

std::vector<Finding> scan_git_with_state(const Scanner& scanner, const GitScanOptions& options,
                                         const std::string& state_dir, bool all_findings, ScanCounters& counters,
                                         Logger& log, ScanProgress* progress) {
  const git::LibGit2 library;
  std::optional<std::string> format;
  git::Repository repo = git::open_repository(options.repository, &format);
  if (format) {
    log.warn("--state is not kept for this repository format: the whole history is scanned", {{"format", *format}});
    return scan_git_history(scanner, options, counters, log, progress);
  }
  const std::string identity = canonical_git_dir(repo.get());
  const auto file = git::state_file_for(state_dir, identity);
  std::string why;
  std::optional<git::ScanState> state = git::load_scan_state(file, identity, why);
  if (!state || all_findings) {
    if (state) why = "--all-findings";
    if (!state && why != "no state yet")
      log.warn("--state: the state is rebuilt with a full history scan", {{"file", file.string()}, {"reason", why}});
    std::vector<Finding> findings = scan_git_history(scanner, options, counters, log, progress);
    git::ScanState fresh;
    fresh.repository = identity;
    for (const auto& id : commits_to_scan(repo.get(), nullptr)) fresh.commits.insert(id);
    for (const auto& f : findings) fresh.fingerprints.insert(f.fingerprint);
    git::save_scan_state(file, fresh);
    log.info("state written", {{"file", file.string()}, {"commits", std::to_string(fresh.commits.size())}});
    return findings;
  }

  const std::vector<git_oid> commits = commits_to_scan(repo.get(), &state->commits);
  std::vector<Finding> found;
  if (!commits.empty()) {
    const std::string base = "the commits the last scan covered";
    git::RangeScanner range_scanner(scanner, options, repo.get(), base, log);
    for (const auto& id : commits) range_scanner.scan_commit(id, found, counters);
    range_scanner.finish(counters, "--all");
  }
  std::vector<Finding> fresh_findings;
  std::size_t known = 0;
  for (auto& f : found) {
    if (state->fingerprints.contains(f.fingerprint)) {
      ++known;
      continue;
    }
    fresh_findings.push_back(std::move(f));
  }
  for (const auto& id : commits) state->commits.insert(id);
  for (const auto& f : fresh_findings) state->fingerprints.insert(f.fingerprint);
  git::save_scan_state(file, *state);
  log.info("scanned since the last state",
           {{"new_commits", std::to_string(commits.size())}, {"known_findings_skipped", std::to_string(known)}});
  std::sort(fresh_findings.begin(), fresh_findings.end(), finding_less);
  return fresh_findings;
}

}  // namespace hush::scanner
