#include "hush/git/pack_reader.hpp"

#include <algorithm>
#include <cstring>
#include <limits>
#include <system_error>

#include "hush/common/codec.hpp"
#include "hush/common/deflate_handle.hpp"
#include "hush/common/enum_names.hpp"
#include "hush/common/error.hpp"

namespace fs = std::filesystem;

namespace hush::git {
namespace {

constexpr std::size_t pack_header_size = 12;
constexpr std::size_t checksum_size = 20;
constexpr std::size_t idx_header_size = 8;
constexpr std::size_t fanout_bytes = 256 * 4;
constexpr std::uint32_t large_offset_flag = 0x80000000u;
constexpr std::uint8_t kind_ofs_delta = 6;
constexpr std::uint8_t kind_ref_delta = 7;
// Deflate cannot expand more than 1032:1; a declared size beyond that is corrupt, and rejecting it
// up front keeps a flipped bit from turning into a multi-terabyte allocation.
constexpr std::uint64_t max_inflate_ratio = 1040;
// A delta opcode byte plus its size bytes can emit at most 2^24 bytes.
constexpr std::uint64_t max_delta_ratio = 1ull << 24;
// Fixed per-object cost (headers, visitor call) when balancing parts by estimated bytes.
constexpr std::uint64_t per_object_weight = 512;

std::uint32_t be32(const unsigned char* p) noexcept {
  return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) | std::uint32_t{p[3]};
}

std::uint64_t be64(const unsigned char* p) noexcept { return (std::uint64_t{be32(p)} << 32) | be32(p + 4); }

[[noreturn]] void fail(const fs::path& file, const std::string& message) {
  throw Error(ErrorKind::runtime, file.string() + ": " + message);
}

struct EntryHeader {
  std::uint8_t kind = 0;
  std::uint64_t size = 0;
  std::uint64_t base_distance = 0;          // OFS_DELTA
  const unsigned char* base_oid = nullptr;  // REF_DELTA
  std::size_t length = 0;
};

// False if the header runs past `end` or its numbers overflow.
bool parse_entry_header(const unsigned char* p, const unsigned char* end, EntryHeader& h) noexcept {
  const unsigned char* const start = p;
  if (p == end) return false;
  unsigned c = *p++;
  h.kind = static_cast<std::uint8_t>((c >> 4) & 7);
  h.size = c & 15;
  unsigned shift = 4;
  while (c & 0x80) {
    if (p == end || shift > 57) return false;
    c = *p++;
    h.size |= std::uint64_t{c & 0x7f} << shift;
    shift += 7;
  }
  if (h.kind == kind_ofs_delta) {
    // Each continuation adds one before shifting, so every distance has exactly one encoding.
    if (p == end) return false;
    c = *p++;
    std::uint64_t distance = c & 0x7f;
    while (c & 0x80) {
      if (p == end || distance >= (std::numeric_limits<std::uint64_t>::max() >> 7) - 1) return false;
      c = *p++;
      distance = ((distance + 1) << 7) | (c & 0x7f);
    }
    h.base_distance = distance;
  } else if (h.kind == kind_ref_delta) {
    if (static_cast<std::size_t>(end - p) < oid_size) return false;
    h.base_oid = p;
    p += oid_size;
  }
  h.length = static_cast<std::size_t>(p - start);
  return true;
}

// The little-endian base-128 sizes at the start of a delta.
bool read_delta_size(const unsigned char*& p, const unsigned char* end, std::uint64_t& value) noexcept {
  value = 0;
  unsigned shift = 0;
  unsigned c = 0;
  do {
    if (p == end || shift > 63) return false;
    c = *p++;
    value |= std::uint64_t{c & 0x7f} << shift;
    shift += 7;
  } while (c & 0x80);
  return true;
}

// A growable byte buffer whose contents are always fully overwritten, so growing it skips the
// zero-fill std::vector would do (that alone is a pass over every byte delivered).
struct Buffer {
  std::unique_ptr<unsigned char[]> bytes;
  std::size_t size = 0;
  std::size_t capacity = 0;

  unsigned char* prepare(std::size_t n) {
    // Shrink after an outlier so one huge object does not pin its memory for the whole scan.
    constexpr std::size_t keep_limit = 64u * 1024 * 1024;
    if (n > capacity || (capacity > keep_limit && n < capacity / 4)) {
      const std::size_t want = std::max<std::size_t>(n, 1);  // libdeflate wants a real pointer
      bytes = std::make_unique_for_overwrite<unsigned char[]>(want);
      capacity = want;
    }
    size = n;
    return bytes.get();
  }
  [[nodiscard]] std::string_view view() const noexcept { return {reinterpret_cast<const char*>(bytes.get()), size}; }
};

constexpr EnumName<ObjectType> type_names[] = {
    {ObjectType::commit, "commit"}, {ObjectType::tree, "tree"}, {ObjectType::blob, "blob"}, {ObjectType::tag, "tag"}};

}  // namespace

std::string_view type_name(ObjectType type) noexcept { return name_of(type_names, type, "unknown"); }

std::optional<ObjectType> type_named(std::string_view name) noexcept { return value_named(type_names, name); }

std::string oid_hex(OidView oid) { return to_hex(oid); }

std::vector<fs::path> list_packs(const fs::path& objects_dir) {
  std::vector<fs::path> out;
  const fs::path dir = objects_dir / "pack";
  std::error_code ec;
  if (!fs::exists(dir, ec)) {
    if (ec) fail(dir, "cannot access: " + ec.message());
    return out;
  }
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    const fs::path& p = it->path();
    if (p.extension() != ".pack") continue;
    fs::path idx = p;
    idx.replace_extension(".idx");
    std::error_code idx_ec;
    if (fs::is_regular_file(idx, idx_ec)) out.push_back(p);
  }
  if (ec) fail(dir, "cannot list: " + ec.message());
  std::sort(out.begin(), out.end());
  return out;
}

// ---------------------------------------------------------------------------------------------
// PackFile

PackFile::PackFile(fs::path pack_path)
    : path_(std::move(pack_path)), idx_path_(fs::path(path_).replace_extension(".idx")), pack_(path_), idx_(idx_path_) {
  parse_index();
  build_entries();
  resolve_chains();
}

void PackFile::parse_index() {
  const unsigned char* idx = idx_.data();
  const std::size_t size = idx_.size();
  if (size < idx_header_size + fanout_bytes + 2 * checksum_size) fail(idx_path_, "truncated index");
  static constexpr unsigned char magic[4] = {0xff, 't', 'O', 'c'};
  if (std::memcmp(idx, magic, 4) != 0) fail(idx_path_, "not a version 2 pack index");
  if (be32(idx + 4) != 2) fail(idx_path_, "unsupported index version " + std::to_string(be32(idx + 4)));
  fanout_ = idx + idx_header_size;
  std::uint32_t previous = 0;
  for (unsigned i = 0; i < 256; ++i) {
    const std::uint32_t f = be32(fanout_ + 4 * i);
    if (f < previous) fail(idx_path_, "corrupt fan-out table");
    previous = f;
  }
  count_ = previous;
  // Sizes are computed in 64 bits from a 32-bit count, so they cannot overflow.
  const std::uint64_t fixed = idx_header_size + fanout_bytes + std::uint64_t{count_} * (oid_size + 4 + 4);
  if (size < fixed + 2 * checksum_size || (size - fixed - 2 * checksum_size) % 8 != 0)
    fail(idx_path_, "index size does not match its " + std::to_string(count_) + " objects (truncated, or not SHA-1)");
  oids_ = fanout_ + fanout_bytes;
  // Sorted ids and a matching fan-out are what lookups rely on; checking is one pass of memcmp.
  for (std::uint32_t i = 0; i < count_; ++i) {
    const unsigned char* id = oids_ + std::size_t{i} * oid_size;
    if (i > 0 && std::memcmp(id - oid_size, id, oid_size) >= 0) fail(idx_path_, "object ids are not sorted");
    const std::uint32_t lo = id[0] == 0 ? 0 : be32(fanout_ + 4 * (id[0] - 1u));
    if (i < lo || i >= be32(fanout_ + 4u * id[0])) fail(idx_path_, "fan-out table does not match the ids");
  }

  const unsigned char* pack = pack_.data();
  if (pack_.size() < pack_header_size + checksum_size) fail(path_, "truncated pack");
  if (std::memcmp(pack, "PACK", 4) != 0) fail(path_, "not a pack file");
  const std::uint32_t version = be32(pack + 4);
  if (version != 2 && version != 3) fail(path_, "unsupported pack version " + std::to_string(version));
  if (be32(pack + 8) != count_)
    fail(path_, "pack holds " + std::to_string(be32(pack + 8)) + " objects but its index " + std::to_string(count_));
  // The idx records the pack's trailing checksum: a mismatch means a truncated or replaced pack.
  if (std::memcmp(pack + pack_.size() - checksum_size, idx + size - 2 * checksum_size, checksum_size) != 0)
    fail(path_, "pack checksum does not match its index (truncated or corrupt)");
}

void PackFile::build_entries() {
  const unsigned char* idx = idx_.data();
  const unsigned char* crc_end = oids_ + std::size_t{count_} * (oid_size + 4);
  const unsigned char* offsets32 = crc_end;
  const unsigned char* offsets64 = offsets32 + std::size_t{count_} * 4;
  const std::size_t large_count = (idx_.size() - 2 * checksum_size - static_cast<std::size_t>(offsets64 - idx)) / 8;
  const std::uint64_t data_end = pack_.size() - checksum_size;

  entries_.resize(count_);
  for (std::uint32_t i = 0; i < count_; ++i) {
    std::uint64_t offset = be32(offsets32 + 4 * std::size_t{i});
    if (offset & large_offset_flag) {
      const std::size_t large = offset & ~std::uint64_t{large_offset_flag};
      if (large >= large_count) fail(idx_path_, "large offset index out of range for object " + oid_hex(oid_at(i)));
      offset = be64(offsets64 + 8 * large);
    }
    if (offset < pack_header_size || offset >= data_end)
      fail(idx_path_, "offset " + std::to_string(offset) + " of object " + oid_hex(oid_at(i)) + " is outside the pack");
    entries_[i] = Entry{offset, 0, no_base, i, 0, ObjectType{}, 0};
  }
  std::sort(entries_.begin(), entries_.end(), [](const Entry& a, const Entry& b) { return a.offset < b.offset; });
  entry_of_oid_.resize(count_);
  for (std::uint32_t e = 0; e < count_; ++e) {
    if (e > 0 && entries_[e].offset == entries_[e - 1].offset)
      fail(idx_path_, "two objects at pack offset " + std::to_string(entries_[e].offset));
    entry_of_oid_[entries_[e].oid_index] = e;
  }

  const unsigned char* pack = pack_.data();
  // Reading every header touches nearly every page; dropping them as the pass goes keeps a big
  // pack from becoming resident all at once (readers fault back what they need).
  constexpr std::uint64_t release_step = 64u * 1024 * 1024;
  std::uint64_t released = 0;
  for (std::uint32_t e = 0; e < count_; ++e) {
    Entry& entry = entries_[e];
    if (entry.offset >= released + release_step) {
      pack_.release(released, entry.offset);
      released = entry.offset;
    }
    const std::uint64_t end = e + 1 < count_ ? entries_[e + 1].offset : data_end;
    const auto where = [&] {
      return "object " + oid_hex(oid(e)) + " at offset " + std::to_string(entry.offset) + ": ";
    };
    EntryHeader h;
    if (!parse_entry_header(pack + entry.offset, pack + end, h)) fail(path_, where() + "corrupt entry header");
    entry.kind = h.kind;
    entry.size = h.size;
    entry.header_size = static_cast<std::uint8_t>(h.length);
    const std::uint64_t compressed_size = end - entry.offset - h.length;
    if (h.size > compressed_size * max_inflate_ratio + 64)
      fail(path_, where() + "declared size " + std::to_string(h.size) + " is impossible for " +
                      std::to_string(compressed_size) + " compressed bytes");
    switch (h.kind) {
      case 1:
      case 2:
      case 3:
      case 4:
        entry.type = static_cast<ObjectType>(h.kind);
        break;
      case kind_ofs_delta: {
        if (h.base_distance == 0 || h.base_distance > entry.offset - pack_header_size)
          fail(path_, where() + "delta base offset out of range");
        const std::uint64_t base_offset = entry.offset - h.base_distance;
        const auto it = std::lower_bound(entries_.begin(), entries_.begin() + e, base_offset,
                                         [](const Entry& x, std::uint64_t o) { return x.offset < o; });
        if (it == entries_.begin() + e || it->offset != base_offset)
          fail(path_, where() + "delta base offset " + std::to_string(base_offset) + " is not an object");
        entry.base = static_cast<std::uint32_t>(it - entries_.begin());
        ++stats_.ofs_deltas;
        break;
      }
      case kind_ref_delta: {
        const auto base = find_oid_index(h.base_oid);
        // Thin packs (bases outside the pack) only exist on the wire, never in objects/pack.
        if (!base)
          fail(path_, where() + "delta base " + oid_hex(OidView(h.base_oid, oid_size)) + " is not in this pack");
        entry.base = entry_of_oid_[*base];
        if (entry.base == e) fail(path_, where() + "object is its own delta base");
        ++stats_.ref_deltas;
        break;
      }
      default:
        fail(path_, where() + "invalid object type " + std::to_string(h.kind));
    }
  }
  pack_.release(0, pack_.size());
}

void PackFile::resolve_chains() {
  // A delta's type is its chain root's; its size estimate (for balancing parts) is the root's
  // size, since versions of one file tend to be alike in size. Walk each chain up to the first
  // entry already known, then fill in the walked path: linear overall.
  constexpr auto unknown = ObjectType{};
  const std::uint32_t n = count_;
  std::vector<std::uint64_t> weight(n, 0);
  std::vector<std::uint32_t> depth(n, 0);
  std::vector<std::uint8_t> on_path(n, 0);
  std::vector<std::uint32_t> path;
  for (std::uint32_t e = 0; e < n; ++e) {
    if (!entries_[e].is_delta()) weight[e] = entries_[e].size;
  }
  for (std::uint32_t e = 0; e < n; ++e) {
    if (entries_[e].type != unknown) continue;
    path.clear();
    std::uint32_t j = e;
    while (entries_[j].type == unknown) {
      if (on_path[j])
        fail(path_, "object " + oid_hex(oid(e)) + " at offset " + std::to_string(entries_[e].offset) +
                        ": delta chain has a cycle");
      on_path[j] = 1;
      path.push_back(j);
      j = entries_[j].base;
    }
    for (auto it = path.rbegin(); it != path.rend(); ++it) {
      entries_[*it].type = entries_[j].type;
      weight[*it] = weight[j];
      depth[*it] = depth[j] + 1;
      on_path[*it] = 0;
      j = *it;
    }
  }
  weight_prefix_.resize(std::size_t{n} + 1);
  weight_prefix_[0] = 0;
  for (std::uint32_t e = 0; e < n; ++e) {
    weight_prefix_[e + 1] = weight_prefix_[e] + weight[e] + per_object_weight;
    ++stats_.objects_by_type[static_cast<unsigned>(entries_[e].type)];
    stats_.max_delta_depth = std::max(stats_.max_delta_depth, depth[e]);
  }
}

void PackFile::release_pages(std::uint64_t begin, std::uint64_t end) const noexcept { pack_.release(begin, end); }

OidView PackFile::oid(std::uint32_t entry) const noexcept { return oid_at(entries_[entry].oid_index); }

OidView PackFile::oid_at(std::uint32_t oid_index) const noexcept {
  return OidView(oids_ + std::size_t{oid_index} * oid_size, oid_size);
}

std::optional<std::uint32_t> PackFile::find_oid_index(const unsigned char* id) const noexcept {
  std::uint32_t lo = id[0] == 0 ? 0 : be32(fanout_ + 4 * (id[0] - 1u));
  std::uint32_t hi = be32(fanout_ + 4u * id[0]);
  while (lo < hi) {
    const std::uint32_t mid = lo + (hi - lo) / 2;
    const int c = std::memcmp(oids_ + std::size_t{mid} * oid_size, id, oid_size);
    if (c == 0) return mid;
    if (c < 0) lo = mid + 1;
    else hi = mid;
  }
  return std::nullopt;
}

std::span<const unsigned char> PackFile::compressed(std::uint32_t entry) const noexcept {
  const Entry& e = entries_[entry];
  const std::uint64_t end = entry + 1 < entries_.size() ? entries_[entry + 1].offset : pack_.size() - checksum_size;
  const std::uint64_t begin = e.offset + e.header_size;
  return {pack_.data() + begin, static_cast<std::size_t>(end - begin)};
}

std::pair<std::uint32_t, std::uint32_t> PackFile::part_range(unsigned part, unsigned parts) const {
  if (parts == 0 || part >= parts)
    fail(path_, "part " + std::to_string(part) + " of " + std::to_string(parts) + " does not exist");
  const std::uint64_t total = weight_prefix_.back();
  // floor(total * p / parts) without overflowing 64 bits.
  const auto target = [&](std::uint64_t p) { return total / parts * p + total % parts * p / parts; };
  const auto boundary = [&](std::uint64_t p) {
    if (p == parts) return static_cast<std::uint32_t>(entries_.size());
    return static_cast<std::uint32_t>(std::lower_bound(weight_prefix_.begin(), weight_prefix_.end() - 1, target(p)) -
                                      weight_prefix_.begin());
  };
  return {boundary(part), boundary(part + 1u)};
}

// ---------------------------------------------------------------------------------------------
// PackReader

struct PackReader::Impl {
  Impl(const PackFile& p, PackReaderOptions o) : pack(p), options(o), inflater(libdeflate_alloc_decompressor()) {
    if (!inflater) throw Error(ErrorKind::runtime, "cannot allocate a decompressor");
  }

  static constexpr std::uint8_t flag_needed = 1;       // materialized in this pass
  static constexpr std::uint8_t flag_wanted_type = 2;  // in this part, and the visitor wants its type
  // Pack bytes one inflate is assumed to make resident (see the page release in run()).
  static constexpr std::uint64_t fault_around_estimate = 32u * 1024;
  // A popped frame keeps its buffer for the next object at that depth unless it is this big.
  static constexpr std::size_t frame_keep_limit = 256u * 1024;

  // One resolved object on the path from a delta family's root to the current delta.
  struct Frame {
    std::uint32_t entry = 0;
    std::uint32_t next_child = 0;  // into `children`
    bool has_data = false;         // false once dropped to stay within the budget
    Buffer data;
  };

  const PackFile& pack;
  PackReaderOptions options;
  DeflateDecompressor inflater;

  // The plan of an ordered pass: the entries to materialize (this part's wanted objects and all
  // their delta bases, wherever they are), as a forest of delta families.
  std::vector<std::uint8_t> flags;
  std::vector<std::uint32_t> child_begin;  // children of entry e: children[child_begin[e] .. child_begin[e + 1])
  std::vector<std::uint32_t> children;     // grouped by base, each group in pack order
  std::vector<std::uint32_t> roots;        // whole objects, in pack order
  std::vector<Frame> frames;
  std::size_t depth = 0;               // frames in use
  std::size_t path_bytes = 0;          // resolved bytes held by frames[0 .. depth)
  std::vector<std::uint32_t> pending;  // subtree walk when reporting a broken base
  std::uint64_t touched_since_release = 0;

  Buffer delta;                   // the current entry's delta
  Buffer chain_delta;             // deltas met while rebuilding a dropped base
  Buffer out;                     // a delivered object that is nobody's base
  std::vector<DeltaCopy> copies;  // of the delta applied last
  PackReaderStats stats;

  [[noreturn]] void fail_entry(std::uint32_t e, const std::string& message) const {
    fail(pack.path(),
         "object " + oid_hex(pack.oid(e)) + " at offset " + std::to_string(pack.entries()[e].offset) + ": " + message);
  }

  void inflate(std::uint32_t e, Buffer& dst) {
    const PackFile::Entry& entry = pack.entries()[e];
    const auto src = pack.compressed(e);
    unsigned char* to = dst.prepare(static_cast<std::size_t>(entry.size));
    std::size_t consumed = 0;
    // A null actual_out makes libdeflate insist on exactly the declared size.
    const auto result = libdeflate_zlib_decompress_ex(inflater.get(), src.data(), src.size(), to,
                                                      static_cast<std::size_t>(entry.size), &consumed, nullptr);
    switch (result) {
      case LIBDEFLATE_SUCCESS:
        break;
      case LIBDEFLATE_SHORT_OUTPUT:
        fail_entry(e, "inflates to fewer bytes than its declared " + std::to_string(entry.size));
      case LIBDEFLATE_INSUFFICIENT_SPACE:
        fail_entry(e, "inflates to more bytes than its declared " + std::to_string(entry.size));
      default:
        fail_entry(e, "corrupt zlib data");
    }
    // Entries lie back to back, so each zlib stream ends where the index says the next entry
    // begins: anything else means the pack and its index disagree (a damaged offset).
    if (consumed != src.size())
      fail_entry(e, "its data ends " + std::to_string(src.size() - consumed) +
                        " bytes before the next entry the index names: the pack and its index disagree");
    stats.inflated_bytes += entry.size;
    // The kernel maps up to 64 KiB around each faulting access, so count more than was read.
    touched_since_release += consumed + fault_around_estimate;
  }

  // The size of the object a delta produces, from the delta's header.
  std::uint64_t delta_result_size(std::uint32_t e, const Buffer& d) const {
    const unsigned char* p = d.bytes.get();
    const unsigned char* end = p + d.size;
    std::uint64_t base_size = 0;
    std::uint64_t result_size = 0;
    if (!read_delta_size(p, end, base_size) || !read_delta_size(p, end, result_size))
      fail_entry(e, "truncated delta header");
    return result_size;
  }

  void apply_delta(std::uint32_t e, const Buffer& base, const Buffer& d, Buffer& dst) {
    const unsigned char* p = d.bytes.get();
    const unsigned char* const end = p + d.size;
    std::uint64_t base_size = 0;
    std::uint64_t result_size = 0;
    if (!read_delta_size(p, end, base_size) || !read_delta_size(p, end, result_size))
      fail_entry(e, "truncated delta header");
    if (base_size != base.size)
      fail_entry(e, "delta expects a base of " + std::to_string(base_size) + " bytes, the base has " +
                        std::to_string(base.size));
    if (result_size > d.size * max_delta_ratio)
      fail_entry(e, "delta result size " + std::to_string(result_size) + " is impossible");
    unsigned char* out_ptr = dst.prepare(static_cast<std::size_t>(result_size));
    unsigned char* const out_end = out_ptr + result_size;
    const unsigned char* const src = base.bytes.get();
    unsigned char* const out_begin = out_ptr;
    copies.clear();
    while (p < end) {
      const unsigned c = *p++;
      if (c & 0x80) {
        // Bits 0-3 say which offset bytes follow, bits 4-6 which size bytes (little-endian).
        if (static_cast<unsigned>(end - p) < static_cast<unsigned>(__builtin_popcount(c & 0x7f)))
          fail_entry(e, "truncated delta copy instruction");
        std::size_t offset = 0;
        std::size_t n = 0;
        if (c & 0x01) offset = *p++;
        if (c & 0x02) offset |= std::size_t{*p++} << 8;
        if (c & 0x04) offset |= std::size_t{*p++} << 16;
        if (c & 0x08) offset |= std::size_t{*p++} << 24;
        if (c & 0x10) n = *p++;
        if (c & 0x20) n |= std::size_t{*p++} << 8;
        if (c & 0x40) n |= std::size_t{*p++} << 16;
        if (n == 0) n = 0x10000;
        if (offset > base.size || n > base.size - offset || n > static_cast<std::size_t>(out_end - out_ptr))
          fail_entry(e, "delta copies outside its base or result");
        std::memcpy(out_ptr, src + offset, n);
        const auto at = static_cast<std::uint64_t>(out_ptr - out_begin);
        // git splits long copies (64 KiB at most each): consecutive ones are one run.
        if (!copies.empty() && copies.back().target + copies.back().length == at &&
            copies.back().source + copies.back().length == offset)
          copies.back().length += n;
        else copies.push_back({at, offset, n});
        out_ptr += n;
      } else if (c != 0) {
        if (c > static_cast<std::size_t>(end - p) || c > static_cast<std::size_t>(out_end - out_ptr))
          fail_entry(e, "delta inserts past its end");
        std::memcpy(out_ptr, p, c);
        out_ptr += c;
        p += c;
      } else {
        fail_entry(e, "delta uses the reserved instruction 0");
      }
    }
    if (out_ptr != out_end)
      fail_entry(e, "delta produced " + std::to_string(result_size - static_cast<std::size_t>(out_end - out_ptr)) +
                        " bytes, declared " + std::to_string(result_size));
  }

  // ----- ordered pass ---------------------------------------------------------------------------

  [[nodiscard]] bool has_children(std::uint32_t e) const noexcept { return child_begin[e] < child_begin[e + 1]; }

  // Offset order would need every base kept until its last delta, a live set as large as a big
  // repository's blobs. Walking each delta family depth-first from its root instead needs only
  // the current chain, and still inflates every object and applies every delta once.
  void plan(std::uint32_t first, std::uint32_t last, PackVisitor& visitor) {
    const auto entries = pack.entries();
    const std::size_t n = entries.size();
    flags.assign(n, 0);
    for (std::uint32_t e = first; e < last; ++e) {
      if (!visitor.wants_type(entries[e].type)) continue;
      flags[e] |= flag_wanted_type;
      // Bases outside the part are rebuilt here too, but only delivered by their own part.
      for (std::uint32_t j = e; !(flags[j] & flag_needed);) {
        flags[j] |= flag_needed;
        if (!entries[j].is_delta()) break;
        j = entries[j].base;
      }
    }
    child_begin.assign(n + 1, 0);
    roots.clear();
    for (std::uint32_t j = 0; j < n; ++j) {
      if (!(flags[j] & flag_needed)) continue;
      if (entries[j].is_delta()) ++child_begin[entries[j].base];
      else roots.push_back(j);
    }
    std::uint32_t sum = 0;
    for (std::size_t j = 0; j <= n; ++j) sum += std::exchange(child_begin[j], sum);
    children.resize(sum);
    // Filling advances each begin to its group's end, which is the next group's begin.
    for (std::uint32_t j = 0; j < n; ++j)
      if ((flags[j] & flag_needed) && entries[j].is_delta()) children[child_begin[entries[j].base]++] = j;
    for (std::size_t j = n; j > 0; --j) child_begin[j] = child_begin[j - 1];
    child_begin[0] = 0;
  }

  // `depth` is the object's frame; a delta must be delivered right after apply_delta built it,
  // so that `copies` are its own.
  void deliver(PackVisitor& visitor, std::uint32_t e, const Buffer& data, std::size_t object_depth) {
    const PackFile::Entry& entry = pack.entries()[e];
    ++stats.objects;
    stats.bytes += data.size;
    const PackObject object{pack.oid(e),
                            entry.type,
                            entry.offset,
                            data.view(),
                            e,
                            entry.base,
                            static_cast<std::uint32_t>(object_depth),
                            has_children(e),
                            entry.is_delta() ? std::span<const DeltaCopy>(copies) : std::span<const DeltaCopy>()};
    visitor.visit(object);
  }

  // Runs `step`; if it throws hush::Error, every object of this part that needed `e` (e itself
  // and the deltas built on it) is reported to the visitor, and false returned.
  template <class Step>
  bool guarded(PackVisitor& visitor, std::uint32_t e, Step&& step) {
    try {
      step();
      return true;
    } catch (const Error& error) {
      pending.assign(1, e);
      while (!pending.empty()) {
        const std::uint32_t x = pending.back();
        pending.pop_back();
        if ((flags[x] & flag_wanted_type) && !visitor.keep_going(pack.oid(x), error)) throw;
        for (std::uint32_t c = child_begin[x]; c < child_begin[x + 1]; ++c) pending.push_back(children[c]);
      }
      return false;
    }
  }

  void drop_frame_data(Frame& f) noexcept {
    if (!f.has_data) return;
    path_bytes -= f.data.size;
    f.has_data = false;
    if (f.data.capacity > frame_keep_limit) f.data = Buffer{};
  }

  // Keeps the path within the budget by dropping the bases nearest the root first: they are the
  // last to be needed again, and are rebuilt from the root if they are.
  void make_room(std::size_t incoming) noexcept {
    for (std::size_t i = 0; i + 1 < depth && path_bytes + incoming > options.cache_bytes; ++i)
      drop_frame_data(frames[i]);
  }

  void hold(Frame& f) {
    f.has_data = true;
    path_bytes += f.data.size;
    stats.peak_cache_bytes = std::max<std::uint64_t>(stats.peak_cache_bytes, path_bytes);
  }

  // Brings back the data of frames[d] from its nearest ancestor that still has its data.
  void rebuild(std::size_t d) {
    std::size_t from = d;
    while (from > 0 && !frames[from - 1].has_data) --from;
    if (from == 0) {
      inflate(frames[0].entry, frames[0].data);
      hold(frames[0]);
      ++stats.base_rebuilds;
      from = 1;
    }
    for (std::size_t i = from; i <= d; ++i) {
      inflate(frames[i].entry, chain_delta);
      apply_delta(frames[i].entry, frames[i - 1].data, chain_delta, frames[i].data);
      hold(frames[i]);
      ++stats.base_rebuilds;
    }
    make_room(0);
  }

  void push_frame(std::uint32_t e) {
    if (frames.size() <= depth) frames.resize(depth + 1);
    Frame& f = frames[depth];
    f.entry = e;
    f.next_child = child_begin[e];
    f.has_data = false;
    ++depth;
  }

  void pop_frame() noexcept {
    --depth;
    drop_frame_data(frames[depth]);
  }

  void walk_family(PackVisitor& visitor, std::uint32_t root) {
    const auto entries = pack.entries();
    const PackFile::Entry& r = entries[root];
    const bool root_wanted = (flags[root] & flag_wanted_type) && visitor.wants(r.type, r.size);
    if (!root_wanted && !has_children(root)) return;
    push_frame(root);
    if (!guarded(visitor, root, [&] { inflate(root, frames[0].data); })) {
      pop_frame();
      return;
    }
    hold(frames[0]);
    if (root_wanted) deliver(visitor, root, frames[0].data, 0);

    while (depth > 0) {
      const std::size_t top = depth - 1;
      const std::uint32_t base = frames[top].entry;
      if (frames[top].next_child == child_begin[base + 1]) {
        pop_frame();
        continue;
      }
      const std::uint32_t e = children[frames[top].next_child++];
      const PackFile::Entry& entry = entries[e];
      const bool is_base = has_children(e);
      std::uint64_t size = 0;
      if (!guarded(visitor, e, [&] {
            if (depth > options.max_delta_depth)
              fail_entry(e, "delta chain deeper than " + std::to_string(options.max_delta_depth));
            if (!frames[top].has_data) rebuild(top);
            inflate(e, delta);
            size = delta_result_size(e, delta);
          }))
        continue;
      const bool wanted = (flags[e] & flag_wanted_type) && visitor.wants(entry.type, size);
      if (!is_base) {
        if (wanted && guarded(visitor, e, [&] { apply_delta(e, frames[top].data, delta, out); }))
          deliver(visitor, e, out, top + 1);
        continue;
      }
      make_room(static_cast<std::size_t>(size));
      push_frame(e);  // may move `frames`: index from here on
      if (!guarded(visitor, e, [&] { apply_delta(e, frames[top].data, delta, frames[top + 1].data); })) {
        pop_frame();
        continue;
      }
      hold(frames[top + 1]);
      ++stats.base_hits;
      if (wanted) deliver(visitor, e, frames[top + 1].data, top + 1);
    }
  }

  void run(std::uint32_t first, std::uint32_t last, PackVisitor& visitor) {
    plan(first, last, visitor);
    if (first == last) return;
    // The pack's pages would otherwise all become resident as the part is read (half of the peak
    // RSS on git/git). Dropping them now and then costs only re-faulting from the page cache.
    // The whole pack, not this part's range: delta bases lie anywhere before it, and a range
    // another reader released last is otherwise left resident.
    constexpr std::uint64_t release_step = 64u * 1024 * 1024;
    constexpr std::uint64_t whole_pack = std::numeric_limits<std::uint64_t>::max();
    touched_since_release = 0;
    depth = 0;
    path_bytes = 0;
    for (const std::uint32_t root : roots) {
      walk_family(visitor, root);
      if (touched_since_release >= release_step) {
        pack.release_pages(0, whole_pack);
        touched_since_release = 0;
      }
    }
    pack.release_pages(0, whole_pack);
  }
};

PackReader::PackReader(const PackFile& pack, PackReaderOptions options)
    : impl_(std::make_unique<Impl>(pack, options)) {}
PackReader::~PackReader() = default;
PackReader::PackReader(PackReader&&) noexcept = default;
PackReader& PackReader::operator=(PackReader&&) noexcept = default;

void PackReader::for_each_object(unsigned part, unsigned parts, PackVisitor& visitor) {
  const auto [first, last] = impl_->pack.part_range(part, parts);
  impl_->run(first, last, visitor);
}

const PackReaderStats& PackReader::stats() const noexcept { return impl_->stats; }

}  // namespace hush::git
