#pragma once
// Reads an archive's members out of memory, one at a time and within limits, for a visitor.
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "hush/scanner/archive.hpp"
#include "hush/scanner/scanner.hpp"

namespace hush {
class Logger;
}

namespace hush::scanner::archive {

// What one outermost archive may still cost; nested archives draw on their parent's.
struct Budget {
  std::uint64_t bytes_left = 0;
  std::uint64_t members_left = 0;
  bool warned_over_bytes = false;  // once the budget is spent every member is past it: one warning
  explicit Budget(const ArchiveLimits& limits) : bytes_left(limits.max_bytes), members_left(limits.max_members) {}
};

// Below this much extracted data, no archive counts as a compression bomb: a small file of
// repeated lines compresses far better than any ratio a real archive shows.
constexpr std::uint64_t bomb_floor = 1024 * 1024;

struct WalkLimits {
  std::uint64_t max_member_size = 0;  // larger members are skipped and counted as too large
  std::uint64_t max_ratio = 0;
};

// Regular members only: links are counted (they hold no bytes of their own), directories
// ignored. `name` is the member's path in the archive; a bare compressed stream (a .gz that holds
// no tar) has one member with an empty name: it is the file it compresses. Whatever cannot be read is warned about
// and counted in `counters`; nothing throws.
// True for a name that is absolute or climbs out with "..": harmless in memory, suspicious in an
// archive, and never to be joined to a directory.
[[nodiscard]] bool leaves_root(std::string_view name) noexcept;

using MemberVisitor = std::function<void(std::string_view name, std::string_view bytes)>;
// `wants_any` is asked before a member's first byte is read, `wants_rest` once its first
// `head_bytes` are (or the whole of a shorter one): false when the member, or its rest, is not
// wanted, which libarchive can then skip, for a zip member without inflating it.
struct HeadCheck {
  std::function<bool(std::string_view name)> wants_any;
  std::size_t head_bytes = 0;
  std::function<bool(std::string_view name, std::string_view head)> wants_rest;
};
// not_an_archive: libarchive read no header at all, nothing was visited or counted, and the bytes
// are for the caller to scan as a plain file.
enum class Walked { members, not_an_archive };
[[nodiscard]] Walked walk_members(std::string_view bytes, std::string_view display, const WalkLimits& limits,
                                  Budget& budget, ScanCounters& counters, Logger& log, const MemberVisitor& visit,
                                  const HeadCheck& head = {});

}  // namespace hush::scanner::archive
