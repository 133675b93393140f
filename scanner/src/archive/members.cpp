#include "archive/members.hpp"

#include <algorithm>
#include <array>
#include <optional>

#include "archive/archive_handle.hpp"
#include "archive/skips.hpp"
#include "hush/common/log.hpp"

namespace hush::scanner::archive {
namespace {

// Members are inflated this much at a time, so a limit is noticed before memory grows past it.
constexpr std::size_t chunk = 256 * 1024;

// "./etc/x" and "etc/x" name the same file: reported the second way, as `tar -C dir .` lists it.
std::string entry_name(const LibarchiveApi& api, archive_entry* entry) {
  const char* name = api.entry_pathname(entry);
  if (!name) name = api.entry_pathname_utf8(entry);
  if (!name) return "?";
  std::string_view view(name);
  while (view.starts_with("./")) view.remove_prefix(2);
  return std::string(view);
}

class Walk {
 public:
  Walk(std::string_view bytes, std::string_view display, const WalkLimits& limits, Budget& budget,
       ScanCounters& counters, Logger& log, const HeadCheck& head)
      : bytes_(bytes),
        display_(display),
        limits_(limits),
        budget_(budget),
        counters_(counters),
        log_(log),
        head_(head),
        allowance_(std::max(bomb_floor, limits.max_ratio > UINT64_MAX / std::max<std::uint64_t>(1, bytes.size())
                                            ? UINT64_MAX
                                            : limits.max_ratio * bytes.size())) {}

  Walked run(const MemberVisitor& visit) {
    std::string error;
    api_ = libarchive_api(error);
    if (!api_) {
      record_skip(Skip::no_library, display_, error, counters_, log_);
      return Walked::members;
    }
    const LibarchiveApi& api = *api_;
    // A gzip stream too large to inflate whole in one call (archive_scan.cpp) is inflated here by
    // ISA-L when it holds a tar, faster than libarchive's gzip filter would.
    std::optional<GzipStream> gzip = GzipStream::of_tar(bytes_);
    MemorySource source{bytes_, allowance_, gzip ? &*gzip : nullptr};
    const ArchiveRead reader = open_in_memory(api, source, error);
    if (!reader) {
      record_skip(Skip::damaged, display_, error, counters_, log_);
      return Walked::members;
    }
    archive_entry* entry = nullptr;
    for (bool first = true;; first = false) {
      const int rc = api.read_next_header(reader.get(), &entry);
      const bool unreadable = rc != ARCHIVE_EOF && (rc < ARCHIVE_WARN || unrecognised(api, reader.get()));
      if (first) {
        // Archive magic followed by no readable header, and no compression either, is no
        // archive: such bytes are scanned as they are, or a file that merely starts like a zip
        // would hide what it holds. A compressed stream that fails this early is a damaged one.
        if (unreadable && !source.over_limit && !source.gzip && api.filter_count(reader.get()) <= 1)
          return Walked::not_an_archive;
        ++counters_.archives;
      }
      if (source.over_limit) {
        record_skip(Skip::bomb, display_, "", counters_, log_);
        return Walked::members;
      }
      if (rc == ARCHIVE_EOF) return Walked::members;
      if (unreadable) {
        damaged(reader.get(), source);
        return Walked::members;
      }
      const bool raw = api.format(reader.get()) == ARCHIVE_FORMAT_RAW;
      const std::string name = raw ? std::string() : entry_name(api, entry);
      if (api.entry_hardlink(entry) || api.entry_filetype(entry) == AE_IFLNK) {
        ++counters_.archive_links;
        continue;
      }
      if (api.entry_filetype(entry) != AE_IFREG) continue;
      if (budget_.members_left == 0) {
        record_skip(Skip::over_members, display_, "", counters_, log_);
        return Walked::members;
      }
      --budget_.members_left;
      if (leaves_root(name)) {
        ++counters_.archive_unsafe_paths;
        log_.warn("archive member with an absolute or parent path (read in memory only)",
                  {{"path", std::string(display_)}, {"member", name}});
      }
      if (api.entry_is_encrypted(entry)) {
        record_skip(Skip::encrypted, display_, name, counters_, log_);
        continue;
      }
      if (api.entry_size_is_set(entry) && !raw) {
        const auto declared = static_cast<std::uint64_t>(std::max<la_int64_t>(0, api.entry_size(entry)));
        if (declared > allowance_ - std::min(allowance_, extracted_)) {
          record_skip(Skip::bomb, display_, name, counters_, log_);
          return Walked::members;
        }
        if (declared > limits_.max_member_size) {
          ++counters_.skipped_size;
          log_.debug("archive member over size limit, skipped", {{"path", std::string(display_)}, {"member", name}});
          continue;
        }
        if (declared > budget_.bytes_left) {
          over_bytes(name);
          continue;
        }
      }
      if (head_.wants_any && !head_.wants_any(name)) {
        if (api.read_data_skip(reader.get()) != ARCHIVE_OK) {
          damaged(reader.get(), source);
          return Walked::members;
        }
        continue;
      }
      switch (read_member(reader.get(), name)) {
        case Read::whole:
          visit(name, {buffer_.data(), used_});
          break;
        case Read::too_large:
          ++counters_.skipped_size;
          break;
        case Read::not_wanted:
          break;
        case Read::over_budget:
          over_bytes(name);
          break;
        case Read::bomb:
          record_skip(Skip::bomb, display_, name, counters_, log_);
          return Walked::members;
        case Read::damaged:
          // What was read before the damage is still scanned.
          if (used_ > 0) visit(name, {buffer_.data(), used_});
          if (source.over_limit) record_skip(Skip::bomb, display_, name, counters_, log_);
          else damaged(reader.get(), source);
          return Walked::members;
      }
    }
  }

 private:
  enum class Read { whole, too_large, over_budget, bomb, damaged, not_wanted };

  Read read_member(struct archive* reader, const std::string& name) {
    used_ = 0;
    bool head_checked = !head_.wants_rest;
    for (;;) {
      if (buffer_.size() < used_ + chunk) buffer_.resize(std::max(buffer_.size() * 2, used_ + chunk));
      const la_ssize_t got = api_->read_data(reader, buffer_.data() + used_, chunk);
      if (got == 0) return Read::whole;
      if (got < 0) {
        if (got == ARCHIVE_WARN) continue;
        return Read::damaged;
      }
      const auto n = static_cast<std::uint64_t>(got);
      used_ += static_cast<std::size_t>(n);
      extracted_ += n;
      if (extracted_ > allowance_) return Read::bomb;
      if (n > budget_.bytes_left) {
        budget_.bytes_left = 0;
        return Read::over_budget;
      }
      budget_.bytes_left -= n;
      if (used_ > limits_.max_member_size) return Read::too_large;
      if (!head_checked && used_ >= head_.head_bytes) {
        head_checked = true;
        if (!head_.wants_rest(name, {buffer_.data(), used_})) {
          used_ = 0;  // what wants_rest passed over is not visited, even when skipping fails
          return api_->read_data_skip(reader) == ARCHIVE_OK ? Read::not_wanted : Read::damaged;
        }
      }
    }
  }

  void over_bytes(const std::string& name) {
    record_skip(Skip::over_bytes, display_, name, counters_, log_, !budget_.warned_over_bytes);
    budget_.warned_over_bytes = true;
  }

  void damaged(struct archive* reader, const MemorySource& source) {
    const char* why = source.gzip_damaged ? "gzip data corrupt or cut short" : api_->error_string(reader);
    record_skip(Skip::damaged, display_, why ? why : "", counters_, log_);
  }

  std::string_view bytes_;
  std::string_view display_;
  const WalkLimits& limits_;
  Budget& budget_;
  ScanCounters& counters_;
  Logger& log_;
  const HeadCheck& head_;
  const std::uint64_t allowance_;  // extracted bytes past which this archive is a bomb
  std::uint64_t extracted_ = 0;
  const LibarchiveApi* api_ = nullptr;  // set by run()
  std::string buffer_;                  // the current member; grown, never shrunk
  std::size_t used_ = 0;
};

}  // namespace

bool leaves_root(std::string_view name) noexcept {
  if (name.starts_with('/')) return true;
  for (std::size_t at = 0; at <= name.size();) {
    const std::size_t slash = std::min(name.find('/', at), name.size());
    if (name.substr(at, slash - at) == "..") return true;
    at = slash + 1;
  }
  return false;
}

Walked walk_members(std::string_view bytes, std::string_view display, const WalkLimits& limits, Budget& budget,
                    ScanCounters& counters, Logger& log, const MemberVisitor& visit, const HeadCheck& head) {
  return Walk(bytes, display, limits, budget, counters, log, head).run(visit);
}

}  // namespace hush::scanner::archive
