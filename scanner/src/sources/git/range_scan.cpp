// `hush scan --git --range BASE..HEAD` (the CI gate): what each commit of the range adds, each
// finding attributed to the commit that added it; merges included, for what they add beyond
// their parents.
#include <algorithm>

#include "hush/common/log.hpp"
#include "hush/git/git_command.hpp"
#include "hush/git/libgit2.hpp"
#include "hush/git/oid_set.hpp"
#include "hush/scanner/matcher.hpp"
#include "hush/scanner/sources/git.hpp"
#include "sources/git/changes_git_command.hpp"
#include "sources/git/commit_walk.hpp"
#include "sources/git/range_scanner.hpp"

namespace hush::scanner {
namespace {

using git::missing_base;

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
        return !git::git_output(options.repository,
                                {"rev-parse", "--verify", "--quiet", "--end-of-options", revision + "^{commit}"},
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
    missing_base(spec.base,
                 "commit " + git::oid_hex(*walk.cut_off) + " of the range has parents that were not fetched, above");

  git::RangeScanner range_scanner(scanner, options, repo.get(), spec.base, log);
  std::vector<Finding> out;
  for (const auto& id : walk.commits) range_scanner.scan_commit(id, out, counters);
  range_scanner.finish(counters, spec.base + ".." + spec.head);
  log.info("range scanned",
           {{"range", spec.base + ".." + spec.head}, {"commits", std::to_string(walk.commits.size())}});
  std::sort(out.begin(), out.end(), finding_less);
  return out;
}

}  // namespace hush::scanner
