#include <algorithm>
#include <memory>
#include <string>

#include "archive/binary_formats.hpp"
#include "archive/members.hpp"
#include "archive/skips.hpp"
#include "hush/common/deflate_handle.hpp"
#include "hush/scanner/archive.hpp"
#include "hush/scanner/matcher.hpp"
#include "sources/chunked.hpp"

namespace hush::scanner {
namespace {

// Larger gzip streams are read by libarchive in chunks rather than held whole.
constexpr std::uint32_t gzip_fast_limit = 16u << 20;

// One outermost archive: its members and the archives among them, on one budget.
class ArchiveScan {
 public:
  ArchiveScan(const Scanner& scanner, Matcher& matcher, const ArchiveInput& input, std::vector<Finding>& out,
              ScanCounters& counters, Logger& log)
      : scanner_(scanner),
        matcher_(matcher),
        limits_(scanner.archive_limits()),
        input_(input),
        out_(out),
        counters_(counters),
        log_(log),
        budget_(limits_) {}

  void archive(std::string_view bytes, const std::string& display, unsigned depth) {
    if (inflate_gzip(bytes, display, depth)) return;
    const archive::WalkLimits walk{input_.max_member_size, limits_.max_ratio};
    const auto walked = archive::walk_members(
        bytes, display, walk, budget_, counters_, log_,
        [&](std::string_view name, std::string_view member) {
          this->member(member, name.empty() ? display : display + "!" + std::string(name), depth);
        },
        binary_members_);
    if (walked == archive::Walked::not_an_archive)
      scan_whole_file(scanner_, matcher_, bytes, display, input_.include_binary, out_, counters_);
  }

  void layer(std::string_view bytes, const std::string& display) {
    const archive::WalkLimits walk{input_.max_member_size, limits_.max_ratio};
    const auto walked = archive::walk_members(
        bytes, display, walk, budget_, counters_, log_,
        [&](std::string_view name, std::string_view member) {
          const std::size_t slash = name.rfind('/');
          if (name.substr(slash == std::string_view::npos ? 0 : slash + 1).starts_with(".wh.")) return;
          this->member(member, display + "/" + std::string(name), 0);
        },
        binary_members_);
    if (walked == archive::Walked::not_an_archive)
      archive::record_skip(archive::Skip::damaged, display, "no archive header", counters_, log_);
  }

 private:
  // A whole gzip stream (a .gz file, a small .tar.gz) inflates fastest in one call, and its
  // trailer says how large it will be, so every limit is checked before a byte is written. False,
  // with nothing done, for anything else (several gzip members, a size past the fast path's bound
  // or a limit, damage): libarchive then reads it in chunks under the same limits, and counts.
  bool inflate_gzip(std::string_view bytes, const std::string& display, unsigned depth) {
    if (bytes.size() < 18 || bytes[0] != '\x1f' || bytes[1] != '\x8b') return false;
    const auto* tail = reinterpret_cast<const unsigned char*>(bytes.data() + bytes.size() - 4);
    const std::uint32_t size = tail[0] | (tail[1] << 8) | (tail[2] << 16) | (std::uint32_t{tail[3]} << 24);
    const std::uint64_t ratio_allowance =
        std::max<std::uint64_t>(archive::bomb_floor, limits_.max_ratio * std::uint64_t{bytes.size()});
    if (size > gzip_fast_limit || size > ratio_allowance || size > budget_.bytes_left || budget_.members_left == 0)
      return false;
    if (!inflater_) inflater_.reset(libdeflate_alloc_decompressor());
    if (!inflater_) return false;
    auto out = std::make_unique_for_overwrite<char[]>(std::max<std::size_t>(size, 1));
    std::size_t in_used = 0, out_len = 0;
    if (libdeflate_gzip_decompress_ex(inflater_.get(), bytes.data(), bytes.size(), out.get(), size, &in_used,
                                      &out_len) != LIBDEFLATE_SUCCESS ||
        in_used != bytes.size() || out_len != size)
      return false;
    const std::string_view inflated(out.get(), size);
    // A tar inside is walked as libarchive walks a .tar.gz: one archive, its members counted.
    if (inflated.size() >= 512 && inflated.substr(257, 5) == "ustar") {
      archive(inflated, display, depth);
      return true;
    }
    if (size > input_.max_member_size) return false;
    ++counters_.archives;
    --budget_.members_left;
    budget_.bytes_left -= size;
    member(inflated, display, depth);
    return true;
  }

  // As a file of a directory scan: an archive, UTF-16 text, binary (skipped) or text.
  void member(std::string_view bytes, const std::string& path, unsigned depth) {
    if (limits_.max_depth > 0 && looks_like_archive(bytes)) {
      if (depth < limits_.max_depth) archive(bytes, path, depth + 1);
      else archive::record_skip(archive::Skip::too_deep, path, "", counters_, log_);
      return;
    }
    scan_whole_file(scanner_, matcher_, bytes, path, input_.include_binary, out_, counters_);
  }

  const Scanner& scanner_;
  Matcher& matcher_;
  const ArchiveLimits& limits_;
  const ArchiveInput& input_;
  std::vector<Finding>& out_;
  ScanCounters& counters_;
  Logger& log_;
  archive::Budget budget_;
  // A member that member() would skip as binary is counted and passed over as soon as that is
  // known, from its name or from its first bytes, so the rest of it is not inflated.
  const archive::HeadCheck binary_members_{[this](std::string_view name) {
                                             if (input_.include_binary || !archive::binary_by_format_name(name))
                                               return true;
                                             ++counters_.skipped_binary;
                                             return false;
                                           },
                                           kind_sniff_bytes,
                                           [this](std::string_view, std::string_view head) {
                                             if (limits_.max_depth > 0 && looks_like_archive(head)) return true;
                                             if (!skips_as_binary(head, input_.include_binary)) return true;
                                             ++counters_.skipped_binary;
                                             return false;
                                           }};
  DeflateDecompressor inflater_;  // allocated at the first gzip stream
};

}  // namespace

bool scan_archive(const Scanner& scanner, Matcher& matcher, const ArchiveInput& input, std::vector<Finding>& out,
                  ScanCounters& counters, Logger& log) {
  if (scanner.archive_limits().max_depth == 0 || !looks_like_archive(input.bytes)) return false;
  ArchiveScan(scanner, matcher, input, out, counters, log).archive(input.bytes, std::string(input.path), 1);
  return true;
}

bool scan_layer(const Scanner& scanner, Matcher& matcher, const ArchiveInput& input, std::vector<Finding>& out,
                ScanCounters& counters, Logger& log) {
  if (!looks_like_archive(input.bytes)) return false;
  ArchiveScan(scanner, matcher, input, out, counters, log).layer(input.bytes, std::string(input.path));
  return true;
}

}  // namespace hush::scanner
