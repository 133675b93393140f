// Whole-history scan: enumerate the object database once, scan every unique blob once across
// threads, then attribute only the blobs with findings to the commits that introduced them.
#include <algorithm>
#include <atomic>
#include <exception>
#include <filesystem>
#include <set>
#include <thread>

#include "hush/common/log.hpp"
#include "hush/scanner/matcher.hpp"
#include "hush/scanner/sources/git.hpp"
#include "sources/chunked.hpp"
#include "sources/git/attribution.hpp"
#include "sources/git/libgit2.hpp"
#include "sources/git/oid_set.hpp"
#include "sources/git/pack_reader.hpp"
#include "sources/git/provenance.hpp"

namespace hush::scanner {
namespace {

using git::OidMap;
using git::OidSet;

constexpr std::uint64_t window_threshold = 64ull * 1024 * 1024;

struct Inventory {
  std::vector<git_oid> commits;  // every commit reachable from a ref, parents before children
  std::vector<git_oid> blobs;    // unique blobs to scan
};

Inventory reachable_objects(git_repository* repo) {
  Inventory inv;
  git_revwalk* raw_walk = nullptr;
  git::check(git_revwalk_new(&raw_walk, repo), "cannot walk history");
  git::Revwalk walk(raw_walk);
  // Parents before children: "first introduced" then means first in history, even when clocks
  // are equal or wrong.
  git_revwalk_sorting(walk.get(), GIT_SORT_TOPOLOGICAL | GIT_SORT_REVERSE);
  // Every ref (branches, tags, remotes, stash, notes) and a detached HEAD.
  if (git_revwalk_push_glob(walk.get(), "refs/*") < 0) git_error_clear();
  if (git_revwalk_push_head(walk.get()) < 0) git_error_clear();

  OidSet trees, blobs;
  std::vector<git_oid> pending;
  git_oid id;
  while (git_revwalk_next(&id, walk.get()) == 0) {
    inv.commits.push_back(id);
    git_commit* raw = nullptr;
    git::check(git_commit_lookup(&raw, repo, &id), "cannot read commit " + git::oid_hex(id));
    git::Commit commit(raw);
    const git_oid root = *git_commit_tree_id(commit.get());
    if (trees.insert(root).second) pending.push_back(root);
    // Each distinct tree is read once however many commits share it.
    while (!pending.empty()) {
      const git_oid tree_id = pending.back();
      pending.pop_back();
      git_tree* raw_tree = nullptr;
      git::check(git_tree_lookup(&raw_tree, repo, &tree_id), "cannot read tree " + git::oid_hex(tree_id));
      git::Tree tree(raw_tree);
      for (std::size_t i = 0, n = git_tree_entrycount(tree.get()); i < n; ++i) {
        const git_tree_entry* e = git_tree_entry_byindex(tree.get(), i);
        const git_oid* eid = git_tree_entry_id(e);
        switch (git_tree_entry_type(e)) {
          case GIT_OBJECT_BLOB:
            if (blobs.insert(*eid).second) inv.blobs.push_back(*eid);
            break;
          case GIT_OBJECT_TREE:
            if (trees.insert(*eid).second) pending.push_back(*eid);
            break;
          default:  // submodule commits live in other repositories
            break;
        }
      }
    }
  }
  return inv;
}

std::vector<git_oid> all_blobs(git_repository* repo) {
  git_odb* raw = nullptr;
  git::check(git_repository_odb(&raw, repo), "cannot open object database");
  git::Odb odb(raw);
  struct Collect {
    git_odb* odb;
    std::vector<git_oid> blobs;
  } collect{odb.get(), {}};
  OidSet seen;
  git::check(git_odb_foreach(
                 odb.get(),
                 [](const git_oid* id, void* payload) -> int {
                   auto* c = static_cast<Collect*>(payload);
                   std::size_t size = 0;
                   git_object_t type = GIT_OBJECT_INVALID;
                   if (git_odb_read_header(&size, &type, c->odb, id) == 0 && type == GIT_OBJECT_BLOB) c->blobs.push_back(*id);
                   return 0;
                 },
                 &collect),
             "cannot list the object database");
  // An object can sit in several packs; scan it once.
  std::vector<git_oid> unique;
  for (const auto& id : collect.blobs)
    if (seen.insert(id).second) unique.push_back(id);
  return unique;
}

struct BlobResult {
  git_oid blob;
  std::vector<Finding> findings;
};

// Scans blobs wherever they are stored: first every pack, in pack order on all threads (the hot
// path: each object inflated once, each delta applied once), then whatever the packs did not hold
// (loose objects, alternates) through libgit2.
class BlobScanner {
 public:
  BlobScanner(const Scanner& scanner, const GitScanOptions& options, const std::string& git_dir, ScanProgress* progress, Logger& log)
      : scanner_(scanner), options_(options), git_dir_(git_dir), progress_(progress), log_(log) {}

  std::vector<BlobResult> run(const std::vector<git_oid>& blobs, const std::filesystem::path& objects_dir, ScanCounters& counters) {
    const unsigned n = std::max(1u, options_.threads);
    std::vector<ScanCounters> per_thread(n);
    std::vector<std::vector<BlobResult>> results(n);
    OidMap<std::size_t> index_of;
    index_of.reserve(blobs.size());
    for (std::size_t i = 0; i < blobs.size(); ++i) index_of.emplace(blobs[i], i);
    std::vector<std::atomic<bool>> done(blobs.size());

    for (const auto& pack_path : git::list_packs(objects_dir)) {
      const git::PackFile pack(pack_path);
      parallel(n, [&](unsigned t) { scan_pack_part(pack, t, n, index_of, done, results[t], per_thread[t]); });
    }
    std::vector<git_oid> rest;
    for (std::size_t i = 0; i < blobs.size(); ++i)
      if (!done[i].load(std::memory_order_relaxed)) rest.push_back(blobs[i]);
    next_.store(0);
    parallel(n, [&](unsigned t) { scan_loose(rest, results[t], per_thread[t]); });

    std::vector<BlobResult> all;
    for (unsigned t = 0; t < n; ++t) {
      counters.merge(per_thread[t]);
      std::move(results[t].begin(), results[t].end(), std::back_inserter(all));
    }
    return all;
  }

 private:
  template <typename Work>
  void parallel(unsigned n, Work work) {
    std::vector<std::thread> threads;
    std::vector<std::exception_ptr> failures(n);
    for (unsigned t = 0; t < n; ++t) {
      threads.emplace_back([&, t] {
        try {
          work(t);
        } catch (...) {
          failures[t] = std::current_exception();
        }
      });
    }
    for (auto& th : threads) th.join();
    for (auto& f : failures)
      if (f) std::rethrow_exception(f);
  }

  class PackBlobVisitor final : public git::PackVisitor {
   public:
    PackBlobVisitor(BlobScanner& owner, Matcher& matcher, const OidMap<std::size_t>& index_of, std::vector<std::atomic<bool>>& done,
                    std::vector<BlobResult>& out, ScanCounters& counters)
        : owner_(owner), matcher_(matcher), index_of_(index_of), done_(done), out_(out), counters_(counters) {}

    bool wants_type(git::ObjectType type) override { return type == git::ObjectType::blob; }
    // Oversized blobs stay unread here; the loose pass finds their size and counts them.
    bool wants(git::ObjectType, std::uint64_t size) override { return size <= owner_.options_.max_blob_size; }
    void visit(const git::PackObject& object) override {
      git_oid id;
      git_oid_fromraw(&id, object.oid.data());
      const auto it = index_of_.find(id);
      if (it == index_of_.end()) return;  // unreachable, and not asked for
      if (done_[it->second].exchange(true)) return;  // also in an earlier pack
      owner_.scan_bytes(id, object.data, matcher_, out_, counters_);
    }
    bool keep_going(git::OidView oid, const Error& error) override {
      if (!owner_.options_.keep_going) return false;
      ++counters_.unreadable;
      owner_.log_.warn("cannot read object, skipped", {{"object", git::oid_hex(oid)}, {"error", error.what()}});
      git_oid id;
      git_oid_fromraw(&id, oid.data());
      if (const auto it = index_of_.find(id); it != index_of_.end()) done_[it->second].store(true);
      return true;
    }

   private:
    BlobScanner& owner_;
    Matcher& matcher_;
    const OidMap<std::size_t>& index_of_;
    std::vector<std::atomic<bool>>& done_;
    std::vector<BlobResult>& out_;
    ScanCounters& counters_;
  };

  void scan_pack_part(const git::PackFile& pack, unsigned part, unsigned parts, const OidMap<std::size_t>& index_of,
                      std::vector<std::atomic<bool>>& done, std::vector<BlobResult>& out, ScanCounters& counters) {
    Matcher matcher(scanner_.rules());
    git::PackReader reader(pack);
    PackBlobVisitor visitor(*this, matcher, index_of, done, out, counters);
    reader.for_each_object(part, parts, visitor);
  }

  void scan_loose(const std::vector<git_oid>& blobs, std::vector<BlobResult>& out, ScanCounters& counters) {
    if (blobs.empty()) return;
    // One repository handle per thread: libgit2's object caches are not built for sharing.
    git::Repository repo = git::open_repository(git_dir_);
    git_odb* raw_odb = nullptr;
    git::check(git_repository_odb(&raw_odb, repo.get()), "cannot open object database");
    git::Odb odb(raw_odb);
    Matcher matcher(scanner_.rules());
    constexpr std::size_t batch = 32;
    for (;;) {
      const std::size_t begin = next_.fetch_add(batch);
      if (begin >= blobs.size()) break;
      for (std::size_t i = begin; i < std::min(blobs.size(), begin + batch); ++i) read_loose(odb.get(), matcher, blobs[i], out, counters);
    }
  }

  void read_loose(git_odb* odb, Matcher& matcher, const git_oid& id, std::vector<BlobResult>& out, ScanCounters& counters) {
    std::size_t size = 0;
    git_object_t type = GIT_OBJECT_INVALID;
    if (git_odb_read_header(&size, &type, odb, &id) < 0) return unreadable(id, counters);
    if (size > options_.max_blob_size) {
      ++counters.skipped_size;
      return;
    }
    git_odb_object* raw = nullptr;
    if (git_odb_read(&raw, odb, &id) < 0) return unreadable(id, counters);
    git::OdbObject object(raw);
    scan_bytes(id, {static_cast<const char*>(git_odb_object_data(object.get())), git_odb_object_size(object.get())}, matcher, out, counters);
  }

  void scan_bytes(const git_oid& id, std::string_view bytes, Matcher& matcher, std::vector<BlobResult>& out, ScanCounters& counters) {
    if (progress_) {
      ++progress_->files;
      progress_->bytes += bytes.size();
    }
    if (!options_.include_binary && looks_binary(bytes)) {
      ++counters.skipped_binary;
      return;
    }
    ++counters.files_scanned;
    counters.bytes_scanned += bytes.size();
    std::vector<Finding> found;
    if (bytes.size() > window_threshold) {
      scan_memory_windows(scanner_, matcher, bytes, "", WindowOptions{}, found, counters);
    } else {
      ScanTarget target;
      target.bytes = bytes;
      scanner_.scan(target, matcher, found, counters);
    }
    if (!found.empty()) out.push_back({id, std::move(found)});
  }

  void unreadable(const git_oid& id, ScanCounters& counters) {
    const git_error* e = git_error_last();
    const std::string message = "cannot read object " + git::oid_hex(id) + (e && e->message ? std::string(": ") + e->message : "");
    if (!options_.keep_going) throw Error(ErrorKind::runtime, message);
    ++counters.unreadable;
    log_.warn("cannot read object, skipped", {{"object", git::oid_hex(id)}});
  }

  const Scanner& scanner_;
  const GitScanOptions& options_;
  std::string git_dir_;
  ScanProgress* progress_;
  Logger& log_;
  std::atomic<std::size_t> next_{0};
};

std::vector<Finding> scan_commit_messages(const Scanner& scanner, git_repository* repo, const std::vector<git_oid>& commits,
                                          ScanCounters& counters) {
  Matcher matcher(scanner.rules());
  std::vector<Finding> out;
  for (const auto& id : commits) {
    git_commit* raw = nullptr;
    git::check(git_commit_lookup(&raw, repo, &id), "cannot read commit " + git::oid_hex(id));
    git::Commit commit(raw);
    const char* message = git_commit_message(commit.get());
    if (!message || !*message) continue;
    std::vector<Finding> found;
    ScanTarget target;
    target.bytes = message;
    target.path = commit_message_path;
    scanner.scan(target, matcher, found, counters);
    if (found.empty()) continue;
    const GitProvenance provenance = git::provenance_of(commit.get());
    for (auto& f : found) {
      f.git = provenance;
      out.push_back(std::move(f));
    }
  }
  return out;
}

}  // namespace

std::vector<Finding> scan_git_history(const Scanner& scanner, const GitScanOptions& options, ScanCounters& counters, Logger& log,
                                      ScanProgress* progress) {
  const git::LibGit2 library;
  git::Repository repo = git::open_repository(options.repository);
  const std::string git_dir = git_repository_path(repo.get());

  Inventory inv = reachable_objects(repo.get());
  if (inv.commits.empty() && !options.all_objects) {
    log.warn("no commits in repository", {{"repository", options.repository}});
    return {};
  }
  if (options.all_objects) inv.blobs = all_blobs(repo.get());
  log.info("history inventory", {{"commits", std::to_string(inv.commits.size())}, {"blobs", std::to_string(inv.blobs.size())}});

  BlobScanner blob_scanner(scanner, options, git_dir, progress, log);
  const std::filesystem::path objects_dir = std::filesystem::path(git_repository_commondir(repo.get())) / "objects";
  std::vector<BlobResult> blob_results = blob_scanner.run(inv.blobs, objects_dir, counters);
  std::vector<Finding> findings = scan_commit_messages(scanner, repo.get(), inv.commits, counters);

  OidSet targets;
  for (const auto& r : blob_results) targets.insert(r.blob);
  const auto introductions = git::attribute_blobs(repo.get(), inv.commits, targets);

  OidMap<std::size_t> order;
  for (std::size_t i = 0; i < inv.commits.size(); ++i) order.emplace(inv.commits[i], i);
  struct CommitFacts {
    GitProvenance provenance;
    std::size_t order;
  };
  OidMap<CommitFacts> commit_info;
  auto facts = [&](const git_oid& id) -> const CommitFacts& {
    auto it = commit_info.find(id);
    if (it != commit_info.end()) return it->second;
    git_commit* raw = nullptr;
    git::check(git_commit_lookup(&raw, repo.get(), &id), "cannot read commit " + git::oid_hex(id));
    git::Commit commit(raw);
    return commit_info.emplace(id, CommitFacts{git::provenance_of(commit.get()), order.at(id)}).first->second;
  };

  // A blob is reported where it first appeared (later renames and copies of the same bytes are
  // the same leak), and a secret once per path: the next edit of a file that still holds it is a
  // new blob, not a new leak.
  struct Candidate {
    std::size_t order;
    Finding finding;
  };
  std::vector<Candidate> candidates;
  for (auto& result : blob_results) {
    const std::string blob_hex = git::oid_hex(result.blob);
    const auto it = introductions.find(result.blob);
    if (it == introductions.end()) {  // unreachable object (--all-objects): no commit to name
      for (auto& f : result.findings) {
        f.git = GitProvenance{};
        f.git->blob = blob_hex;
        findings.push_back(std::move(f));
      }
      continue;
    }
    std::size_t first = SIZE_MAX;
    for (const auto& intro : it->second) first = std::min(first, facts(intro.commit).order);
    for (const auto& intro : it->second) {
      const CommitFacts& commit = facts(intro.commit);
      if (commit.order != first || path_excluded(intro.path, options.exclude)) continue;
      for (const auto& f : result.findings) {
        if (scanner.path_suppresses(f.rule_id, intro.path)) continue;
        Finding copy = f;
        copy.path = intro.path;
        copy.git = commit.provenance;
        copy.git->blob = blob_hex;
        candidates.push_back({commit.order, std::move(copy)});
      }
    }
  }
  std::stable_sort(candidates.begin(), candidates.end(), [](const Candidate& a, const Candidate& b) { return a.order < b.order; });
  std::set<std::pair<std::string, std::string>> reported;  // (fingerprint, path)
  for (auto& c : candidates) {
    if (!reported.emplace(c.finding.fingerprint, c.finding.path).second) {
      ++counters.suppressed;
      continue;
    }
    findings.push_back(std::move(c.finding));
  }
  std::sort(findings.begin(), findings.end(), finding_less);
  return findings;
}

std::string git_project_root(const std::string& path) {
  const git::LibGit2 library;
  git::Repository repo = git::open_repository(path);
  const char* workdir = git_repository_workdir(repo.get());
  return workdir ? workdir : git_repository_path(repo.get());
}

}  // namespace hush::scanner
