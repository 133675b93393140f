#pragma once
// Every number ScanCounters holds, with its name in reports: ScanCounters::merge adds up each one
// and the JSON summary writes each one, so a counter added here is left out of neither.
#include <cstdint>

#include "hush/scanner/scanner.hpp"

namespace hush::scanner::detail {

struct ScanCounterField {
  const char* name;
  std::uint64_t ScanCounters::*member;
};

// In the order the JSON summary writes them.
inline constexpr ScanCounterField scan_counter_fields[] = {
    {"files_scanned", &ScanCounters::files_scanned},
    {"bytes_scanned", &ScanCounters::bytes_scanned},
    {"skipped_binary", &ScanCounters::skipped_binary},
    {"skipped_size", &ScanCounters::skipped_size},
    {"skipped_excluded", &ScanCounters::skipped_excluded},
    {"skipped_gitignored", &ScanCounters::skipped_gitignored},
    {"unreadable", &ScanCounters::unreadable},
    {"suppressed", &ScanCounters::suppressed},
    {"not_fetched", &ScanCounters::not_fetched},
    {"archives", &ScanCounters::archives},
    {"archive_links", &ScanCounters::archive_links},
    {"archive_unsafe_paths", &ScanCounters::archive_unsafe_paths},
};

}  // namespace hush::scanner::detail
