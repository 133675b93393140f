// Range (CI gate) and staged (pre-commit) scans: scan the new version of each changed file whole,
// so multi-line secrets and context work, and keep only findings that touch an added line.
#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <set>
#include <string_view>
#include <unordered_map>

#include "hush/common/log.hpp"
#include "hush/scanner/matcher.hpp"
#include "hush/scanner/sources/git.hpp"
#include "sources/chunked.hpp"
#include "sources/git/libgit2.hpp"
#include "sources/git/object_parse.hpp"
#include "sources/git/provenance.hpp"
#include "sources/git/staged_changes.hpp"

namespace hush::scanner {
namespace {

git_diff_options zero_context_options() {
  git_diff_options opts;
  git_diff_options_init(&opts, GIT_DIFF_OPTIONS_VERSION);
  opts.context_lines = 0;
  opts.interhunk_lines = 0;
  // hush sniffs binary content itself; libgit2 need not load blobs twice to guess.
  opts.flags |= GIT_DIFF_FORCE_TEXT;
  return opts;
}

// A pure rename of an unchanged file adds no lines: detect exact renames so moved files are not
// reported as new.
void detect_exact_renames(git_diff* diff) {
  git_diff_find_options find;
  git_diff_find_options_init(&find, GIT_DIFF_FIND_OPTIONS_VERSION);
  find.flags = GIT_DIFF_FIND_RENAMES | GIT_DIFF_FIND_EXACT_MATCH_ONLY;
  git::check(git_diff_find_similar(diff, &find), "cannot detect renames");
}

std::set<std::uint64_t> patch_added_lines(git_patch* patch) {
  std::set<std::uint64_t> lines;
  if (!patch) return lines;
  for (std::size_t h = 0, hunks = git_patch_num_hunks(patch); h < hunks; ++h) {
    const int count = git_patch_num_lines_in_hunk(patch, h);
    for (int l = 0; l < count; ++l) {
      const git_diff_line* line = nullptr;
      git::check(git_patch_get_line_in_hunk(&line, patch, h, static_cast<std::size_t>(l)), "cannot read a diff line");
      if (line->origin == GIT_DIFF_LINE_ADDITION && line->new_lineno > 0) lines.insert(static_cast<std::uint64_t>(line->new_lineno));
    }
  }
  return lines;
}

std::set<std::uint64_t> added_lines(git_diff* diff, std::size_t index) {
  git_patch* raw = nullptr;
  git::check(git_patch_from_diff(&raw, diff, index), "cannot compute the change of a file");
  git::Patch patch(raw);
  return patch_added_lines(patch.get());
}

class DiffScanner {
 public:
  DiffScanner(const Scanner& scanner, const GitScanOptions& options, git_repository* repo)
      : scanner_(scanner), options_(options), repo_(repo), matcher_(scanner.rules()) {}

  void scan(git_diff* diff, const GitProvenance* provenance, std::vector<Finding>& out, ScanCounters& counters) {
    detect_exact_renames(diff);
    for (std::size_t i = 0, n = git_diff_num_deltas(diff); i < n; ++i) {
      const git_diff_delta* delta = git_diff_get_delta(diff, i);
      switch (delta->status) {
        case GIT_DELTA_ADDED:
        case GIT_DELTA_MODIFIED:
        case GIT_DELTA_COPIED:
        case GIT_DELTA_TYPECHANGE:
          break;
        case GIT_DELTA_RENAMED:
          if (delta->similarity == 100) continue;
          break;
        default:
          continue;
      }
      const git_diff_file& file = delta->new_file;
      if (!git::is_blob_mode(file.mode)) continue;  // a submodule, not a file
      const std::string path = file.path ? file.path : "";
      if (options_.exclude.excludes_file(path) || scanner_.path_allowlisted(path)) {
        ++counters.skipped_excluded;
        continue;
      }
      scan_file(file.id, path, provenance, [&] { return added_lines(diff, i); }, out, counters);
    }
  }

  // A staged change found without a libgit2 diff: added lines come from comparing the two blobs.
  void scan_change(const git_oid& new_blob, const git_oid* old_blob, const std::string& path, std::vector<Finding>& out,
                   ScanCounters& counters) {
    if (options_.exclude.excludes_file(path) || scanner_.path_allowlisted(path)) {
      ++counters.skipped_excluded;
      return;
    }
    scan_file(new_blob, path, nullptr, [&] { return added_lines_between(old_blob, new_blob); }, out, counters);
  }

 private:
  // Lines of the new version beyond the count of identical lines in the old one. Unlike a
  // libgit2 patch (which reads the whole index for attributes, tens of milliseconds in a large
  // repository) this is linear; a line that only moved is not added, which is what a secret
  // scan wants.
  std::set<std::uint64_t> added_lines_between(const git_oid* old_id, const git_oid& new_id) {
    git_blob* raw = nullptr;
    git::check(git_blob_lookup(&raw, repo_, &new_id), "cannot read object " + git::oid_hex(new_id));
    git::Blob new_blob(raw);
    std::unordered_map<std::string_view, long> old_lines;
    git::Blob old_blob;
    if (old_id) {
      git::check(git_blob_lookup(&raw, repo_, old_id), "cannot read object " + git::oid_hex(*old_id));
      old_blob.reset(raw);
      for_each_line(git::blob_bytes(old_blob.get()), [&](std::string_view line, std::uint64_t) { ++old_lines[line]; });
    }
    std::set<std::uint64_t> added;
    for_each_line(git::blob_bytes(new_blob.get()), [&](std::string_view line, std::uint64_t number) {
      auto it = old_lines.find(line);
      if (it != old_lines.end() && it->second > 0) --it->second;
      else added.insert(number);
    });
    return added;
  }

  template <typename Fn>
  static void for_each_line(std::string_view bytes, Fn fn) {
    std::uint64_t number = 1;
    std::size_t start = 0;
    while (start < bytes.size()) {
      std::size_t end = bytes.find('\n', start);
      if (end == std::string_view::npos) end = bytes.size();
      std::string_view line = bytes.substr(start, end - start);
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      fn(line, number++);
      start = end + 1;
    }
  }

  template <typename AddedLines>
  void scan_file(const git_oid& id, const std::string& path, const GitProvenance* provenance, AddedLines added_lines_of,
                 std::vector<Finding>& out, ScanCounters& counters) {
    git_blob* raw = nullptr;
    git::check(git_blob_lookup(&raw, repo_, &id), "cannot read object " + git::oid_hex(id) + " (" + path + ")");
    git::Blob blob(raw);
    const std::string_view bytes = git::blob_bytes(blob.get());
    if (bytes.size() > options_.max_blob_size) {
      ++counters.skipped_size;
      return;
    }
    if (!options_.include_binary && looks_binary(bytes)) {
      ++counters.skipped_binary;
      return;
    }
    ++counters.files_scanned;
    counters.bytes_scanned += bytes.size();
    std::vector<Finding> found;
    scan_in_memory(scanner_, matcher_, bytes, path, found, counters);
    if (found.empty()) return;
    const std::set<std::uint64_t> added = added_lines_of();
    const std::string blob_hex = git::oid_hex(id);
    for (auto& f : found) {
      // A secret counts as added when any of its lines is: a key block edited in the middle is
      // a new secret.
      const auto first = added.lower_bound(f.line);
      if (first == added.end() || *first > f.end_line) {
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

  const Scanner& scanner_;
  const GitScanOptions& options_;
  git_repository* repo_;
  Matcher matcher_;
};

[[noreturn]] void missing_base(const std::string& base, const std::string& why) {
  throw Error(ErrorKind::usage, "cannot scan the range: " + why + " '" + base +
                                    "'. The history is probably shallow: fetch more of it (git fetch --unshallow, or "
                                    "fetch-depth: 0 in actions/checkout) and run again.");
}

git::Commit resolve_commit(git_repository* repo, const std::string& spec, bool is_base) {
  git_object* raw = nullptr;
  if (git_revparse_single(&raw, repo, spec.c_str()) < 0) {
    if (is_base) missing_base(spec, "this repository does not have the base commit");
    git::check(-1, "cannot resolve '" + spec + "'", ErrorKind::usage);
  }
  git::Object object(raw);
  git_object* peeled = nullptr;
  git::check(git_object_peel(&peeled, object.get(), GIT_OBJECT_COMMIT), "'" + spec + "' is not a commit", ErrorKind::usage);
  return git::Commit(reinterpret_cast<git_commit*>(peeled));
}

git::Tree tree_of(git_commit* commit) {
  git_tree* raw = nullptr;
  git::check(git_commit_tree(&raw, commit), "cannot read the tree of commit " + git::oid_hex(*git_commit_id(commit)));
  return git::Tree(raw);
}

}  // namespace

std::vector<Finding> scan_git_range(const Scanner& scanner, const GitScanOptions& options, const std::string& range,
                                    ScanCounters& counters, Logger& log) {
  const git::LibGit2 library;
  git::Repository repo = git::open_repository(options.repository);
  std::string base = range, head = "HEAD";
  bool symmetric = false;
  if (const auto dots = range.find("..."); dots != std::string::npos) {
    base = range.substr(0, dots);
    head = range.substr(dots + 3);
    symmetric = true;
  } else if (const auto two = range.find(".."); two != std::string::npos) {
    base = range.substr(0, two);
    head = range.substr(two + 2);
  }
  if (head.empty()) head = "HEAD";
  if (base.empty()) throw Error(ErrorKind::usage, "--range needs a base commit (BASE..HEAD)");
  git::Commit head_commit = resolve_commit(repo.get(), head, false);
  git::Commit base_commit = resolve_commit(repo.get(), base, true);
  git_oid merge_base;
  const bool related = git_merge_base(&merge_base, repo.get(), git_commit_id(base_commit.get()), git_commit_id(head_commit.get())) == 0;
  if (!related) {
    git_error_clear();
    // In a shallow clone an unrelated-looking base means the shared history was not fetched; a
    // silent full scan (or pass) would be wrong either way.
    if (git_repository_is_shallow(repo.get())) missing_base(base, "the fetched history does not connect HEAD to");
    throw Error(ErrorKind::usage, "'" + base + "' and '" + head + "' share no history");
  }

  git_revwalk* raw_walk = nullptr;
  git::check(git_revwalk_new(&raw_walk, repo.get()), "cannot walk history");
  git::Revwalk walk(raw_walk);
  git_revwalk_sorting(walk.get(), GIT_SORT_TOPOLOGICAL | GIT_SORT_REVERSE);
  git::check(git_revwalk_push(walk.get(), git_commit_id(head_commit.get())), "cannot walk from " + head);
  git::check(git_revwalk_hide(walk.get(), symmetric ? &merge_base : git_commit_id(base_commit.get())), "cannot exclude " + base);

  DiffScanner diff_scanner(scanner, options, repo.get());
  Matcher message_matcher(scanner.rules());
  std::vector<Finding> out;
  std::size_t commits = 0;
  git_oid id;
  while (git_revwalk_next(&id, walk.get()) == 0) {
    ++commits;
    git_commit* raw = nullptr;
    git::check(git_commit_lookup(&raw, repo.get(), &id), "cannot read commit " + git::oid_hex(id));
    git::Commit commit(raw);
    const GitProvenance provenance = git::provenance_of(commit.get());
    if (const char* message = git_commit_message(commit.get()); message && *message) {
      std::vector<Finding> found;
      ScanTarget target;
      target.bytes = message;
      target.path = commit_message_path;
      scanner.scan(target, message_matcher, found, counters);
      for (auto& f : found) {
        f.git = provenance;
        out.push_back(std::move(f));
      }
    }
    // A merge adds what its branches added, and those commits are in the range themselves.
    if (git_commit_parentcount(commit.get()) > 1) continue;
    git::Tree tree = tree_of(commit.get());
    git::Tree parent_tree;
    if (git_commit_parentcount(commit.get()) == 1) {
      git_commit* parent = nullptr;
      if (git_commit_parent(&parent, commit.get(), 0) < 0) missing_base(base, "a parent of a commit in the range is missing, below");
      git::Commit parent_commit(parent);
      parent_tree = tree_of(parent_commit.get());
    }
    const git_diff_options opts = zero_context_options();
    git_diff* raw_diff = nullptr;
    git::check(git_diff_tree_to_tree(&raw_diff, repo.get(), parent_tree.get(), tree.get(), &opts), "cannot diff commit " + provenance.commit);
    git::Diff diff(raw_diff);
    diff_scanner.scan(diff.get(), &provenance, out, counters);
  }
  log.info("range scanned", {{"range", base + ".." + head}, {"commits", std::to_string(commits)}});
  std::sort(out.begin(), out.end(), finding_less);
  return out;
}

std::vector<Finding> scan_git_staged(const Scanner& scanner, const GitScanOptions& options, ScanCounters& counters, Logger& /*log*/) {
  const git::LibGit2 library;
  git::Repository repo = git::open_repository(options.repository);
  if (git_repository_is_bare(repo.get())) throw Error(ErrorKind::usage, "--staged needs a work tree; " + options.repository + " is bare");
  // `git commit -a` and `git commit PATH` hand the hook a temporary index in GIT_INDEX_FILE:
  // that index, not .git/index, is what is about to be committed.
  std::filesystem::path index_path = std::filesystem::path(git_repository_path(repo.get())) / "index";
  if (const char* index_file = std::getenv("GIT_INDEX_FILE"); index_file && *index_file) {
    index_path = index_file;
    if (index_path.is_relative()) index_path = std::filesystem::path(git_repository_workdir(repo.get())) / index_path;
  }
  // Before the first commit there is no HEAD tree, and everything staged is added.
  git::Tree head_tree;
  git_object* head = nullptr;
  if (git_revparse_single(&head, repo.get(), "HEAD^{tree}") == 0) head_tree.reset(reinterpret_cast<git_tree*>(head));
  else git_error_clear();

  DiffScanner diff_scanner(scanner, options, repo.get());
  std::vector<Finding> out;
  std::error_code ec;
  if (!std::filesystem::exists(index_path, ec)) {  // nothing ever staged
  } else if (auto changes = git::staged_changes(repo.get(), index_path, head_tree.get())) {
    for (const auto& c : *changes) diff_scanner.scan_change(c.blob, c.head_blob ? &*c.head_blob : nullptr, c.path, out, counters);
  } else {
    git_index* raw_index = nullptr;
    if (git_index_open(&raw_index, index_path.c_str()) < 0) {
      const git_error* e = git_error_last();
      const std::string why = e && e->message ? e->message : "unknown error";
      std::string hint;
      if (why.find("'link'") != std::string::npos) hint = " (split index: 'git update-index --no-split-index' turns it off)";
      else if (why.find("'sdir'") != std::string::npos) hint = " (sparse index: 'git sparse-checkout disable' or index.sparse=false)";
      throw Error(ErrorKind::runtime, "cannot read the index " + index_path.string() + ": " + why + hint);
    }
    git::Index index(raw_index);
    const git_diff_options opts = zero_context_options();
    git_diff* raw_diff = nullptr;
    git::check(git_diff_tree_to_index(&raw_diff, repo.get(), head_tree.get(), index.get(), &opts), "cannot compare the index with HEAD");
    git::Diff diff(raw_diff);
    diff_scanner.scan(diff.get(), nullptr, out, counters);
  }
  std::sort(out.begin(), out.end(), finding_less);
  return out;
}

}  // namespace hush::scanner
