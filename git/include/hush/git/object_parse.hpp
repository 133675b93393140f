#pragma once
// Just enough of Git's commit and tree formats for the history scan to build its graph from
// raw object bytes (what the pack reader delivers) without asking libgit2 for each object.
#include <git2.h>

#include <cstring>
#include <string_view>
#include <vector>

namespace hush::git {

struct ParsedCommit {
  git_oid tree{};
  std::vector<git_oid> parents;
  std::string_view message;  // after the header's blank line
};

// False when the bytes are not a commit (no tree line).
[[nodiscard]] bool parse_commit(std::string_view data, ParsedCommit& out);

struct ParsedTag {
  git_oid target{};
  git_object_t target_type = GIT_OBJECT_INVALID;
  std::string_view name;
  std::string_view tagger;   // "Name <email> time zone", empty when the tag has none (old tags)
  std::string_view message;  // after the header's blank line
};

// False when the bytes are not an annotated tag (no object or type line).
[[nodiscard]] bool parse_tag(std::string_view data, ParsedTag& out);

// The value of the first header line "keyword value" of a commit or tag, if any.
[[nodiscard]] std::string_view header_field(std::string_view data, std::string_view keyword);

// Calls fn(begin, end, mode, name, oid) for each entry, [begin, end) being its bytes; false when
// the tree is malformed. Before reading the entry at each position, asks skip(position) where to
// go on from: a caller that already knows the entries there can pass over them unread.
template <typename Skip, typename Fn>
bool for_each_tree_entry_skipping(std::string_view data, Skip skip, Fn fn) {
  std::size_t pos = 0;
  while ((pos = skip(pos)) < data.size()) {
    const std::size_t space = data.find(' ', pos);
    if (space == std::string_view::npos) return false;
    unsigned mode = 0;
    for (std::size_t i = pos; i < space; ++i) {
      if (data[i] < '0' || data[i] > '7') return false;
      mode = mode * 8 + static_cast<unsigned>(data[i] - '0');
    }
    const std::size_t nul = data.find('\0', space + 1);
    if (nul == std::string_view::npos || data.size() - nul - 1 < GIT_OID_RAWSZ) return false;
    git_oid oid;
    // A copy, not git_oid_fromraw: this runs for every entry of every tree in the history.
    static_assert(sizeof oid.id == GIT_OID_RAWSZ);
    std::memcpy(oid.id, data.data() + nul + 1, GIT_OID_RAWSZ);
    const std::size_t end = nul + 1 + GIT_OID_RAWSZ;
    fn(pos, end, mode, data.substr(space + 1, nul - space - 1), oid);
    pos = end;
  }
  return true;
}

// Calls fn(mode, name, oid) for each entry; false when the tree is malformed.
template <typename Fn>
bool for_each_tree_entry(std::string_view data, Fn fn) {
  return for_each_tree_entry_skipping(
      data, [](std::size_t pos) { return pos; },
      [&](std::size_t, std::size_t, unsigned mode, std::string_view name, const git_oid& oid) { fn(mode, name, oid); });
}

inline bool is_tree_mode(unsigned mode) { return (mode & 0170000) == 0040000; }
inline bool is_blob_mode(unsigned mode) { return (mode & 0170000) == 0100000 || (mode & 0170000) == 0120000; }

}  // namespace hush::git
