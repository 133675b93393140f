// The whole-history scan of a repository libgit2 cannot read (SHA-256 objects, reftable refs),
// through the git command: `git rev-list --objects --all` says what the refs reach (and what is
// missing), `git cat-file --batch-all-objects --batch` streams every object once, and for the
// few blobs with findings `git log --find-object` names the commit and path that introduced them.
// Same findings and summary as the libgit2 path, at git's speed rather than hush's.
#include "sources/git/history_git_command.hpp"

#include <algorithm>
#include <charconv>
#include <map>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "git_library.hpp"
#include "hush/common/error.hpp"
#include "hush/common/log.hpp"
#include "hush/common/text.hpp"
#include "hush/git/git_command.hpp"
#include "hush/scanner/archive.hpp"
#include "hush/scanner/matcher.hpp"
#include "sources/chunked.hpp"
#include "sources/git/provenance.hpp"

namespace hush::scanner::git {
namespace {

struct Reachable {
  std::unordered_set<std::string> ids;  // commits, tags, trees and blobs the refs reach
  std::vector<std::string> commits;     // children before parents
  std::vector<std::string> missing;     // what rev-list could not find
};

Reachable list_reachable(const std::string& repo) {
  Reachable out;
  // --missing=print: a missing object is listed ("?id"), not fatal, and never fetched from a
  // promisor remote behind the user's back.
  GitCommand rev_list(repo, {"rev-list", "--objects", "--all", "--topo-order", "--missing=print"});
  for (std::string line; rev_list.read_line(line);) {
    if (line.empty()) continue;
    if (line.front() == '?') {
      out.missing.push_back(line.substr(1));
      continue;
    }
    const std::size_t space = line.find(' ');
    std::string id = line.substr(0, space);
    if (space == std::string::npos) out.commits.push_back(id);
    out.ids.insert(std::move(id));
  }
  rev_list.finish("cannot list the objects the refs reach");
  return out;
}

struct Introduction {
  std::string commit;
  std::vector<std::string> paths;
};

// The first commit, parents before children, whose diff adds `blob`, and the paths it has there.
std::optional<Introduction> introduction_of(const std::string& repo, const std::string& blob) {
  GitCommand log(repo, {"log", "--all", "--topo-order", "--reverse", "-m", "--no-abbrev", "--no-renames", "--raw",
                        "--format=commit %H", "--find-object=" + blob});
  std::optional<Introduction> found;
  std::string commit;
  for (std::string line; log.read_line(line);) {
    if (line.starts_with("commit ")) {
      if (found) break;
      commit = line.substr(7);
      continue;
    }
    // ":100644 100644 OLD NEW M\tpath"
    if (!line.starts_with(":")) continue;
    const std::size_t tab = line.find('\t');
    if (tab == std::string::npos) continue;
    const std::string_view meta(line.data(), tab);
    const std::size_t status_space = meta.rfind(' ');
    if (status_space == std::string_view::npos || status_space == 0) continue;
    const std::size_t new_space = meta.rfind(' ', status_space - 1);
    if (new_space == std::string_view::npos || meta.substr(new_space + 1, status_space - new_space - 1) != blob)
      continue;
    if (!found) found = Introduction{commit, {}};
    const std::string path = line.substr(tab + 1);
    if (std::find(found->paths.begin(), found->paths.end(), path) == found->paths.end()) found->paths.push_back(path);
  }
  // Stopping early leaves git writing to a closed pipe; its failure then is ours, not the
  // repository's.
  if (!found) log.finish("cannot find the commit that introduced blob " + blob);
  return found;
}

GitProvenance provenance(const std::string& repo, const std::string& id, std::map<std::string, GitProvenance>& cache) {
  if (const auto it = cache.find(id); it != cache.end()) return it->second;
  const std::string raw = git_output(repo, {"cat-file", "commit", id}, "cannot read commit " + id);
  return cache.emplace(id, provenance_of_raw(id, raw)).first->second;
}

}  // namespace

std::vector<Finding> scan_history_with_git_command(const Scanner& scanner, const GitScanOptions& options,
                                                   const std::string& format, ScanCounters& counters, Logger& log,
                                                   ScanProgress* progress) {
  if (!git_command_available())
    throw Error(ErrorKind::runtime, "the repository's " + format +
                                        " need the git command, which is not installed (libgit2 cannot read them)");
  log.info("reading the repository through the git command", {{"format", format}});
  const std::string& repo = options.repository;
  const Reachable reachable = list_reachable(repo);
  if (!reachable.missing.empty()) {
    // git prints the empty default as an empty line.
    const bool partial = !trim(git_output(repo, {"config", "--default", "", "--get", "extensions.partialclone"},
                                          "cannot read the configuration"))
                              .empty();
    if (!partial && !options.keep_going)
      throw Error(
          ErrorKind::runtime,
          "object " + reachable.missing.front() +
              " is missing; fix: `git fsck --full` lists what is missing; fetch it again (`git fetch`) or restore it"
              " from another clone (--keep-going scans the rest and counts what it could not)");
    if (partial) {
      counters.not_fetched += reachable.missing.size();
      counters.add_gap({"objects not fetched by this partial clone (history below them not scanned)",
                        reachable.missing.size(),
                        "fetch them: `git config --unset remote.origin.partialclonefilter && git fetch --refetch "
                        "origin`, or clone without --filter",
                        false});
    } else {
      counters.unreadable += reachable.missing.size();
      counters.add_gap(
          {"objects missing from the repository (history below them not scanned)", reachable.missing.size(),
           "`git fsck --full` lists what is missing; fetch it again (`git fetch`) or restore it from another clone",
           true});
      for (const auto& id : reachable.missing) log.warn("missing object, not scanned", {{"object", id}});
    }
  }

  Matcher matcher(scanner.rules());
  std::unordered_map<std::string, std::vector<Finding>> blob_findings;
  std::vector<Finding> findings;
  std::map<std::string, GitProvenance> commits;
  GitCommand objects(repo, {"cat-file", "--batch-all-objects", "--batch", "--unordered"});
  std::string header, data, newline;
  while (objects.read_line(header)) {
    // "<id> <type> <size>"
    const std::size_t first = header.find(' '), second = header.rfind(' ');
    std::uint64_t size = 0;
    if (first == std::string::npos || second == first ||
        std::from_chars(header.data() + second + 1, header.data() + header.size(), size).ec != std::errc{})
      throw Error(ErrorKind::runtime, "unexpected output from git cat-file: " + header.substr(0, 100));
    const std::string id = header.substr(0, first), type = header.substr(first + 1, second - first - 1);
    if (!objects.read_exact(static_cast<std::size_t>(size), data) || !objects.read_exact(1, newline))
      throw Error(ErrorKind::runtime, "git cat-file stopped in the middle of object " + id);
    const bool reached = reachable.ids.contains(id);
    if (!reached && !options.all_objects) continue;
    if (type == "blob") {
      if (progress) {
        ++progress->files;
        progress->bytes += size;
      }
      if (options.max_blob_size != 0 && size > options.max_blob_size) {
        ++counters.skipped_size;
        continue;
      }
      std::vector<Finding> found;
      // Findings in an archive's members carry "!member" as their path, to follow the blob's own.
      if (scan_archive(scanner, matcher, {data, "", options.max_blob_size, options.include_binary}, found, counters,
                       log)) {
        if (!found.empty()) blob_findings.emplace(id, std::move(found));
        continue;
      }
      if (scan_whole_file(scanner, matcher, data, "", options.include_binary, found, counters) && !found.empty())
        blob_findings.emplace(id, std::move(found));
    } else if (type == "commit" || type == "tag") {
      const std::size_t blank = data.find("\n\n");
      if (blank == std::string::npos) continue;
      std::vector<Finding> found;
      ScanTarget target;
      target.bytes = std::string_view(data).substr(blank + 2);
      target.path = type == "commit" ? commit_message_path : tag_message_path;
      scanner.scan(target, matcher, found, counters);
      if (found.empty()) continue;
      GitProvenance p = type == "commit" ? provenance_of_raw(id, data) : provenance_of_raw("", data, "tagger");
      if (type == "commit") commits.emplace(id, p);
      for (auto& f : found) {
        f.git = p;
        findings.push_back(std::move(f));
      }
    }
  }
  objects.finish("cannot read the objects");

  // The order of commits, parents first, decides which introduction comes first.
  std::unordered_map<std::string, std::size_t> order;
  for (std::size_t i = 0; i < reachable.commits.size(); ++i)
    order.emplace(reachable.commits[i], reachable.commits.size() - i);
  std::set<std::pair<std::string, std::string>> reported;  // (fingerprint, path)
  struct Pending {
    std::size_t order;
    Finding finding;
  };
  std::vector<Pending> pending;
  for (auto& [blob, found] : blob_findings) {
    const auto intro = reachable.ids.contains(blob) ? introduction_of(repo, blob) : std::nullopt;
    if (!intro) {  // unreachable (--all-objects) or added by no diff git shows
      for (auto& f : found) {
        f.git = GitProvenance{};
        f.git->blob = blob;
        findings.push_back(std::move(f));
      }
      continue;
    }
    GitProvenance p = provenance(repo, intro->commit, commits);
    p.blob = blob;
    const auto at = order.find(intro->commit);
    for (const auto& path : intro->paths) {
      if (options.exclude.excludes_file(path)) {
        ++counters.skipped_excluded;
        continue;
      }
      for (const auto& f : found) {
        auto copy = git::finding_at_path(scanner, f, path);
        if (!copy) continue;
        copy->git = p;
        pending.push_back({at == order.end() ? SIZE_MAX : at->second, std::move(*copy)});
      }
    }
  }
  std::stable_sort(pending.begin(), pending.end(),
                   [](const Pending& a, const Pending& b) { return a.order < b.order; });
  for (auto& p : pending) {
    if (!reported.emplace(p.finding.fingerprint, p.finding.path).second) {
      ++counters.suppressed;
      continue;
    }
    findings.push_back(std::move(p.finding));
  }
  std::sort(findings.begin(), findings.end(), finding_less);
  return findings;
}

}  // namespace hush::scanner::git
