#include "hush/git/index_file.hpp"

#include <algorithm>
#include <cstring>

#include "hush/common/error.hpp"
#include "hush/common/mapped_file.hpp"

namespace hush::git {
namespace {

class Cursor {
 public:
  Cursor(std::string_view data, const std::filesystem::path& file) : data_(data), file_(file) {}

  std::uint32_t u32() {
    need(4);
    const auto* p = reinterpret_cast<const unsigned char*>(data_.data() + pos_);
    pos_ += 4;
    return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) | p[3];
  }
  std::uint16_t u16() {
    need(2);
    const auto* p = reinterpret_cast<const unsigned char*>(data_.data() + pos_);
    pos_ += 2;
    return static_cast<std::uint16_t>((p[0] << 8) | p[1]);
  }
  void oid(git_oid& out) {
    need(GIT_OID_RAWSZ);
    git_oid_fromraw(&out, reinterpret_cast<const unsigned char*>(data_.data() + pos_));
    pos_ += GIT_OID_RAWSZ;
  }
  void skip(std::size_t n) {
    need(n);
    pos_ += n;
  }
  std::string_view until(char stop) {
    const auto end = data_.find(stop, pos_);
    if (end == std::string_view::npos) corrupt();
    const std::string_view out = data_.substr(pos_, end - pos_);
    pos_ = end + 1;
    return out;
  }
  std::uint64_t varint() {  // the index v4 offset encoding, as in pack OFS_DELTA
    need(1);
    auto byte = static_cast<unsigned char>(data_[pos_++]);
    std::uint64_t value = byte & 0x7f;
    while (byte & 0x80) {
      need(1);
      byte = static_cast<unsigned char>(data_[pos_++]);
      value = ((value + 1) << 7) | (byte & 0x7f);
    }
    return value;
  }
  [[nodiscard]] std::size_t pos() const { return pos_; }
  [[nodiscard]] std::size_t size() const { return data_.size(); }
  [[nodiscard]] std::string_view rest(std::size_t n) const { return data_.substr(pos_, n); }
  [[noreturn]] void corrupt() const {
    throw Error(ErrorKind::runtime, "corrupt index file " + file_.string() + " at byte " + std::to_string(pos_));
  }

 private:
  void need(std::size_t n) const {
    if (data_.size() - pos_ < n) corrupt();
  }
  std::string_view data_;
  std::size_t pos_ = 0;
  const std::filesystem::path& file_;
};

// A decimal count as the cache-tree writes it ("-1" for an invalidated node); anything that does
// not fit an index's 32-bit entry count is corrupt.
long parse_count(std::string_view text, const Cursor& c) {
  const bool negative = !text.empty() && text[0] == '-';
  const std::string_view digits = negative ? text.substr(1) : text;
  if (digits.empty() || digits.size() > 10) c.corrupt();
  long value = 0;
  for (const char ch : digits) {
    if (ch < '0' || ch > '9') c.corrupt();
    value = value * 10 + (ch - '0');
  }
  if (value > long{UINT32_MAX}) c.corrupt();
  return negative ? -value : value;
}

// The cache tree nests as the directories do; git refuses trees nested deeper than
// core.maxTreeDepth (4096 by default), and so does this recursion, which a hostile index could
// otherwise drive past the end of the stack.
constexpr unsigned max_cache_tree_depth = 4096;
constexpr std::size_t max_cache_tree_path = 4096;

CacheTreeNode read_cache_tree_node(Cursor& c, const std::string& parent, unsigned depth) {
  if (depth > max_cache_tree_depth) c.corrupt();
  CacheTreeNode node;
  const std::string_view name = c.until('\0');
  node.path = parent.empty() ? std::string(name) : parent + "/" + std::string(name);
  // A work tree's directories cannot have longer paths (PATH_MAX), and the bound keeps a
  // hostile index's nested names from adding up to gigabytes.
  if (node.path.size() > max_cache_tree_path) c.corrupt();
  const long entries = parse_count(c.until(' '), c);
  const long subtrees = parse_count(c.until('\n'), c);
  node.valid = entries >= 0;
  if (node.valid) c.oid(node.tree);
  if (subtrees < 0) c.corrupt();
  for (long i = 0; i < subtrees; ++i) node.children.push_back(read_cache_tree_node(c, node.path, depth + 1));
  return node;
}

}  // namespace

std::optional<IndexFile> read_index_file(const std::filesystem::path& path) {
  // Mapped, not read: the index of a large repository is megabytes, read whole at every commit.
  std::optional<MappedFile> mapped;
  try {
    mapped.emplace(path, MappedFile::Prefault::yes);
  } catch (const Error&) {
    throw Error(ErrorKind::runtime, "cannot read the index " + path.string());
  }
  const std::string_view data(reinterpret_cast<const char*>(mapped->data()), mapped->size());
  Cursor c(data, path);
  if (data.size() < 12 + GIT_OID_RAWSZ || data.compare(0, 4, "DIRC") != 0) c.corrupt();
  c.skip(4);
  const std::uint32_t version = c.u32();
  if (version < 2 || version > 4) return std::nullopt;
  const std::uint32_t count = c.u32();
  const std::size_t end_of_data = data.size() - GIT_OID_RAWSZ;  // trailing checksum

  IndexFile index;
  // The count is the file's word: an entry takes at least 62 bytes, so no more can fit.
  index.entries.reserve(std::min<std::size_t>(count, data.size() / 62));
  std::string previous;
  bool nameless = false;
  for (std::uint32_t i = 0; i < count; ++i) {
    const std::size_t start = c.pos();
    c.skip(24);  // ctime, mtime, dev, ino: stat data the comparison does not need
    const std::uint32_t mode = c.u32();
    c.skip(12);  // uid, gid, size
    IndexEntry entry;
    entry.mode = mode;
    c.oid(entry.oid);
    const std::uint16_t flags = c.u16();
    std::uint16_t extended = 0;
    if (flags & 0x4000) {
      if (version < 3) c.corrupt();
      extended = c.u16();
    }
    // Bit 13 of the extended flags marks an intent-to-add entry and bit 14 skip-worktree.
    entry.intent_to_add = (extended & 0x2000) != 0;
    if (version == 4) {
      const std::uint64_t strip = c.varint();
      if (strip > previous.size()) c.corrupt();
      entry.path = previous.substr(0, previous.size() - strip) + std::string(c.until('\0'));
    } else {
      entry.path = std::string(c.until('\0'));
      const std::size_t length = c.pos() - start;  // includes the one NUL already consumed
      c.skip((8 - length % 8) % 8);
    }
    // Only a split index (its "link" extension, below) has entries without a name.
    nameless = nameless || entry.path.empty();
    previous = entry.path;
    const unsigned stage = (flags >> 12) & 3;
    if (stage == 0) index.entries.push_back(std::move(entry));
  }

  while (c.pos() + 8 <= end_of_data) {
    const std::string signature(c.rest(4));
    c.skip(4);
    const std::uint32_t size = c.u32();
    if (size > end_of_data - c.pos()) c.corrupt();
    if (signature == "TREE") {
      Cursor tree(std::string_view(data).substr(c.pos(), size), path);
      if (size > 0) index.cache_tree = read_cache_tree_node(tree, "", 0);
    } else if (signature[0] < 'A' || signature[0] > 'Z') {
      // Lower-case signatures are required extensions (split index "link", sparse index "sdir"):
      // entries live elsewhere, so leave such an index to libgit2.
      return std::nullopt;
    }
    c.skip(size);
  }
  if (nameless) c.corrupt();
  return index;
}

}  // namespace hush::git
