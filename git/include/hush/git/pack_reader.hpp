#pragma once
// Reads Git pack files (.pack and .idx version 2, as gitformat-pack(5) specifies them) directly.
// This is the hot path of the whole-history scan: libgit2's per-object read resolves each delta
// chain again for every object (slower than `git cat-file --batch --unordered`; bench/README.md).
// Here a pack is split into contiguous offset ranges, one per thread, and each range is read delta
// family by delta family: a whole object, then depth-first every delta built on it. Every object
// is inflated once and every delta applied once, and only the chain being walked is held in
// memory. (Plain offset order with a base cache would keep every base alive until its last delta,
// most of a large repository's blobs.) Only SHA-1 repositories (20-byte ids); libgit2 keeps
// handling refs, commits, trees, the index and loose objects.
//
// Thread safety: a PackFile is immutable once opened and may be shared by any number of threads;
// each thread uses its own PackReader (decompressor, cache and buffers are per reader).
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "hush/common/copied_range.hpp"
#include "hush/common/mapped_file.hpp"

namespace hush {
class Error;
}

namespace hush::git {

inline constexpr std::size_t oid_size = 20;
using OidView = std::span<const unsigned char, oid_size>;

// Values are the pack format's own type codes.
enum class ObjectType : std::uint8_t { commit = 1, tree = 2, blob = 3, tag = 4 };

// The names git gives the types (a loose object's header, cat-file): "commit", "tree", "blob", "tag".
[[nodiscard]] std::string_view type_name(ObjectType type) noexcept;
[[nodiscard]] std::optional<ObjectType> type_named(std::string_view name) noexcept;
[[nodiscard]] std::string oid_hex(OidView oid);

// objects_dir/pack/*.pack that have a matching .idx (a pack without one is still being written),
// sorted by name. A missing pack directory is an empty list.
[[nodiscard]] std::vector<std::filesystem::path> list_packs(const std::filesystem::path& objects_dir);

struct PackStats {
  std::size_t objects_by_type[5] = {};  // indexed by ObjectType; [0] unused
  std::size_t ofs_deltas = 0;
  std::size_t ref_deltas = 0;
  unsigned max_delta_depth = 0;
};

// One X.pack with its X.idx (version 2). Opening validates both headers, the object count, the
// idx's size and ordering, that the idx belongs to this pack (trailer checksums), and every entry
// header; a truncated or corrupt file is a hush::Error naming it. Object data is only checked when
// read (zlib's checksum, declared sizes, delta bounds).
class PackFile {
 public:
  static constexpr std::uint32_t no_base = 0xFFFFFFFFu;

  // What a reader needs to know about one entry, in pack-offset order.
  struct Entry {
    std::uint64_t offset;      // of the entry header
    std::uint64_t size;        // inflated size of the entry's data (for a delta: of the delta)
    std::uint32_t base;        // entry index of the delta base, or no_base
    std::uint32_t oid_index;   // position in the idx's sorted ids
    std::uint8_t kind;         // pack type: 1..4, or 6 (OFS_DELTA), 7 (REF_DELTA)
    ObjectType type;           // of the resolved object (a delta has its chain's root type)
    std::uint8_t header_size;  // bytes from `offset` to the zlib stream
    [[nodiscard]] bool is_delta() const noexcept { return base != no_base; }
  };

  explicit PackFile(std::filesystem::path pack_path);

  [[nodiscard]] const std::filesystem::path& path() const noexcept { return path_; }
  [[nodiscard]] std::size_t object_count() const noexcept { return entries_.size(); }
  [[nodiscard]] const PackStats& stats() const noexcept { return stats_; }
  [[nodiscard]] std::span<const Entry> entries() const noexcept { return entries_; }
  [[nodiscard]] OidView oid(std::uint32_t entry) const noexcept;
  // The zlib stream of an entry, bounded by the next entry (or the trailer).
  [[nodiscard]] std::span<const unsigned char> compressed(std::uint32_t entry) const noexcept;
  // Entries [first, last) of `part` out of `parts` contiguous ranges, balanced by the estimated
  // size of the resolved objects rather than by count (commits come first and are small).
  [[nodiscard]] std::pair<std::uint32_t, std::uint32_t> part_range(unsigned part, unsigned parts) const;
  // Readers are done with pack bytes [begin, end) for now (see MappedFile::release).
  void release_pages(std::uint64_t begin, std::uint64_t end) const noexcept;

 private:
  void parse_index();
  void build_entries();
  void resolve_chains();
  [[nodiscard]] std::optional<std::uint32_t> find_oid_index(const unsigned char* oid) const noexcept;
  [[nodiscard]] OidView oid_at(std::uint32_t oid_index) const noexcept;

  std::filesystem::path path_;
  std::filesystem::path idx_path_;
  MappedFile pack_;
  MappedFile idx_;
  const unsigned char* fanout_ = nullptr;  // into idx_
  const unsigned char* oids_ = nullptr;    // into idx_
  std::uint32_t count_ = 0;
  std::vector<Entry> entries_;
  std::vector<std::uint32_t> entry_of_oid_;   // oid_index -> entry index
  std::vector<std::uint64_t> weight_prefix_;  // size estimate summed over entries [0, i)
  PackStats stats_;
};

// A run of a delta's result copied from its base (target: in the result; source: in the base).
using DeltaCopy = CopiedRange;

struct PackObject {
  OidView oid;
  ObjectType type;
  std::uint64_t offset;   // of the entry in the pack, for messages
  std::string_view data;  // fully resolved; valid only during the visit call
  // Where the object sits in its delta family, so a visitor can reuse what it learnt from the
  // base. Within one for_each_object walk the base of an object at depth d is the object last
  // delivered at depth d - 1, if that one's entry is `base_entry` (it may not have been
  // delivered: outside the part, or unwanted).
  std::uint32_t entry = 0;                       // index among the pack's entries
  std::uint32_t base_entry = PackFile::no_base;  // the delta's base entry, or no_base
  std::uint32_t depth = 0;                       // 0 for a whole object
  bool is_base = false;                          // some delta of this pack is built on it
  std::span<const DeltaCopy> copies;             // a delta's copies from its base, in order
};

class PackVisitor {
 public:
  virtual ~PackVisitor() = default;
  // Asked before anything is inflated: an object of an unwanted type costs nothing, unless a
  // wanted object is a delta against it (then it is built but not delivered).
  [[nodiscard]] virtual bool wants_type(ObjectType /*type*/) { return true; }
  // Asked once the resolved size is known; for a delta that costs inflating the delta itself, but
  // not applying it, so e.g. oversized blobs can be skipped cheaply.
  [[nodiscard]] virtual bool wants(ObjectType /*type*/, std::uint64_t /*size*/) { return true; }
  virtual void visit(const PackObject& object) = 0;
  // An object that cannot be read (corrupt data, broken delta); the error names the pack, offset
  // and id. Return true to skip it and go on (--keep-going), false to stop with that error.
  [[nodiscard]] virtual bool keep_going(OidView /*oid*/, const Error& /*error*/) { return false; }
};

struct PackReaderOptions {
  // Resolved delta bases held at once: the chain being walked. Past it, bases nearest the chain's
  // root are dropped and rebuilt from the pack if needed again. One object is always held
  // whatever its size.
  std::size_t cache_bytes = 128u * 1024 * 1024;
  // Longer chains are treated as corrupt (git itself caps --depth at 4095); also stops cycles.
  unsigned max_delta_depth = 10000;
};

// What reading cost: bench/pack_read_bench.cpp reports it and the unit tests check the rebuild
// count stays bounded, so it stays although the scan itself does not ask for it.
struct PackReaderStats {
  std::uint64_t objects = 0;           // delivered
  std::uint64_t bytes = 0;             // delivered
  std::uint64_t inflated_bytes = 0;    // zlib output, whole objects and deltas
  std::uint64_t base_hits = 0;         // deltas applied to a base already held
  std::uint64_t base_rebuilds = 0;     // bases built again after being dropped (or not cached)
  std::uint64_t peak_cache_bytes = 0;  // most resolved base bytes held at once
};

// Per-thread reading state over a shared PackFile, which must outlive the reader.
class PackReader {
 public:
  explicit PackReader(const PackFile& pack, PackReaderOptions options = {});
  ~PackReader();
  PackReader(PackReader&&) noexcept;
  PackReader& operator=(PackReader&&) noexcept;
  PackReader(const PackReader&) = delete;
  PackReader& operator=(const PackReader&) = delete;

  // Delivers every wanted object of part `part` of `parts` (see PackFile::part_range); over all
  // parts each object is delivered exactly once. Order: delta families by their root's offset,
  // each root followed depth-first by its deltas, siblings in offset order. Bases outside the part
  // are rebuilt but not delivered. Run parts on separate threads, one reader each.
  void for_each_object(unsigned part, unsigned parts, PackVisitor& visitor);

  [[nodiscard]] const PackReaderStats& stats() const noexcept;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace hush::git
