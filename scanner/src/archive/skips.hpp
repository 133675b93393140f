#pragma once
// What an archive walk could not read, and why: each reason is a warning naming the archive and
// a count in the summary's "not scanned" list, so a scan that skipped part of an archive says so.
#include <string_view>

#include "hush/scanner/scanner.hpp"

namespace hush {
class Logger;
}

namespace hush::scanner::archive {

enum class Skip { damaged, encrypted, too_deep, over_bytes, over_members, bomb, no_library };

// `detail`: the member concerned, or for damage what libarchive said. `warn` false: the same
// reason was already warned about for this archive, so only a debug line (the count still grows).
void record_skip(Skip reason, std::string_view where, std::string_view detail, ScanCounters& counters, Logger& log,
                 bool warn = true);

}  // namespace hush::scanner::archive
