#include <string>

#include "archive/members.hpp"
#include "archive/skips.hpp"
#include "hush/scanner/archive.hpp"
#include "hush/scanner/matcher.hpp"
#include "sources/chunked.hpp"

namespace hush::scanner {
namespace {

// One outermost archive: its members and the archives among them, on one budget.
class ArchiveScan {
 public:
  ArchiveScan(const Scanner& scanner, Matcher& matcher, const ArchiveInput& input, std::vector<Finding>& out, ScanCounters& counters,
              Logger& log)
      : scanner_(scanner), matcher_(matcher), limits_(scanner.archive_limits()), input_(input), out_(out), counters_(counters),
        log_(log), budget_(limits_) {}

  void archive(std::string_view bytes, const std::string& display, unsigned depth) {
    const archive::WalkLimits walk{input_.max_member_size, limits_.max_ratio};
    archive::walk_members(bytes, display, walk, budget_, counters_, log_, [&](std::string_view name, std::string_view member) {
      this->member(member, name.empty() ? display : display + "!" + std::string(name), depth);
    });
  }

  void layer(std::string_view bytes, const std::string& display) {
    const archive::WalkLimits walk{input_.max_member_size, limits_.max_ratio};
    archive::walk_members(bytes, display, walk, budget_, counters_, log_, [&](std::string_view name, std::string_view member) {
      const std::size_t slash = name.rfind('/');
      if (name.substr(slash == std::string_view::npos ? 0 : slash + 1).starts_with(".wh.")) return;
      this->member(member, display + "/" + std::string(name), 0);
    });
  }

 private:
  // As a file of a directory scan: an archive, UTF-16 text, binary (skipped) or text.
  void member(std::string_view bytes, const std::string& path, unsigned depth) {
    if (limits_.max_depth > 0 && looks_like_archive(bytes)) {
      if (depth < limits_.max_depth) archive(bytes, path, depth + 1);
      else archive::record_skip(archive::Skip::too_deep, path, "", counters_, log_);
      return;
    }
    ScanTarget target;
    target.bytes = bytes;
    target.path = path;
    const bool utf16 = scan_utf16(scanner_, target, matcher_, out_, counters_);
    if (!utf16 && !input_.include_binary && looks_binary(bytes)) {
      ++counters_.skipped_binary;
      return;
    }
    ++counters_.files_scanned;
    counters_.bytes_scanned += bytes.size();
    if (!utf16) scan_in_memory(scanner_, matcher_, bytes, path, out_, counters_);
  }

  const Scanner& scanner_;
  Matcher& matcher_;
  const ArchiveLimits& limits_;
  const ArchiveInput& input_;
  std::vector<Finding>& out_;
  ScanCounters& counters_;
  Logger& log_;
  archive::Budget budget_;
};

}  // namespace

bool scan_archive(const Scanner& scanner, Matcher& matcher, const ArchiveInput& input, std::vector<Finding>& out, ScanCounters& counters,
                  Logger& log) {
  if (scanner.archive_limits().max_depth == 0 || !looks_like_archive(input.bytes)) return false;
  ArchiveScan(scanner, matcher, input, out, counters, log).archive(input.bytes, std::string(input.path), 1);
  return true;
}

bool scan_layer(const Scanner& scanner, Matcher& matcher, const ArchiveInput& input, std::vector<Finding>& out, ScanCounters& counters,
                Logger& log) {
  if (!looks_like_archive(input.bytes)) return false;
  ArchiveScan(scanner, matcher, input, out, counters, log).layer(input.bytes, std::string(input.path));
  return true;
}

}  // namespace hush::scanner
