// Whole-history scan: one parallel pass over every object (packs through hush's pack reader, loose
// objects through hush's loose reader, alternates included) scans each unique blob, commit message
// and tag message once and notes the commit graph; a pass over trees notes their subtrees and the
// blobs with findings they name; the reachability check then follows every ref and says what
// history could not be followed, and attribution walks, in memory, only the trees leading to
// blobs with findings.
#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <deque>
#include <exception>
#include <filesystem>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string_view>
#include <thread>
#include <unordered_map>

#ifdef __GLIBC__  // defined by the headers above
#include <malloc.h>
#endif

#include "hush/common/log.hpp"
#include "hush/git/attribution.hpp"
#include "hush/git/libgit2.hpp"
#include "hush/git/object_dirs.hpp"
#include "hush/git/object_parse.hpp"
#include "hush/git/object_pass.hpp"
#include "hush/git/oid_set.hpp"
#include "hush/git/reachability.hpp"
#include "hush/git/refs.hpp"
#include "hush/git/submodules.hpp"
#include "hush/scanner/archive.hpp"
#include "hush/scanner/matcher.hpp"
#include "hush/scanner/ruleset.hpp"
#include "hush/scanner/sources/git.hpp"
#include "sources/chunked.hpp"
#include "sources/git/history_git_command.hpp"
#include "sources/git/provenance.hpp"

namespace hush::scanner {
namespace {

using git::OidMap;
using git::OidSet;

// An object that cannot be read stops the scan (exit 3) with what would fix it.
[[noreturn]] void throw_unreadable(const Error& error) {
  throw Error(ErrorKind::runtime,
              std::string(error.what()) +
                  "; fix: `git fsck --full` names the damaged objects; restore them from another clone"
                  " (--keep-going scans the rest and counts what it could not)");
}

// An object a pass cannot read: with --keep-going, warned about (`warning` says what is lost) and
// kept in `unreadable`; without it, the end of the scan.
void skip_unreadable(const GitScanOptions& options, Logger& log, const char* warning, const std::string& id_hex,
                     const Error& error, std::vector<git_oid>& unreadable) {
  if (!options.keep_going) throw_unreadable(error);
  log.warn(warning, {{"object", id_hex}, {"error", error.what()}});
  git_oid id;
  if (git_oid_fromstrn(&id, id_hex.data(), id_hex.size()) == 0) unreadable.push_back(id);
}

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
  git_oid object;  // the commit or tag
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

// What a pass freed stays with the allocator, much of it in the arenas of the threads that ran the
// pass, and counts in the RSS until it is reused; the next phases allocate differently (one
// thread, other sizes), so it is handed back to the system between phases.
void return_free_memory() {
#ifdef __GLIBC__
  malloc_trim(0);
#endif
}

// Pass one: scan every blob and every commit message, and note each commit's tree and parents.
class ScanPass final : public git::ObjectHandler {
 public:
  ScanPass(const Scanner& scanner, const GitScanOptions& options, unsigned threads, ScanProgress* progress, Logger& log)
      : scanner_(scanner), options_(options), progress_(progress), log_(log), threads_(threads) {
    if (options.reuse_delta_bases) scanner.rules().prepare_history_split(log);
    for (unsigned t = 0; t < threads; ++t) threads_.at(t).matcher = std::make_unique<Matcher>(scanner.rules());
  }

  bool wants(git::ObjectType kind) const override { return kind != git::ObjectType::tree; }
  std::uint64_t max_size(git::ObjectType kind) const override {
    return kind == git::ObjectType::blob ? options_.max_blob_size : 0;
  }
  void oversized(unsigned thread, git::ObjectType) override { ++threads_[thread].counters.skipped_size; }

  void object(unsigned thread, const git_oid& id, git::ObjectType kind, std::string_view data,
              const git::PackedOrigin* origin) override {
    PerThread& me = threads_[thread];
    if (kind == git::ObjectType::commit) {
      if (!headers_seen_.first_time(id)) return;
      git::ParsedCommit parsed;
      // A commit without a tree line still has a message to scan; whether its absence from the
      // graph matters depends on whether history reaches it, known later.
      if (git::parse_commit(data, parsed)) me.commits.emplace_back(id, git::CommitNode{parsed.tree, parsed.parents});
      else me.malformed.push_back(id);
      scan_message(me, id, parsed.message, commit_message_path, me.messages);
      return;
    }
    if (kind == git::ObjectType::tag) {
      if (!headers_seen_.first_time(id)) return;
      git::ParsedTag parsed;
      if (!git::parse_tag(data, parsed)) {
        me.malformed.push_back(id);
        return;
      }
      me.tags.emplace_back(id, git::TagNode{parsed.target, parsed.target_type});
      scan_message(me, id, parsed.message, tag_message_path, me.tag_messages);
      return;
    }
    if (!blobs_seen_.first_time(id)) return;
    if (progress_) {
      ++progress_->files;
      progress_->bytes += data.size();
    }
    std::vector<Finding> found;
    // Findings in an archive's members carry "!member" as their path, to follow the blob's own.
    if (scan_archive(scanner_, *me.matcher, {data, "", options_.max_blob_size, options_.include_binary}, found,
                     me.counters, log_)) {
      if (!found.empty()) me.blobs.push_back({id, std::move(found)});
      return;
    }
    ScanTarget whole;
    whole.bytes = data;
    const bool utf16 = scan_utf16(scanner_, whole, *me.matcher, found, me.counters);
    if (!utf16 && !options_.include_binary && looks_binary(data)) {
      ++me.counters.skipped_binary;
      return;
    }
    ++me.counters.files_scanned;
    me.counters.bytes_scanned += data.size();
    if (utf16) {
      // Scanned above, as text.
    } else if (options_.reuse_delta_bases && origin && data.size() <= WindowOptions{}.window) {
      scan_packed_blob(me, data, *origin, found);
    } else {
      scan_in_memory(scanner_, *me.matcher, data, "", found, me.counters);
    }
    if (!found.empty()) me.blobs.push_back({id, std::move(found)});
  }

  bool unreadable(unsigned thread, const std::string& id_hex, const Error& error) override {
    skip_unreadable(options_, log_, "cannot read object, skipped", id_hex, error, threads_[thread].unreadable);
    return true;
  }

  struct PerThread {
    std::vector<git_oid> unreadable;  // counted once with the tree pass's: a loose object whose
                                      // header cannot be read fails in both
    std::vector<git_oid> malformed;   // commits and tags that do not parse
    std::vector<std::pair<git_oid, git::TagNode>> tags;
    std::vector<MessageResult> tag_messages;
    std::unique_ptr<Matcher> matcher;
    DeltaBases<std::vector<Candidate>> recorded;  // the candidates a blob's scan recorded
    std::vector<Candidate> scratch_candidates;    // for blobs that are nobody's base
    ScanCounters counters;
    std::vector<BlobResult> blobs;
    std::vector<MessageResult> messages;
    std::vector<std::pair<git_oid, git::CommitNode>> commits;
  };
  std::vector<PerThread>& results() { return threads_; }

 private:
  void scan_packed_blob(PerThread& me, std::string_view data, const git::PackedOrigin& origin,
                        std::vector<Finding>& found) {
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

  void scan_message(PerThread& me, const git_oid& id, std::string_view message, const char* path,
                    std::vector<MessageResult>& into) {
    if (message.empty()) return;
    std::vector<Finding> found;
    ScanTarget target;
    target.bytes = message;
    target.path = path;
    scanner_.scan(target, *me.matcher, found, me.counters);
    if (!found.empty()) into.push_back({id, std::move(found)});
  }

  const Scanner& scanner_;
  const GitScanOptions& options_;
  ScanProgress* progress_;
  Logger& log_;
  std::vector<PerThread> threads_;
  SeenOnce blobs_seen_, headers_seen_;
};

// Pass two: the shape of every tree (its subtrees, and the blobs with findings it names, by name),
// which is all attribution needs, and the objects trees name that the database lacks.
class TreePass final : public git::ObjectHandler {
 public:
  TreePass(const OidSet& targets, const git::PresentObjects& present, unsigned threads, const GitScanOptions& options,
           Logger& log)
      : targets_(targets), present_(present), options_(options), log_(log), threads_(threads) {
    if (present.trees.positions() > UINT32_MAX || targets.positions() > UINT32_MAX)
      throw Error(ErrorKind::runtime, "more than 2^31 trees or blobs with findings: too many to attribute");
  }

  bool wants(git::ObjectType kind) const override { return kind == git::ObjectType::tree; }
  std::uint64_t max_size(git::ObjectType) const override { return 0; }
  void oversized(unsigned, git::ObjectType) override {}
  void object(unsigned thread, const git_oid& id, git::ObjectType, std::string_view data,
              const git::PackedOrigin* origin) override {
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
    std::vector<git::LeadingEntry>& kept = me.kept;
    kept.clear();
    const auto note = [&](std::size_t begin, std::size_t end, bool keep, git::LeadingEntry entry, const git_oid& child,
                          bool missing) {
      if (keep) kept.push_back(entry);
      if (missing) me.missing.emplace_back(id, child);
      if (!shape) return;
      if (missing) shape->missing.push_back(child);
      shape->entries.push_back({static_cast<std::uint32_t>(begin), static_cast<std::uint32_t>(end),
                                keep ? static_cast<std::uint32_t>(kept.size() - 1) : ShapeEntry::none,
                                missing ? static_cast<std::uint32_t>(shape->missing.size() - 1) : ShapeEntry::none});
    };
    const auto fresh = [&](std::size_t begin, std::size_t end, unsigned mode, std::string_view name,
                           const git_oid& child) {
      if (git::is_tree_mode(mode)) {
        // A subtree the database lacks leads nowhere: only its absence is noted.
        const std::size_t at = present_.trees.position(child);
        const bool missing = at == OidSet::npos;
        note(begin, end, !missing, missing ? git::LeadingEntry{} : link(at, me.names.id(name), true), child, missing);
      } else if (git::is_blob_mode(mode)) {
        const std::size_t at = targets_.position(child);
        const bool keep = at != OidSet::npos;
        note(begin, end, keep, keep ? link(at, me.names.id(name), false) : git::LeadingEntry{}, child,
             !present_.blobs.count(child));
      } else {
        note(begin, end, false, {}, child, false);  // a submodule's commit
      }
    };
    bool ok = true;
    if (base) {
      const git::LeadingEntry* base_kept = nullptr;
      if (base->kept != Shape::none) {
        const KeptTree& tree = me.trees[base->kept];
        base_kept = me.chunks[tree.chunk].data() + tree.begin;
      }
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
            // A kept entry is present (or it would not be kept), so its id is not needed here.
            note(begin, end, true, base_kept[it->kept], git_oid{}, missing);
          } else {
            note(begin, end, false, {}, missing ? base->missing[it->missing] : git_oid{}, missing);
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
            me.listed.push_back(
                {child, name, static_cast<std::uint32_t>(begin), static_cast<std::uint32_t>(end), mode});
          });
      for (const Listed& entry : me.listed) fresh(entry.begin, entry.end, entry.mode, entry.name, entry.child);
    }
    if (!ok) {
      const Error error(ErrorKind::runtime, "malformed tree " + git::oid_hex(id));
      if (!unreadable(thread, git::oid_hex(id), error)) throw error;
      return;
    }
    // The database listing holds every tree a pass reads; one it somehow lacks has nowhere to go.
    if (const std::size_t at = present_.trees.position(id); !kept.empty() && at != OidSet::npos) {
      if (shape) shape->kept = me.trees.size();
      auto* chunk = me.chunks.empty() ? nullptr : &me.chunks.back();
      if (!chunk || chunk->capacity() - chunk->size() < kept.size()) {
        chunk = &me.chunks.emplace_back();
        chunk->reserve(std::max(chunk_entries, kept.size()));
      }
      me.trees.push_back({static_cast<std::uint32_t>(at), static_cast<std::uint32_t>(me.chunks.size() - 1),
                          static_cast<std::uint32_t>(chunk->size()), static_cast<std::uint32_t>(kept.size())});
      chunk->insert(chunk->end(), kept.begin(), kept.end());
    }
    if (origin) me.shapes.done(*origin);
  }
  bool unreadable(unsigned thread, const std::string& id_hex, const Error& error) override {
    skip_unreadable(options_, log_, "cannot read tree, what it holds not scanned", id_hex, error,
                    threads_[thread].unreadable);
    return true;
  }
  // Trees the pass could not read (--keep-going): history below them is not known.
  [[nodiscard]] const OidSet& unreadable_trees() {
    for (auto& t : threads_) {
      for (const auto& id : t.unreadable) unreadable_trees_.insert(id);
      t.unreadable.clear();
    }
    return unreadable_trees_;
  }

  // Each thread's chunks of links become parts of the graph as they are, not copied: the graph is
  // the largest thing a history scan keeps.
  void into(git::HistoryGraph& graph) {
    NameTable all;
    graph.trees = &present_.trees;
    graph.blobs = &targets_;
    graph.spans.assign(present_.trees.positions(), {});
    for (auto& t : threads_) {
      // Thread-local name ids become the graph's.
      std::vector<std::uint32_t> global;
      for (const auto& name : t.names.names()) global.push_back(all.id(name));
      for (auto& chunk : t.chunks)
        for (auto& e : chunk) e.name = global[e.name] & name_mask;
      const auto first_part = static_cast<std::uint32_t>(graph.parts.size());
      // A tree held twice (in two packs, or also loose) keeps the entries read first.
      for (const auto& tree : t.trees)
        if (graph.spans[tree.position].count == 0)
          graph.spans[tree.position] = {tree.begin, first_part + tree.chunk, tree.count};
      if (!t.chunks.empty()) t.chunks.back().shrink_to_fit();
      std::move(t.chunks.begin(), t.chunks.end(), std::back_inserter(graph.parts));
      t.chunks = {};
      t.trees = {};
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
      if (names_.size() > name_mask) throw Error(ErrorKind::runtime, "trees name more than 2^31 distinct entries");
      const auto next = static_cast<std::uint32_t>(names_.size());
      names_.emplace_back(name);
      ids_.emplace(names_.back(), next);
      return next;
    }
    [[nodiscard]] const std::deque<std::string>& names() const { return names_; }
    [[nodiscard]] std::vector<std::string> take() && {
      return {std::make_move_iterator(names_.begin()), std::make_move_iterator(names_.end())};
    }

   private:
    std::deque<std::string> names_;  // a deque: the map's keys view these strings, which must not move
    std::unordered_map<std::string_view, std::uint32_t> ids_;
  };

  // LeadingEntry keeps names in 31 bits and objects by 32-bit positions.
  static constexpr std::uint32_t name_mask = 0x7fffffffu;
  static git::LeadingEntry link(std::size_t object, std::uint32_t name, bool is_tree) {
    git::LeadingEntry e{};
    e.object = static_cast<std::uint32_t>(object);
    e.name = name & name_mask;
    e.is_tree = is_tree ? 1 : 0;
    return e;
  }

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
    std::size_t kept = none;  // the tree's kept entries: an index into PerThread::trees
  };

  // Links are stored in chunks of fixed capacity, never reallocated: a growing vector would hold
  // up to twice what it needs, and copy it all on each growth.
  static constexpr std::size_t chunk_entries = std::size_t{1} << 20;
  struct KeptTree {
    std::uint32_t position;  // in present_.trees
    std::uint32_t chunk;     // into PerThread::chunks
    std::uint32_t begin, count;
  };
  struct PerThread {
    std::vector<git_oid> unreadable;
    std::vector<KeptTree> trees;  // those with kept entries
    std::vector<std::vector<git::LeadingEntry>> chunks;
    std::vector<git::LeadingEntry> kept;  // the current tree's
    std::vector<std::pair<git_oid, git_oid>> missing;
    NameTable names;
    std::vector<Listed> listed;  // the current tree's entries that need lookups
    DeltaBases<Shape> shapes;    // what was decided for trees that others are deltas of
  };
  OidSet unreadable_trees_;
  const OidSet& targets_;
  const git::PresentObjects& present_;
  const GitScanOptions& options_;
  Logger& log_;
  std::vector<PerThread> threads_;
};

// What each kind of gap says in the summary, and what would fix it.
ScanGap summary_gap(git::GapKind kind, bool unindexed_packs) {
  using git::GapKind;
  switch (kind) {
    case GapKind::not_fetched:
      return {"objects not fetched by this partial clone (history below them not scanned)", 0,
              "fetch them: `git config --unset remote.origin.partialclonefilter && git fetch --refetch origin`, or "
              "clone without --filter",
              false};
    case GapKind::shallow:
      return {"commits beyond this shallow clone's boundary (not scanned)", 0,
              "fetch the whole history: `git fetch --unshallow`", false};
    case GapKind::missing:
      return {
          "objects missing from the repository (history below them not scanned)", 0,
          unindexed_packs
              ? "index the packs that have no .idx (`git index-pack objects/pack/NAME.pack`), then `git fsck --full`"
              : "`git fsck --full` lists what is missing; fetch it again (`git fetch`) or restore it from another "
                "clone",
          true};
    case GapKind::unreadable:
      return {"objects that cannot be read (history below them not scanned)", 0,
              "`git fsck --full` names the damaged objects; restore them from another clone and `git repack -a -d`",
              true};
    case GapKind::malformed:
      return {"malformed commits or tags (history below them not scanned)", 0,
              "`git fsck --full` names them; rewrite the history that holds them or delete the refs that reach them",
              true};
  }
  return {};
}

std::string describe(const git::HistoryGap& gap) {
  using git::GapKind;
  std::string object = gap.what + " " + git::oid_hex(gap.object);
  switch (gap.kind) {
    case GapKind::missing:
      return object + " is missing (named by " + gap.named_by + ")";
    case GapKind::not_fetched:
      return object + " was not fetched by this partial clone (named by " + gap.named_by + ")";
    case GapKind::unreadable:
      return object + " cannot be read (named by " + gap.named_by + ")";
    case GapKind::malformed:
      return object + " is malformed (named by " + gap.named_by + ")";
    case GapKind::shallow:
      return object + " is beyond the shallow clone's boundary (parent of " + gap.named_by + ")";
  }
  return object;
}

// Damage (missing, unreadable, malformed) stops the scan with exit 3 naming the first object and
// the fix, or with --keep-going becomes warnings, counts and a line of the summary. What is
// absent on purpose (partial and shallow clones) is counted and summarised, never an error.
class GapReporter {
 public:
  GapReporter(const GitScanOptions& options, bool unindexed_packs, ScanCounters& counters, Logger& log)
      : options_(options), unindexed_packs_(unindexed_packs), counters_(counters), log_(log) {}

  void report(const git::HistoryGap& gap) {
    if (!reported_.insert(gap.object).second) return;
    ScanGap summary = summary_gap(gap.kind, unindexed_packs_);
    summary.count = 1;
    const bool damage = summary.damaged;
    if (damage && !options_.keep_going)
      throw Error(ErrorKind::runtime, describe(gap) + "; fix: " + summary.fix +
                                          " (--keep-going scans the rest and counts what it could not)");
    if (damage) log_.warn("not scanned", {{"object", git::oid_hex(gap.object)}, {"why", describe(gap)}});
    // Unreadable objects were counted, and summarised, when the object passes failed to read them.
    if (gap.kind == git::GapKind::unreadable) return;
    if (gap.kind == git::GapKind::not_fetched) ++counters_.not_fetched;
    if (damage) ++counters_.unreadable;
    counters_.add_gap(std::move(summary));
  }
  [[nodiscard]] bool any() const noexcept { return !reported_.empty(); }

 private:
  const GitScanOptions& options_;
  bool unindexed_packs_;
  ScanCounters& counters_;
  Logger& log_;
  OidSet reported_;
};

// Objects named by reachable trees that the database lacks: from the roots (the reachable
// commits' trees and the trees refs name directly) down through the kept entries. Trees no ref
// reaches may name anything: that is not an error.
void check_tree_entries(const git::HistoryGraph& graph, const std::vector<git_oid>& roots,
                        const std::vector<std::pair<git_oid, git_oid>>& missing, bool partial_clone,
                        GapReporter& gaps) {
  if (missing.empty()) return;
  // By position, not an OidSet: a bit per tree instead of tens of bytes.
  const OidSet& trees = *graph.trees;
  std::vector<bool> reachable(trees.positions());
  std::vector<std::size_t> pending;
  const auto reach = [&](std::size_t tree) {
    if (tree == OidSet::npos || reachable[tree]) return;
    reachable[tree] = true;
    pending.push_back(tree);
  };
  for (const auto& root : roots) reach(trees.position(root));
  while (!pending.empty()) {
    const std::size_t tree = pending.back();
    pending.pop_back();
    for (const auto& e : graph.entries(tree))
      if (e.is_tree) reach(e.object);
  }
  for (const auto& [tree, object] : missing) {
    if (const std::size_t at = trees.position(tree); at == OidSet::npos || !reachable[at]) continue;
    gaps.report({partial_clone ? git::GapKind::not_fetched : git::GapKind::missing, object, "object",
                 "tree " + git::oid_hex(tree)});
  }
}

// Opened objects directories that could not all be read are said up front: every object they
// hold will be missing further on.
void warn_object_store(const git::ObjectDirectories& dirs, const git::ObjectStore& store, ScanCounters& counters,
                       Logger& log) {
  for (const auto& problem : dirs.problems) log.warn("alternate object directory not read", {{"problem", problem}});
  for (const auto& pack : store.unindexed_packs())
    log.warn("pack has no index and cannot be read; `git index-pack` builds one", {{"pack", pack.string()}});
  for (const auto& problem : store.unreadable_packs()) {
    ++counters.unreadable;
    log.warn("pack cannot be read, skipped", {{"error", problem}});
    counters.add_gap(
        {"packs that cannot be read (their objects not scanned)", 1,
         "`git fsck --full`; restore the pack from another clone, or `git index-pack` to rebuild a damaged index",
         true});
  }
}

// Submodules nested deeper than this are not followed (a submodule can name its superproject).
constexpr int max_submodule_depth = 8;

std::vector<Finding> scan_repository_history(const Scanner& scanner, const GitScanOptions& options,
                                             ScanCounters& counters, Logger& log, ScanProgress* progress, int depth);

// Each declared submodule: scanned as a repository of its own with --recurse-submodules (its
// findings' paths under the submodule's path), otherwise counted as not scanned.
void scan_submodules(git_repository* repo, const Scanner& scanner, const GitScanOptions& options,
                     ScanCounters& counters, Logger& log, ScanProgress* progress, int depth,
                     std::vector<Finding>& findings) {
  const auto submodules = git::list_submodules(repo);
  if (submodules.empty()) return;
  if (!options.recurse_submodules) {
    counters.add_gap({"submodules (separate repositories) not scanned", submodules.size(),
                      "scan them too with --recurse-submodules, after `git submodule update --init --recursive`",
                      false});
    return;
  }
  for (const auto& sm : submodules) {
    if (!sm.repository || depth >= max_submodule_depth) {
      counters.add_gap({"submodules not checked out (not scanned)", 1,
                        "`git submodule update --init --recursive`, then scan again", false});
      continue;
    }
    GitScanOptions sub = options;
    sub.repository = *sm.repository;
    auto found = scan_repository_history(scanner, sub, counters, log, progress, depth + 1);
    for (auto& f : found) {
      f.path = sm.path + "/" + f.path;
      findings.push_back(std::move(f));
    }
  }
}

std::vector<Finding> scan_repository_history(const Scanner& scanner, const GitScanOptions& options,
                                             ScanCounters& counters, Logger& log, ScanProgress* progress, int depth) {
  const git::LibGit2 library;
  if (const auto format = git::format_libgit2_cannot_read(options.repository))
    return git::scan_history_with_git_command(scanner, options, *format, counters, log, progress);
  git::Repository repo = git::open_repository(options.repository);
  const unsigned threads = std::max(1u, options.threads);

  const git::RefTips refs = git::list_ref_tips(repo.get());
  for (const auto& broken : refs.broken) {
    if (!options.keep_going)
      throw Error(ErrorKind::runtime,
                  "ref " + broken + " cannot be read; fix: `git fsck --full`, then repair or delete the ref");
    ++counters.unreadable;
    log.warn("ref cannot be read, not scanned", {{"ref", broken}});
    counters.add_gap({"refs that cannot be read (what they reach may not be scanned)", 1,
                      "`git fsck --full`, then repair or delete them", true});
  }
  if (refs.tips.empty() && !options.all_objects) {
    log.warn("no commits in repository", {{"repository", options.repository}});
    return {};
  }
  // Phase timings go to the info log: on a large history they say where the time went.
  auto started = std::chrono::steady_clock::now();
  auto phase_done = [&](const char* phase) {
    const auto now = std::chrono::steady_clock::now();
    log.info("history phase done",
             {{"phase", phase}, {"seconds", std::to_string(std::chrono::duration<double>(now - started).count())}});
    started = now;
  };

  const git::ObjectDirectories dirs = git::object_directories(git::objects_dir_of(repo.get()));
  // Reading the pack indexes and loading the rules' split databases each take a tenth of a
  // second on a large history: side by side.
  auto opening = std::async(std::launch::async, [&] { return git::ObjectStore(dirs.dirs, options.keep_going); });
  // Optional only to be destroyed once its results are taken: what it saw (sets of ids) is not
  // needed after the pass.
  std::optional<ScanPass> scan_pass(std::in_place, scanner, options, threads, progress, log);
  const git::ObjectStore store = opening.get();
  warn_object_store(dirs, store, counters, log);
  // What the database holds is only needed from the reachability check on: listed meanwhile.
  auto listing = std::async(std::launch::async, [&] { return git::present_objects(store); });
  git::for_each_object(store, threads, *scan_pass);
  git::HistoryGraph graph;
  OidMap<git::TagNode> tags;
  OidSet malformed;
  std::vector<BlobResult> blob_results;
  std::vector<MessageResult> message_results, tag_message_results;
  OidSet unreadable_objects;
  std::uint64_t taken_over = 0;
  for (auto& t : scan_pass->results()) {
    counters.merge(t.counters);
    taken_over += t.matcher->taken_over_bytes();
    for (auto& [id, node] : t.commits) graph.commits.emplace(id, std::move(node));
    for (auto& [id, node] : t.tags) tags.emplace(id, node);
    for (const auto& id : t.malformed) malformed.insert(id);
    std::move(t.blobs.begin(), t.blobs.end(), std::back_inserter(blob_results));
    std::move(t.messages.begin(), t.messages.end(), std::back_inserter(message_results));
    std::move(t.tag_messages.begin(), t.tag_messages.end(), std::back_inserter(tag_message_results));
    for (const auto& id : t.unreadable) unreadable_objects.insert(id);
    t = {};
  }
  scan_pass.reset();
  return_free_memory();
  log.info("blob bytes whose candidates came from their delta base",
           {{"bytes", std::to_string(taken_over)}, {"of", std::to_string(counters.bytes_scanned)}});
  phase_done("objects");

  const git::PresentObjects present = listing.get();
  const bool partial_clone = git::is_partial_clone(repo.get());
  OidSet shallow;
  for (const auto& id : git::shallow_commits(repo.get())) shallow.insert(id);
  // What the refs reach, in commit order, is needed from the missing-object check on; worked out
  // during the tree pass, which does not touch the commits.
  auto reaching = std::async(std::launch::async, [&] {
    return git::reach(refs.tips, git::ReachInput{graph, tags, present, malformed, shallow, partial_clone});
  });

  OidSet targets;
  for (const auto& r : blob_results) targets.insert(r.blob);
  GapReporter gaps(options, !store.unindexed_packs().empty(), counters, log);
  // The tree pass runs even when nothing was found: a blob a reachable tree names but the
  // database lacks was never scanned, and a clean report would then be a lie.
  git::Reached reached;
  {
    TreePass tree_pass(targets, present, threads, options, log);
    git::for_each_object(store, threads, tree_pass);
    reached = reaching.get();
    log.info("history", {{"commits", std::to_string(graph.commits.size())},
                         {"reachable", std::to_string(reached.commits.size())}});
    tree_pass.into(graph);
    const OidSet& unreadable_trees = tree_pass.unreadable_trees();
    for (const auto& id : unreadable_trees) unreadable_objects.insert(id);
    if (!unreadable_objects.empty()) {
      counters.unreadable += unreadable_objects.size();
      counters.add_gap(
          {"objects that cannot be read (what they hold, and history below them, not scanned)",
           unreadable_objects.size(),
           "`git fsck --full` names the damaged objects; restore them from another clone, then `git repack -a -d`",
           true});
    }
    std::size_t trees = 0, links = 0;
    for (const auto& span : graph.spans) {
      trees += span.count != 0;
      links += span.count;
    }
    log.info("tree graph", {{"trees", std::to_string(trees)}, {"links", std::to_string(links)}});
    for (const auto& gap : reached.gaps) gaps.report(gap);
    std::vector<git_oid> roots;
    for (const auto& c : reached.commits) roots.push_back(graph.commits.at(c).tree);
    for (const auto& [tree, ref] : reached.trees) roots.push_back(tree);
    if (!unreadable_trees.empty()) {
      for (const auto& c : reached.commits)
        if (unreadable_trees.count(graph.commits.at(c).tree))
          gaps.report({git::GapKind::unreadable, graph.commits.at(c).tree, "tree", "commit " + git::oid_hex(c)});
      for (const auto& [tree, ref] : reached.trees)
        if (unreadable_trees.count(tree)) gaps.report({git::GapKind::unreadable, tree, "tree", ref});
    }
    check_tree_entries(graph, roots, tree_pass.missing(), partial_clone, gaps);
    phase_done("trees");
  }
  return_free_memory();
  if (!targets.empty()) graph.compute_interesting();
  const std::vector<git_oid>& order = reached.commits;
  const auto introductions = git::attribute_blobs(order, graph, targets);
  phase_done("attribution");

  OidMap<std::size_t> position;
  for (std::size_t i = 0; i < order.size(); ++i) position.emplace(order[i], i);
  git_odb* raw_odb = nullptr;
  git::check(git_repository_odb(&raw_odb, repo.get()), "cannot open the object database");
  const git::Odb odb(raw_odb);
  // Provenance from the raw object, as git log reads it: a commit fsck rejects (no author, a
  // date that does not parse) is still attributed, with those fields empty.
  auto raw_provenance = [&](const git_oid& id, std::string_view signature) {
    git_odb_object* raw = nullptr;
    git::check(git_odb_read(&raw, odb.get(), &id), "cannot read " + git::oid_hex(id));
    const git::OdbObject object(raw);
    return git::provenance_of_raw(
        git::oid_hex(id),
        {static_cast<const char*>(git_odb_object_data(object.get())), git_odb_object_size(object.get())}, signature);
  };
  struct CommitFacts {
    GitProvenance provenance;
    std::size_t order;
  };
  OidMap<CommitFacts> commit_info;
  auto facts = [&](const git_oid& id) -> const CommitFacts& {
    auto it = commit_info.find(id);
    if (it != commit_info.end()) return it->second;
    const auto pos = position.find(id);
    return commit_info
        .emplace(id, CommitFacts{raw_provenance(id, "author"), pos == position.end() ? SIZE_MAX : pos->second})
        .first->second;
  };

  std::vector<Finding> findings;
  for (auto& m : message_results) {
    if (!position.contains(m.object) && !options.all_objects) continue;  // an unreachable commit
    for (auto& f : m.findings) {
      f.git = facts(m.object).provenance;
      findings.push_back(std::move(f));
    }
  }
  // An annotated tag's message is history too: reported with the tagger and the ref that
  // reaches it (unreachable tags only with --all-objects).
  OidMap<std::string> tag_refs;
  for (const auto& [tag, ref] : reached.tags) tag_refs.emplace(tag, ref);
  for (auto& m : tag_message_results) {
    const auto ref = tag_refs.find(m.object);
    if (ref == tag_refs.end() && !options.all_objects) continue;
    GitProvenance provenance = raw_provenance(m.object, "tagger");
    provenance.commit.clear();
    if (const auto tag = tags.find(m.object); tag != tags.end() && tag->second.type == GIT_OBJECT_COMMIT)
      provenance.commit = git::oid_hex(tag->second.target);
    if (ref != tag_refs.end()) provenance.ref = ref->second;
    for (auto& f : m.findings) {
      f.git = provenance;
      findings.push_back(std::move(f));
    }
  }

  // Blobs that refs name directly, and the blobs of trees refs name directly, when no commit
  // introduces them: reported with the ref as their provenance.
  OidMap<std::vector<std::pair<std::string, std::string>>> by_ref;  // blob -> (path, ref)
  for (const auto& [blob, ref] : reached.blobs) by_ref[blob].emplace_back(ref, ref);
  for (const auto& [tree, ref] : reached.trees)
    for (const auto& [blob, paths] : git::attribute_tree(tree, graph, targets))
      for (const auto& intro : paths) by_ref[blob].emplace_back(intro.path, ref);

  // A blob is reported where it first appeared (later renames and copies of the same bytes are
  // the same leak), and a secret once per path: the next edit of a file that still holds it is a
  // new blob, not a new leak.
  struct Introduced {
    std::size_t order;
    Finding finding;
  };
  // When history could not be followed everywhere, a blob no readable path leads to may be
  // below what was lost: reported without a path rather than dropped.
  const bool history_has_gaps = gaps.any() || counters.incomplete();
  std::vector<Introduced> candidates;
  for (auto& result : blob_results) {
    const std::string blob_hex = git::oid_hex(result.blob);
    const auto it = introductions.find(result.blob);
    if (it == introductions.end()) {
      if (const auto refd = by_ref.find(result.blob); refd != by_ref.end()) {
        for (const auto& [path, ref] : refd->second) {
          if (options.exclude.excludes_file(path)) {
            ++counters.skipped_excluded;
            continue;
          }
          for (const auto& f : result.findings) {
            Finding copy = f;
            copy.path = path + f.path;  // f.path: "" or an archive member's "!name"
            if (scanner.path_suppresses(f.rule_id, copy.path)) continue;
            copy.git = GitProvenance{};
            copy.git->blob = blob_hex;
            copy.git->ref = ref;
            candidates.push_back({SIZE_MAX, std::move(copy)});
          }
        }
        continue;
      }
      if (!options.all_objects && !history_has_gaps) continue;  // in no reachable commit
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
      if (commit.order != first) continue;
      // Only blobs with findings have paths at this point: excluded ones are counted here, at
      // no cost to the scan, rather than every excluded file version of the history.
      if (options.exclude.excludes_file(intro.path)) {
        ++counters.skipped_excluded;
        continue;
      }
      for (const auto& f : result.findings) {
        auto copy = git::finding_at_path(scanner, f, intro.path);
        if (!copy) continue;
        copy->git = commit.provenance;
        copy->git->blob = blob_hex;
        candidates.push_back({commit.order, std::move(*copy)});
      }
    }
  }
  std::stable_sort(candidates.begin(), candidates.end(),
                   [](const Introduced& a, const Introduced& b) { return a.order < b.order; });
  std::set<std::pair<std::string, std::string>> reported;  // (fingerprint, path)
  for (auto& c : candidates) {
    if (!reported.emplace(c.finding.fingerprint, c.finding.path).second) {
      ++counters.suppressed;
      continue;
    }
    findings.push_back(std::move(c.finding));
  }
  scan_submodules(repo.get(), scanner, options, counters, log, progress, depth, findings);
  std::sort(findings.begin(), findings.end(), finding_less);
  return findings;
}

}  // namespace

std::vector<Finding> scan_git_history(const Scanner& scanner, const GitScanOptions& options, ScanCounters& counters,
                                      Logger& log, ScanProgress* progress) {
  return scan_repository_history(scanner, options, counters, log, progress, 0);
}

std::string git_project_root(const std::string& path) {
  const git::LibGit2 library;
  return git::project_root(path);
}

std::optional<std::string> common_work_tree(const std::vector<std::string>& paths) {
  if (paths.empty()) return std::nullopt;
  const git::LibGit2 library;
  std::optional<std::string> common;
  // The pre-commit framework passes every staged file: files of one directory share one answer.
  std::map<std::string, std::optional<std::string>> by_directory;
  for (const auto& path : paths) {
    std::error_code ec;
    const std::string directory =
        std::filesystem::is_directory(path, ec) ? path : std::filesystem::path(path).parent_path().string();
    auto [known, fresh] = by_directory.try_emplace(directory);
    if (fresh) known->second = git::work_tree_containing(directory.empty() ? "." : directory);
    const auto& tree = known->second;
    if (!tree || (common && *common != *tree)) return std::nullopt;
    common = tree;
  }
  return common;
}

}  // namespace hush::scanner
