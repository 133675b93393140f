#include "archive/skips.hpp"

#include <string>

#include "hush/common/log.hpp"

namespace hush::scanner::archive {
namespace {

struct SkipText {
  const char* warning;
  const char* gap;
  const char* fix;
};

// Skipped on purpose (limits) or unreadable by nature (encryption, damage): none of these makes
// the scan "damaged" (exit 3), since the same archive would fail every run; each is counted.
SkipText text_of(Skip reason) {
  switch (reason) {
    case Skip::damaged:
      return {"archive truncated or corrupt, read up to the damage",
              "damaged archives (truncated or corrupt; members before the damage were scanned)", ""};
    case Skip::encrypted:
      return {"encrypted archive member, not scanned", "encrypted archive members", ""};
    case Skip::too_deep:
      return {"archive nested deeper than --max-archive-depth, not opened",
              "archives nested deeper than --max-archive-depth", "raise --max-archive-depth"};
    case Skip::over_bytes:
      return {"archive member past --max-archive-bytes, not scanned",
              "archive members past --max-archive-bytes of extracted data", "raise --max-archive-bytes"};
    case Skip::over_members:
      return {"archive has more members than --max-archive-members, the rest not scanned",
              "archives with members past --max-archive-members", "raise --max-archive-members"};
    case Skip::no_library:
      return {"archive not opened: libarchive could not be loaded",
              "archives not opened (libarchive could not be loaded)",
              "install libarchive (Debian/Ubuntu package libarchive13)"};
    case Skip::bomb:
      return {"archive expands past --max-archive-ratio (a compression bomb?), the rest not extracted",
              "archives that expand past --max-archive-ratio (compression bombs)",
              "raise --max-archive-ratio for an archive you trust"};
  }
  return {"", "", ""};
}

}  // namespace

void record_skip(Skip reason, std::string_view where, std::string_view detail, ScanCounters& counters, Logger& log,
                 bool warn) {
  const SkipText text = text_of(reason);
  std::vector<LogField> fields{{"path", std::string(where)}};
  if (!detail.empty()) fields.push_back({reason == Skip::damaged ? "error" : "member", std::string(detail)});
  log.log(warn ? LogLevel::warn : LogLevel::debug, text.warning, fields);
  counters.add_gap({text.gap, 1, text.fix, false});
}

}  // namespace hush::scanner::archive
