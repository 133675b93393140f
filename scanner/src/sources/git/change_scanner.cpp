#include "sources/git/change_scanner.hpp"

#include <algorithm>
#include <memory>
#include <optional>
#include <set>
#include <tuple>
#include <unordered_map>

#include "git_library.hpp"
#include "hush/common/log.hpp"
#include "hush/git/libgit2.hpp"
#include "hush/git/line_changes.hpp"
#include "hush/git/oid_set.hpp"
#include "hush/git/refs.hpp"
#include "hush/scanner/archive.hpp"
#include "sources/chunked.hpp"

namespace hush::scanner::git {

namespace {

// git's own default for diff.renameLimit: past this many removed files, only exact renames.
constexpr std::size_t rename_limit = 1000;

// The blob, or nullopt when it is absent from a partial clone (its promisor remote has it).
// Absent from any other repository, it is an Error naming `what`.
std::optional<Blob> read_blob(git_repository* repo, const git_oid& id, bool partial_clone, const std::string& what) {
  git_blob* raw = nullptr;
  const int rc = git_blob_lookup(&raw, repo, &id);
  if (rc == GIT_ENOTFOUND && partial_clone) {
    git_error_clear();
    return std::nullopt;
  }
  check(rc, "cannot read object " + oid_hex(id) + " (" + what + ")");
  return Blob(raw);
}

}  // namespace

// Where a file that is new at its path came from: the removed file most like it, if it shares at
// least half its content (git's -M50%). Looked up only for files with findings, so a change
// without findings reads no removed file; each removed file is read at most once.
class ChangeScanner::RenameSources {
 public:
  RenameSources(git_repository* repo, const std::vector<RemovedFile>& removed, bool partial_clone)
      : repo_(repo), removed_(removed), partial_clone_(partial_clone) {}

  std::optional<git_oid> source_of(std::string_view new_version) {
    if (removed_.empty() || removed_.size() > rename_limit) return std::nullopt;
    const LineCounts target(new_version);
    std::optional<git_oid> best;
    int best_score = rename_threshold - 1;
    for (std::size_t i = 0; i < removed_.size(); ++i) {
      const Loaded* source = load(i);
      if (!source) continue;
      if (const int score = similarity(source->lines, target); score > best_score) {
        best_score = score;
        best = removed_[i].blob;
      }
    }
    return best;
  }

 private:
  struct Loaded {
    Blob blob;
    LineCounts lines;  // views into blob
  };

  const Loaded* load(std::size_t i) {
    if (loaded_.empty()) loaded_.resize(removed_.size());
    if (!loaded_[i]) {
      // A source a partial clone never fetched cannot vouch for any line: as if it were not there.
      auto blob = read_blob(repo_, removed_[i].blob, partial_clone_, removed_[i].path);
      if (!blob) return nullptr;
      const std::string_view bytes = blob_bytes(blob->get());
      loaded_[i] = std::make_unique<Loaded>(Loaded{std::move(*blob), LineCounts(bytes)});
    }
    return loaded_[i].get();
  }

  git_repository* repo_;
  const std::vector<RemovedFile>& removed_;
  bool partial_clone_;
  std::vector<std::unique_ptr<Loaded>> loaded_;
};

ChangeScanner::ChangeScanner(const Scanner& scanner, const GitScanOptions& options, git_repository* repo, Logger& log)
    : scanner_(scanner),
      options_(options),
      repo_(repo),
      log_(log),
      matcher_(scanner.rules()),
      partial_clone_(is_partial_clone(repo)) {}

bool change_skipped_by_path(const Scanner& scanner, const GitScanOptions& options, const std::string& path,
                            ScanCounters& counters) {
  if (!options.exclude.excludes_file(path) && !scanner.path_allowlisted(path)) return false;
  ++counters.skipped_excluded;
  return true;
}

bool scan_new_version(const Scanner& scanner, Matcher& matcher, const GitScanOptions& options, std::string_view bytes,
                      const std::string& path, std::vector<Finding>& found, ScanCounters& counters, Logger& log) {
  if (bytes.size() > options.max_blob_size) {
    ++counters.skipped_size;
    return false;
  }
  if (scan_archive(scanner, matcher, {bytes, path, options.max_blob_size, options.include_binary}, found, counters,
                   log))
    return true;
  // UTF-16 breaks lines where its text does (0A 00), so added lines count the same in its bytes.
  return scan_whole_file(scanner, matcher, bytes, path, options.include_binary, found, counters);
}

namespace {

bool in_member(const Finding& f, std::string_view path) {
  return f.path.size() > path.size() && f.path.starts_with(path) && f.path[path.size()] == '!';
}

}  // namespace

void keep_new_in_archive(const Scanner& scanner, Matcher& matcher, const GitScanOptions& options,
                         const std::string& path, std::vector<Finding>& found,
                         const std::vector<std::string_view>& before, ScanCounters& counters) {
  if (std::none_of(found.begin(), found.end(), [&](const Finding& f) { return in_member(f, path); })) return;
  std::set<std::tuple<std::string, std::string, std::string>> known;  // member path, rule, secret
  for (const std::string_view earlier : before) {
    std::vector<Finding> old;
    ScanCounters ignored;  // the earlier version was counted when it was new
    scan_archive(scanner, matcher, {earlier, path, options.max_blob_size, options.include_binary}, old, ignored,
                 Logger::null());
    for (auto& f : old) known.emplace(std::move(f.path), std::move(f.rule_id), std::move(f.secret));
  }
  std::erase_if(found, [&](const Finding& f) {
    if (!in_member(f, path) || !known.contains({f.path, f.rule_id, f.secret})) return false;
    ++counters.suppressed;
    return true;
  });
}

void keep_added_findings(std::vector<Finding>& found, const std::string& path, std::string_view bytes,
                         const std::vector<std::string_view>& before, const GitProvenance* provenance,
                         const std::string& blob_hex, std::vector<Finding>& out, ScanCounters& counters) {
  const std::set<std::uint64_t> added = added_lines(bytes, before);
  for (auto& f : found) {
    const auto first = added.lower_bound(f.line);
    if (!in_member(f, path) && (first == added.end() || *first > f.end_line)) {
      ++counters.suppressed;
      continue;
    }
    if (provenance) {
      f.git = *provenance;
      f.git->blob = blob_hex;
    }
    out.push_back(std::move(f));
  }
}

void ChangeScanner::scan(TreeChanges changes, const GitProvenance* provenance, std::vector<Finding>& out,
                         ScanCounters& counters) {
  drop_exact_renames(changes);
  RenameSources renames(repo_, changes.removed, partial_clone_);
  for (const auto& change : changes.changes) {
    if (change_skipped_by_path(scanner_, options_, change.path, counters)) continue;
    scan_file(
        change.blob, change.path, provenance,
        [&](std::string_view version) {
          return std::vector<std::optional<git_oid>>{change.before ? change.before : renames.source_of(version)};
        },
        out, counters);
  }
}

void ChangeScanner::scan_merge(const std::vector<TreeChanges>& per_parent, const GitProvenance& provenance,
                               std::vector<Finding>& out, ScanCounters& counters) {
  const std::size_t parents = per_parent.size();
  std::vector<std::unordered_map<std::string_view, const FileChange*>> by_path(parents);
  std::vector<OidSet> removed_blobs(parents);
  std::vector<std::unique_ptr<RenameSources>> renames;
  for (std::size_t p = 0; p < parents; ++p) {
    for (const auto& c : per_parent[p].changes) by_path[p].emplace(c.path, &c);
    for (const auto& r : per_parent[p].removed) removed_blobs[p].insert(r.blob);
    renames.push_back(std::make_unique<RenameSources>(repo_, per_parent[p].removed, partial_clone_));
  }
  for (const auto& candidate : per_parent.front().changes) {
    // Unchanged relative to one parent, the file is that parent's version: the merge added nothing
    // to it. The same holds when it is a parent's file moved here unchanged.
    std::vector<const FileChange*> sides;
    for (std::size_t p = 0; p < parents; ++p) {
      const auto it = by_path[p].find(candidate.path);
      if (it == by_path[p].end() || (!it->second->before && removed_blobs[p].count(candidate.blob))) break;
      sides.push_back(it->second);
    }
    if (sides.size() != parents || change_skipped_by_path(scanner_, options_, candidate.path, counters)) continue;
    scan_file(
        candidate.blob, candidate.path, &provenance,
        [&](std::string_view version) {
          std::vector<std::optional<git_oid>> before;
          for (std::size_t p = 0; p < parents; ++p)
            before.push_back(sides[p]->before ? sides[p]->before : renames[p]->source_of(version));
          return before;
        },
        out, counters);
  }
}

template <typename Befores>
void ChangeScanner::scan_file(const git_oid& id, const std::string& path, const GitProvenance* provenance,
                              Befores befores_of, std::vector<Finding>& out, ScanCounters& counters) {
  const auto blob = read_blob(repo_, id, partial_clone_, path);
  if (!blob) {
    ++counters.not_fetched;
    ++not_fetched_;
    log_.debug("not fetched by this partial clone, not scanned", {{"path", path}, {"blob", oid_hex(id)}});
    return;
  }
  const std::string_view bytes = blob_bytes(blob->get());
  std::vector<Finding> found;
  if (!scan_new_version(scanner_, matcher_, options_, bytes, path, found, counters, log_) || found.empty()) return;

  std::vector<Blob> earlier;  // keeps the bytes `before` points into
  std::vector<std::string_view> before;
  for (const auto& earlier_id : befores_of(bytes)) {
    if (!earlier_id) continue;
    auto earlier_blob = read_blob(repo_, *earlier_id, partial_clone_, path);
    if (!earlier_blob) {
      // Without the earlier version every line counts as added: a gate reports rather than guesses.
      ++counters.not_fetched;
      ++not_fetched_;
      log_.debug("earlier version not fetched by this partial clone: all its lines count as added", {{"path", path}});
      continue;
    }
    before.push_back(blob_bytes(earlier_blob->get()));
    earlier.push_back(std::move(*earlier_blob));
  }
  keep_new_in_archive(scanner_, matcher_, options_, path, found, before, counters);
  keep_added_findings(found, path, bytes, before, provenance, oid_hex(id), out, counters);
}

void ChangeScanner::report_not_fetched(ScanCounters& counters, const std::string& fetch_command) const {
  if (not_fetched_ == 0) return;
  counters.add_gap(
      {"file versions this partial clone has not fetched (not scanned; where the version before a change was "
       "missing, every line of the change counted as added)",
       not_fetched_, "`" + fetch_command + "` fetches them (git fetches what it shows), then scan again", false});
}

}  // namespace hush::scanner::git
