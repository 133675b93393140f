#include "sources/git/changes_git_command.hpp"

#include <algorithm>
#include <charconv>
#include <optional>
#include <string_view>
#include <unordered_map>

#include "git_library.hpp"
#include "hush/common/error.hpp"
#include "hush/common/log.hpp"
#include "hush/common/text.hpp"
#include "hush/git/git_command.hpp"
#include "hush/scanner/matcher.hpp"
#include "sources/git/change_scanner.hpp"
#include "sources/git/provenance.hpp"

namespace hush::scanner::git {
namespace {

// One line of `git diff --raw`: a file version new at `path` and the version it replaces there
// (for a rename, the source's), when that was a file.
struct RawChange {
  char status = 0;  // A, M, T, R, D (no copy detection is asked for)
  int score = 0;    // a rename's similarity, 0-100
  std::string path;
  std::string blob;    // empty when deleted
  std::string before;  // empty when the file is new
  bool regular_file = false;
};

bool is_regular_file_mode(std::string_view mode) { return mode == "100644" || mode == "100755"; }

bool is_null_id(std::string_view id) {
  return std::all_of(id.begin(), id.end(), [](char c) { return c == '0'; });
}

// `--raw -z`: ":OLD_MODE NEW_MODE OLD_ID NEW_ID STATUS\0PATH\0", with a second path for renames.
// `diff-tree --root` prints the commit id first, which is not a change.
std::vector<RawChange> parse_raw_changes(std::string_view out) {
  std::vector<RawChange> changes;
  std::size_t pos = 0;
  auto next_field = [&]() -> std::optional<std::string_view> {
    if (pos >= out.size()) return std::nullopt;
    const std::size_t end = out.find('\0', pos);
    if (end == std::string_view::npos)
      throw Error(ErrorKind::runtime, "unexpected output from git diff: no NUL after a field");
    const std::string_view field = out.substr(pos, end - pos);
    pos = end + 1;
    return field;
  };
  while (const auto head = next_field()) {
    if (head->empty() || head->front() != ':') continue;
    std::vector<std::string_view> parts;
    for (std::string_view rest = head->substr(1); !rest.empty();) {
      const std::size_t space = rest.find(' ');
      parts.push_back(rest.substr(0, space));
      rest = space == std::string_view::npos ? std::string_view() : rest.substr(space + 1);
    }
    if (parts.size() != 5 || parts[4].empty())
      throw Error(ErrorKind::runtime, "unexpected output from git diff: " + std::string(head->substr(0, 200)));
    RawChange change;
    change.status = parts[4].front();
    std::from_chars(parts[4].data() + 1, parts[4].data() + parts[4].size(), change.score);
    const auto first_path = next_field();
    const auto second_path = change.status == 'R' || change.status == 'C' ? next_field() : first_path;
    if (!first_path || !second_path)
      throw Error(ErrorKind::runtime, "unexpected output from git diff: a change without its path");
    change.path = std::string(*second_path);
    change.regular_file = is_regular_file_mode(parts[1]);
    if (change.status != 'D') change.blob = std::string(parts[3]);
    // A file whose type changed (a symbolic link replaced by a file) is a new file.
    if (change.status != 'A' && change.status != 'T' && is_regular_file_mode(parts[0]) && !is_null_id(parts[2]))
      change.before = std::string(parts[2]);
    changes.push_back(std::move(change));
  }
  return changes;
}

// A new version worth reading: a file, not deleted, not a pure rename (which adds nothing).
bool adds_content(const RawChange& change) {
  return change.regular_file && change.status != 'D' && !(change.status == 'R' && change.score == 100);
}

class GitCommandChanges {
 public:
  GitCommandChanges(const Scanner& scanner, const GitScanOptions& options, Logger& log)
      : scanner_(scanner), options_(options), log_(log), matcher_(scanner.rules()) {}

  // `befores`: the versions the new one replaces (one per parent of a merge), ids or empty.
  void scan(const RawChange& change, const std::vector<std::string>& befores, const GitProvenance* provenance,
            std::vector<Finding>& out, ScanCounters& counters) {
    if (change_skipped_by_path(scanner_, options_, change.path, counters)) return;
    const std::string bytes = read_blob(change.blob, change.path);
    std::vector<Finding> found;
    if (!scan_new_version(scanner_, matcher_, options_, bytes, change.path, found, counters, log_) || found.empty())
      return;
    std::vector<std::string> earlier;
    for (const auto& id : befores)
      if (!id.empty()) earlier.push_back(read_blob(id, change.path));
    const std::vector<std::string_view> before(earlier.begin(), earlier.end());
    keep_new_in_archive(scanner_, matcher_, options_, change.path, found, before, counters);
    keep_added_findings(found, change.path, bytes, before, provenance, change.blob, out, counters);
  }

  void scan_message(std::string_view message, const GitProvenance& provenance, std::vector<Finding>& out,
                    ScanCounters& counters) {
    if (message.empty()) return;
    std::vector<Finding> found;
    ScanTarget target;
    target.bytes = message;
    target.path = commit_message_path;
    scanner_.scan(target, matcher_, found, counters);
    for (auto& f : found) {
      f.git = provenance;
      out.push_back(std::move(f));
    }
  }

 private:
  std::string read_blob(const std::string& id, const std::string& path) const {
    return git_output(options_.repository, {"cat-file", "blob", id}, "cannot read object " + id + " (" + path + ")");
  }

  const Scanner& scanner_;
  const GitScanOptions& options_;
  Logger& log_;
  Matcher matcher_;
};

void require_git_command(const std::string& format) {
  if (!git_command_available())
    throw Error(ErrorKind::runtime, "the repository's " + format +
                                        " need the git command, which is not installed (libgit2 cannot read them)");
}

std::vector<std::string> diff_tree_args(const std::string& from, const std::string& to) {
  std::vector<std::string> args = {"diff-tree", "-r", "-z", "--raw", "--no-abbrev", "-M", "--no-ext-diff"};
  if (from.empty()) args.push_back("--root");
  else args.push_back(from);
  args.push_back(to);
  return args;
}

}  // namespace

std::vector<Finding> scan_staged_with_git_command(const Scanner& scanner, const GitScanOptions& options,
                                                  const std::string& format, ScanCounters& counters, Logger& log) {
  require_git_command(format);
  const std::string& repo = options.repository;
  if (trim(git_output(repo, {"rev-parse", "--is-bare-repository"}, "cannot open repository " + repo)) == "true")
    throw Error(ErrorKind::usage, "--staged needs a work tree; " + repo + " is bare");
  log.debug("reading the index through the git command", {{"format", format}});
  // git reads GIT_INDEX_FILE itself (`git commit -a` hands the hook a temporary index), and
  // before the first commit compares the index with the empty tree.
  const std::string raw =
      git_output(repo, {"diff", "--cached", "-r", "-z", "--raw", "--no-abbrev", "-M", "--no-ext-diff"},
                 "cannot compare the index with HEAD");
  GitCommandChanges changes(scanner, options, log);
  std::vector<Finding> out;
  for (const auto& change : parse_raw_changes(raw))
    if (adds_content(change)) changes.scan(change, {change.before}, nullptr, out, counters);
  std::sort(out.begin(), out.end(), finding_less);
  return out;
}

std::vector<Finding> scan_range_with_git_command(const Scanner& scanner, const GitScanOptions& options,
                                                 const std::string& base, const std::string& head,
                                                 const std::string& format, ScanCounters& counters, Logger& log) {
  require_git_command(format);
  const std::string& repo = options.repository;
  GitCommandChanges changes(scanner, options, log);
  std::vector<Finding> out;
  std::size_t commits = 0;
  // "COMMIT PARENT...", parents first. `^BASE` after `--end-of-options` keeps a revision that
  // starts with '-' from being read as an option.
  GitCommand walk(repo, {"rev-list", "--reverse", "--topo-order", "--parents", "--end-of-options", head, "^" + base});
  for (std::string line; walk.read_line(line);) {
    std::vector<std::string> ids;
    for (std::string_view rest = line; !rest.empty();) {
      const std::size_t space = rest.find(' ');
      ids.emplace_back(rest.substr(0, space));
      rest = space == std::string_view::npos ? std::string_view() : rest.substr(space + 1);
    }
    if (ids.empty()) continue;
    ++commits;
    const std::string& id = ids.front();
    const std::vector<std::string> parents(ids.begin() + 1, ids.end());
    const std::string raw_commit = git_output(repo, {"cat-file", "commit", id}, "cannot read commit " + id);
    const GitProvenance provenance = provenance_of_raw(id, raw_commit);
    if (const std::size_t blank = raw_commit.find("\n\n"); blank != std::string::npos)
      changes.scan_message(std::string_view(raw_commit).substr(blank + 2), provenance, out, counters);

    if (parents.size() <= 1) {
      const std::string from = parents.empty() ? "" : parents.front();
      for (const auto& change :
           parse_raw_changes(git_output(repo, diff_tree_args(from, id), "cannot diff commit " + id)))
        if (adds_content(change)) changes.scan(change, {change.before}, &provenance, out, counters);
      continue;
    }
    // A merge adds what is new relative to every parent (`git diff --cc`'s notion): a file the
    // merge left as one parent had it (or moved unchanged) added nothing.
    std::vector<std::vector<RawChange>> per_parent;
    std::vector<std::unordered_map<std::string_view, const RawChange*>> by_path(parents.size());
    for (const auto& parent : parents)
      per_parent.push_back(parse_raw_changes(git_output(repo, diff_tree_args(parent, id), "cannot diff commit " + id)));
    for (std::size_t p = 0; p < parents.size(); ++p)
      for (const auto& change : per_parent[p]) by_path[p].emplace(change.path, &change);
    for (const auto& candidate : per_parent.front()) {
      if (!adds_content(candidate)) continue;
      std::vector<std::string> befores;
      for (std::size_t p = 0; p < parents.size(); ++p) {
        const auto it = by_path[p].find(candidate.path);
        if (it == by_path[p].end() || !adds_content(*it->second)) break;
        befores.push_back(it->second->before);
      }
      if (befores.size() == parents.size()) changes.scan(candidate, befores, &provenance, out, counters);
    }
  }
  walk.finish("cannot list the commits of " + base + ".." + head);
  log.info("range scanned",
           {{"range", base + ".." + head}, {"commits", std::to_string(commits)}, {"through", "git command"}});
  std::sort(out.begin(), out.end(), finding_less);
  return out;
}

}  // namespace hush::scanner::git
