// Whole-history scan: one parallel pass over every object (packs through hush's pack reader, loose
// objects through libgit2) scans each unique blob and commit message once and notes the commit
// graph; a pass over trees notes their subtrees and the blobs with findings they name (and checks
// nothing reachable is missing); attribution then walks, in memory, only the trees leading to
// blobs with findings.
#include <algorithm>
#include <array>
#include <memory>
#include <mutex>
#include <atomic>
#include <chrono>
#include <exception>
#include <filesystem>
#include <future>
#include <deque>
#include <set>
#include <string_view>
#include <thread>
#include <unordered_map>

#include "hush/common/log.hpp"
#include "hush/scanner/matcher.hpp"
#include "hush/scanner/ruleset.hpp"
#include "hush/scanner/sources/git.hpp"
#include "sources/chunked.hpp"
#include "sources/git/attribution.hpp"
#include "sources/git/object_parse.hpp"
#include "sources/git/object_pass.hpp"
#include "sources/git/libgit2.hpp"
#include "sources/git/oid_set.hpp"
#include "sources/git/provenance.hpp"

namespace hush::scanner {
namespace {

using git::OidMap;
using git::OidSet;

// Objects that can sit in more than one place (two packs, a pack and a loose file) are handled
// once: a set split into locked shards, so threads rarely wait on each other.
class SeenOnce {
 public:
  bool first_time(const git_oid& id) {
    Shard& shard = shards_[id.id[0] % shards_.size()];
    const std::lock_guard lock(shard.mutex);
    return shard.ids.insert(id).second;
  }

 private:
  struct Shard {
    std::mutex mutex;
    OidSet ids;
  };
  std::array<Shard, 64> shards_;
};

struct BlobResult {
  git_oid blob;
  std::vector<Finding> findings;
};

struct MessageResult {
  git_oid commit;
  std::vector<Finding> findings;
};

// What a pass learnt from each object that later objects of its delta family may be built on. The
// pack reader walks each family depth first, so the base of an object at depth d is the last one
// kept at depth d - 1, if that one's key (pack and entry) is the base's. Per thread.
template <typename Record>
class DeltaBases {
 public:
  // This object's record, to fill; null when no delta is built on it. It counts only once done()
  // is called. Call before base_of: it may grow the slots.
  Record* start(const git::PackedOrigin& origin) {
    if (!origin.is_base) return nullptr;
    if (slots_.size() <= origin.depth) slots_.resize(origin.depth + 1);
    slots_[origin.depth].key = no_key;
    return &slots_[origin.depth].record;
  }
  void done(const git::PackedOrigin& origin) {
    if (origin.is_base) slots_[origin.depth].key = key_of(origin.pack, origin.entry);
  }
  // The record of this object's base, if this thread kept it.
  [[nodiscard]] const Record* base_of(const git::PackedOrigin& origin) const {
    if (origin.depth == 0 || origin.depth > slots_.size()) return nullptr;
    const Slot& slot = slots_[origin.depth - 1];
    return slot.key == key_of(origin.pack, origin.base_entry) ? &slot.record : nullptr;
  }

 private:
  static constexpr std::uint64_t no_key = UINT64_MAX;
  static std::uint64_t key_of(std::uint32_t pack, std::uint32_t entry) { return (std::uint64_t{pack} << 32) | entry; }
  struct Slot {
    std::uint64_t key = no_key;
    Record record;
  };
  std::vector<Slot> slots_;
};

// Pass one: scan every blob and every commit message, and note each commit's tree and parents.
class ScanPass final : public git::ObjectHandler {
 public:
  ScanPass(const Scanner& scanner, const GitScanOptions& options, unsigned threads, ScanProgress* progress, Logger& log)
      : scanner_(scanner), options_(options), progress_(progress), log_(log), threads_(threads) {
    if (options.reuse_delta_bases) scanner.rules().prepare_history_split(log);
    for (unsigned t = 0; t < threads; ++t) threads_.at(t).matcher = std::make_unique<Matcher>(scanner.rules());
  }

  bool wants(git::Kind kind) const override { return kind == git::Kind::blob || kind == git::Kind::commit; }
  std::uint64_t max_size(git::Kind kind) const override { return kind == git::Kind::blob ? options_.max_blob_size : 0; }
  void oversized(unsigned thread, git::Kind) override { ++threads_[thread].counters.skipped_size; }

  void object(unsigned thread, const git_oid& id, git::Kind kind, std::string_view data, const git::PackedOrigin* origin) override {
    PerThread& me = threads_[thread];
    if (kind == git::Kind::commit) {
      if (!commits_seen_.first_time(id)) return;
      git::ParsedCommit parsed;
      if (!git::parse_commit(data, parsed)) return;
      me.commits.emplace_back(id, git::CommitNode{parsed.tree, parsed.parents});
      if (!parsed.message.empty()) {
        std::vector<Finding> found;
        ScanTarget target;
        target.bytes = parsed.message;
        target.path = commit_message_path;
        scanner_.scan(target, *me.matcher, found, me.counters);
        if (!found.empty()) me.messages.push_back({id, std::move(found)});
      }
      return;
    }
    if (!blobs_seen_.first_time(id)) return;
    if (progress_) {
      ++progress_->files;
      progress_->bytes += data.size();
    }
    if (!options_.include_binary && looks_binary(data)) {
      ++me.counters.skipped_binary;
      return;
    }
    ++me.counters.files_scanned;
    me.counters.bytes_scanned += data.size();
    std::vector<Finding> found;
    if (options_.reuse_delta_bases && origin && data.size() <= WindowOptions{}.window) {
      scan_packed_blob(me, data, *origin, found);
    } else {
      scan_in_memory(scanner_, *me.matcher, data, "", found, me.counters);
    }
    if (!found.empty()) me.blobs.push_back({id, std::move(found)});
  }

  bool unreadable(unsigned thread, const std::string& id_hex, const Error& error) override {
    if (!options_.keep_going) return false;
    ++threads_[thread].counters.unreadable;
    log_.warn("cannot read object, skipped", {{"object", id_hex}, {"error", error.what()}});
    return true;
  }

  struct PerThread {
    std::unique_ptr<Matcher> matcher;
    DeltaBases<std::vector<Candidate>> recorded;  // the candidates a blob's scan recorded
    std::vector<Candidate> scratch_candidates;  // for blobs that are nobody's base
    ScanCounters counters;
    std::vector<BlobResult> blobs;
    std::vector<MessageResult> messages;
    std::vector<std::pair<git_oid, git::CommitNode>> commits;
  };
  std::vector<PerThread>& results() { return threads_; }

 private:
  void scan_packed_blob(PerThread& me, std::string_view data, const git::PackedOrigin& origin, std::vector<Finding>& found) {
    std::vector<Candidate>* record = me.recorded.start(origin);
    DerivedFrom derived;
    const std::vector<Candidate>* base = me.recorded.base_of(origin);
    if (base) derived = {origin.copies, *base};
    ScanTarget target;
    target.bytes = data;
    target.record_candidates = record ? record : &me.scratch_candidates;
    target.derived_from = base ? &derived : nullptr;
    scanner_.scan(target, *me.matcher, found, me.counters);
    me.recorded.done(origin);
  }

  const Scanner& scanner_;
  const GitScanOptions& options_;
  ScanProgress* progress_;
  Logger& log_;
  std::vector<PerThread> threads_;
  SeenOnce blobs_seen_, commits_seen_;
};

// Pass two: the shape of every tree (its subtrees, and the blobs with findings it names, by name),
// which is all attribution needs, and the objects trees name that the database lacks.
class TreePass final : public git::ObjectHandler {
 public:
  TreePass(const OidSet& targets, const git::PresentObjects& present, unsigned threads, const GitScanOptions& options, Logger& log)
      : targets_(targets), present_(present), options_(options), log_(log), threads_(threads) {}

  bool wants(git::Kind kind) const override { return kind == git::Kind::tree; }
  std::uint64_t max_size(git::Kind) const override { return 0; }
  void oversized(unsigned, git::Kind) override {}
  void object(unsigned thread, const git_oid& id, git::Kind, std::string_view data, const git::PackedOrigin* origin) override {
    PerThread& me = threads_[thread];
    // A tree stored as a delta mostly copies runs of entries from its base tree, which this
    // thread has just read: such an entry names the same object under the same name, so what was
    // decided for it there (kept or not, present or not) holds here, and it need not even be read.
    Shape* shape = origin ? me.shapes.start(*origin) : nullptr;
    const Shape* base = origin ? me.shapes.base_of(*origin) : nullptr;
    if (shape) {
      shape->entries.clear();
      shape->missing.clear();
      shape->kept = Shape::none;
    }
    std::vector<git::LeadingEntry> kept;
    const auto note = [&](std::size_t begin, std::size_t end, bool keep, const git::LeadingEntry& entry, bool missing) {
      if (keep) kept.push_back(entry);
      if (missing) me.missing.emplace_back(id, entry.oid);
      if (!shape) return;
      if (missing) shape->missing.push_back(entry.oid);
      shape->entries.push_back({static_cast<std::uint32_t>(begin), static_cast<std::uint32_t>(end),
                                keep ? static_cast<std::uint32_t>(kept.size() - 1) : ShapeEntry::none,
                                missing ? static_cast<std::uint32_t>(shape->missing.size() - 1) : ShapeEntry::none});
    };
    const auto fresh = [&](std::size_t begin, std::size_t end, unsigned mode, std::string_view name, const git_oid& child) {
      if (git::is_tree_mode(mode)) {
        note(begin, end, true, {child, me.names.id(name), true}, !present_.trees.count(child));
      } else if (git::is_blob_mode(mode)) {
        const bool keep = targets_.count(child) != 0;
        note(begin, end, keep, {child, keep ? me.names.id(name) : 0, false}, !present_.blobs.count(child));
      } else {
        note(begin, end, false, {child, 0, false}, false);  // a submodule's commit
      }
    };
    bool ok = true;
    if (base) {
      const std::vector<git::LeadingEntry>& base_kept = base->kept == Shape::none ? no_entries_ : me.entries[base->kept].second;
      std::size_t copy = 0;
      const auto skip = [&](std::size_t pos) {
        const auto& copies = origin->copies;
        while (copy < copies.size() && copies[copy].target + copies[copy].length <= pos) ++copy;
        if (copy == copies.size() || copies[copy].target > pos) return pos;
        const auto& c = copies[copy];
        std::uint64_t at = c.source + (pos - c.target);
        auto it = std::lower_bound(base->entries.begin(), base->entries.end(), at,
                                   [](const ShapeEntry& e, std::uint64_t offset) { return e.offset < offset; });
        for (; it != base->entries.end() && it->offset == at && it->end <= c.source + c.length; ++it) {
          const std::size_t begin = pos + (it->offset - at), end = pos + (it->end - at);
          const bool missing = it->missing != ShapeEntry::none;
          if (it->kept != ShapeEntry::none) {
            note(begin, end, true, base_kept[it->kept], missing);
          } else {
            note(begin, end, false, {missing ? base->missing[it->missing] : git_oid{}, 0, false}, missing);
          }
          at = it->end;
          pos = end;
        }
        return pos;
      };
      ok = git::for_each_tree_entry_skipping(data, skip, fresh);
    } else {
      // Entries first, then the lookups: with every entry's slot requested up front, the cache
      // misses of one tree overlap instead of coming one after another.
      me.listed.clear();
      ok = git::for_each_tree_entry_skipping(
          data, [](std::size_t pos) { return pos; },
          [&](std::size_t begin, std::size_t end, unsigned mode, std::string_view name, const git_oid& child) {
            if (git::is_tree_mode(mode)) present_.trees.prefetch(child);
            else if (git::is_blob_mode(mode)) present_.blobs.prefetch(child);
            me.listed.push_back({child, name, static_cast<std::uint32_t>(begin), static_cast<std::uint32_t>(end), mode});
          });
      for (const Listed& entry : me.listed) fresh(entry.begin, entry.end, entry.mode, entry.name, entry.child);
    }
    if (!ok) {
      const Error error(ErrorKind::runtime, "malformed tree " + git::oid_hex(id));
      if (!unreadable(thread, git::oid_hex(id), error)) throw error;
      return;
    }
    if (!kept.empty()) {
      kept.shrink_to_fit();
      if (shape) shape->kept = me.entries.size();
      me.entries.emplace_back(id, std::move(kept));
    }
    if (origin) me.shapes.done(*origin);
  }
  bool unreadable(unsigned, const std::string& id_hex, const Error& error) override {
    if (!options_.keep_going) return false;
    log_.warn("cannot read object, skipped", {{"object", id_hex}, {"error", error.what()}});
    return true;
  }

  void into(git::HistoryGraph& graph) {
    NameTable all;
    for (auto& t : threads_) {
      // Thread-local name ids become the graph's.
      std::vector<std::uint32_t> global;
      for (const auto& name : t.names.names()) global.push_back(all.id(name));
      for (auto& [id, kept] : t.entries) {
        for (auto& e : kept) e.name = global[e.name];
        graph.entries.emplace(id, std::move(kept));
      }
      t.entries = {};
    }
    graph.names = std::move(all).take();
  }

  // (tree, object it names that the database does not hold)
  [[nodiscard]] std::vector<std::pair<git_oid, git_oid>> missing() const {
    std::vector<std::pair<git_oid, git_oid>> out;
    for (const auto& t : threads_) out.insert(out.end(), t.missing.begin(), t.missing.end());
    return out;
  }

 private:
  // Entry names, each stored once, by a dense id.
  class NameTable {
   public:
    std::uint32_t id(std::string_view name) {
      const auto it = ids_.find(name);
      if (it != ids_.end()) return it->second;
      const auto next = static_cast<std::uint32_t>(names_.size());
      names_.emplace_back(name);
      ids_.emplace(names_.back(), next);
      return next;
    }
    [[nodiscard]] const std::deque<std::string>& names() const { return names_; }
    [[nodiscard]] std::vector<std::string> take() && { return {std::make_move_iterator(names_.begin()), std::make_move_iterator(names_.end())}; }

   private:
    std::deque<std::string> names_;  // a deque: the map's keys view these strings, which must not move
    std::unordered_map<std::string_view, std::uint32_t> ids_;
  };

  struct Listed {
    git_oid child;
    std::string_view name;  // into the tree being visited
    std::uint32_t begin, end;
    unsigned mode;
  };

  // What was decided for each entry of a tree that later trees are deltas of, in offset order.
  struct ShapeEntry {
    static constexpr std::uint32_t none = UINT32_MAX;
    std::uint32_t offset, end;
    std::uint32_t kept;     // index into the tree's kept entries, or none
    std::uint32_t missing;  // index into Shape::missing, or none
  };
  struct Shape {
    static constexpr std::size_t none = SIZE_MAX;
    std::vector<ShapeEntry> entries;
    std::vector<git_oid> missing;
    std::size_t kept = none;  // the tree's kept entries: an index into PerThread::entries
  };

  struct PerThread {
    std::vector<std::pair<git_oid, std::vector<git::LeadingEntry>>> entries;
    std::vector<std::pair<git_oid, git_oid>> missing;
    NameTable names;
    std::vector<Listed> listed;  // the current tree's entries that need lookups
    DeltaBases<Shape> shapes;    // what was decided for trees that others are deltas of
  };
  const std::vector<git::LeadingEntry> no_entries_;
  const OidSet& targets_;
  const git::PresentObjects& present_;
  const GitScanOptions& options_;
  Logger& log_;
  std::vector<PerThread> threads_;
};

// Every commit a ref (branch, tag, remote, stash, notes, pull-request head) or HEAD leads to.
std::vector<git_oid> ref_tips(git_repository* repo) {
  std::vector<git_oid> tips;
  git_reference_iterator* raw_iter = nullptr;
  git::check(git_reference_iterator_new(&raw_iter, repo), "cannot list references");
  std::unique_ptr<git_reference_iterator, decltype(&git_reference_iterator_free)> iter(raw_iter, git_reference_iterator_free);
  git_reference* raw_ref = nullptr;
  while (git_reference_next(&raw_ref, iter.get()) == 0) {
    git::Reference ref(raw_ref);
    git_object* peeled = nullptr;
    if (git_reference_peel(&peeled, ref.get(), GIT_OBJECT_COMMIT) == 0) {
      tips.push_back(*git_object_id(peeled));
      git_object_free(peeled);
    } else {
      git_error_clear();  // a ref to a blob or tree, or to a missing object
    }
  }
  git_oid head;
  if (git_reference_name_to_id(&head, repo, "HEAD") == 0) tips.push_back(head);
  else git_error_clear();
  return tips;
}

// Missing objects named by reachable trees fail the scan (exit 3) or, with --keep-going, are
// warned about and counted. Trees no ref reaches may name anything: that is not an error.
void report_missing(const git::HistoryGraph& graph, const std::vector<git_oid>& order, const std::vector<std::pair<git_oid, git_oid>>& missing,
                    const GitScanOptions& options, ScanCounters& counters, Logger& log) {
  if (missing.empty()) return;
  OidSet reachable;
  std::vector<git_oid> pending;
  for (const auto& c : order) {
    const git_oid root = graph.commits.at(c).tree;
    if (reachable.insert(root).second) pending.push_back(root);
  }
  while (!pending.empty()) {
    const git_oid tree = pending.back();
    pending.pop_back();
    if (const auto it = graph.entries.find(tree); it != graph.entries.end())
      for (const auto& e : it->second)
        if (e.is_tree && reachable.insert(e.oid).second) pending.push_back(e.oid);
  }
  OidSet reported;
  for (const auto& [tree, object] : missing) {
    if (!reachable.count(tree) || !reported.insert(object).second) continue;
    const std::string message = "object " + git::oid_hex(object) + " is missing (named by tree " + git::oid_hex(tree) + ")";
    if (!options.keep_going) throw Error(ErrorKind::runtime, message);
    ++counters.unreadable;
    log.warn("missing object, not scanned", {{"object", git::oid_hex(object)}, {"tree", git::oid_hex(tree)}});
  }
}

// Parents before children, so "first introduced" means first in history even when clocks lie.
std::vector<git_oid> topological_order(const git::HistoryGraph& graph, const std::vector<git_oid>& tips) {
  std::vector<git_oid> order;
  OidSet visited;
  std::vector<std::pair<git_oid, std::size_t>> stack;  // commit, next parent to visit
  for (const auto& tip : tips) {
    if (!graph.commits.count(tip) || !visited.insert(tip).second) continue;
    stack.emplace_back(tip, 0);
    while (!stack.empty()) {
      auto& [id, next] = stack.back();
      const auto& parents = graph.commits.at(id).parents;
      if (next < parents.size()) {
        const git_oid parent = parents[next++];
        if (graph.commits.count(parent) && visited.insert(parent).second) stack.emplace_back(parent, 0);
        continue;
      }
      order.push_back(id);
      stack.pop_back();
    }
  }
  return order;
}

}  // namespace

std::vector<Finding> scan_git_history(const Scanner& scanner, const GitScanOptions& options, ScanCounters& counters, Logger& log,
                                      ScanProgress* progress) {
  const git::LibGit2 library;
  git::Repository repo = git::open_repository(options.repository);
  const std::string git_dir = git_repository_path(repo.get());
  const std::filesystem::path objects_dir = std::filesystem::path(git_repository_commondir(repo.get())) / "objects";
  const unsigned threads = std::max(1u, options.threads);

  const std::vector<git_oid> tips = ref_tips(repo.get());
  if (tips.empty() && !options.all_objects) {
    log.warn("no commits in repository", {{"repository", options.repository}});
    return {};
  }
  // Phase timings go to the info log: on a large history they say where the time went.
  auto started = std::chrono::steady_clock::now();
  auto phase_done = [&](const char* phase) {
    const auto now = std::chrono::steady_clock::now();
    log.info("history phase done", {{"phase", phase}, {"seconds", std::to_string(std::chrono::duration<double>(now - started).count())}});
    started = now;
  };

  // Reading the pack indexes and loading the rules' split databases each take a tenth of a
  // second on a large history: side by side.
  auto opening = std::async(std::launch::async, [&] { return git::PackSet(objects_dir); });
  ScanPass scan_pass(scanner, options, threads, progress, log);
  const git::PackSet packs = opening.get();
  // What the database holds is only needed by the tree pass: listed meanwhile.
  auto listing = std::async(std::launch::async, [&] { return git::present_objects(packs, objects_dir, git_dir); });
  git::for_each_object(packs, objects_dir, git_dir, threads, scan_pass);
  git::HistoryGraph graph;
  std::vector<BlobResult> blob_results;
  std::vector<MessageResult> message_results;
  std::uint64_t taken_over = 0;
  for (auto& t : scan_pass.results()) {
    counters.merge(t.counters);
    taken_over += t.matcher->taken_over_bytes();
    for (auto& [id, node] : t.commits) graph.commits.emplace(id, std::move(node));
    std::move(t.blobs.begin(), t.blobs.end(), std::back_inserter(blob_results));
    std::move(t.messages.begin(), t.messages.end(), std::back_inserter(message_results));
    t = {};
  }
  log.info("blob bytes whose candidates came from their delta base", {{"bytes", std::to_string(taken_over)},
                                                                     {"of", std::to_string(counters.bytes_scanned)}});
  phase_done("objects");
  // The commit order is needed from the missing-object check on; worked out during the tree
  // pass, which does not touch the commits.
  auto ordering = std::async(std::launch::async, [&] { return topological_order(graph, tips); });

  OidSet targets;
  for (const auto& r : blob_results) targets.insert(r.blob);
  // The tree pass runs even when nothing was found: a blob a reachable tree names but the
  // database lacks was never scanned, and a clean report would then be a lie.
  std::vector<git_oid> order;
  {
    const git::PresentObjects present = listing.get();
    TreePass tree_pass(targets, present, threads, options, log);
    git::for_each_object(packs, objects_dir, git_dir, threads, tree_pass);
    order = ordering.get();
    log.info("history", {{"commits", std::to_string(graph.commits.size())}, {"reachable", std::to_string(order.size())}});
    tree_pass.into(graph);
    std::size_t links = 0;
    for (const auto& [tree, kept] : graph.entries) links += kept.size();
    log.info("tree graph", {{"trees", std::to_string(graph.entries.size())}, {"links", std::to_string(links)}});
    report_missing(graph, order, tree_pass.missing(), options, counters, log);
    phase_done("trees");
  }
  if (!targets.empty()) graph.compute_interesting();
  const auto introductions = git::attribute_blobs(order, graph, targets);
  phase_done("attribution");

  OidMap<std::size_t> position;
  for (std::size_t i = 0; i < order.size(); ++i) position.emplace(order[i], i);
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
    const auto pos = position.find(id);
    return commit_info.emplace(id, CommitFacts{git::provenance_of(commit.get()), pos == position.end() ? SIZE_MAX : pos->second})
        .first->second;
  };

  std::vector<Finding> findings;
  for (auto& m : message_results) {
    if (!position.count(m.commit) && !options.all_objects) continue;  // an unreachable commit
    for (auto& f : m.findings) {
      f.git = facts(m.commit).provenance;
      findings.push_back(std::move(f));
    }
  }

  // A blob is reported where it first appeared (later renames and copies of the same bytes are
  // the same leak), and a secret once per path: the next edit of a file that still holds it is a
  // new blob, not a new leak.
  struct Introduced {
    std::size_t order;
    Finding finding;
  };
  std::vector<Introduced> candidates;
  for (auto& result : blob_results) {
    const std::string blob_hex = git::oid_hex(result.blob);
    const auto it = introductions.find(result.blob);
    if (it == introductions.end()) {  // in no reachable commit: reported only when asked for
      if (!options.all_objects) continue;
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
      if (commit.order != first || options.exclude.excludes_file(intro.path)) continue;
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
  std::stable_sort(candidates.begin(), candidates.end(), [](const Introduced& a, const Introduced& b) { return a.order < b.order; });
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
