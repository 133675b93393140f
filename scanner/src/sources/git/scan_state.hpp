#pragma once
// What `hush scan --git --state DIR` remembers of a repository between runs: the commits already
// scanned and the fingerprints of the findings already reported, in one binary file per
// repository that opens in milliseconds (sorted ids, read whole). It holds no secret: fingerprints
// are keyed hashes. A file that is damaged, of another format, or of another repository is
// refused with the reason, so the caller rebuilds it with a full scan.
#include <git2.h>

#include <filesystem>
#include <optional>
#include <string>
#include <unordered_set>

#include "git_library.hpp"
#include "hush/git/oid_set.hpp"

namespace hush::scanner::git {

struct ScanState {
  std::string repository;  // the canonical git directory the state belongs to
  OidSet commits;
  std::unordered_set<std::string> fingerprints;
};

// DIR/<keyed hash of the repository's git directory>.state
[[nodiscard]] std::filesystem::path state_file_for(const std::filesystem::path& state_dir,
                                                   const std::string& repository);

// nullopt with the reason in `why` when there is no usable state (absent, damaged, foreign).
[[nodiscard]] std::optional<ScanState> load_scan_state(const std::filesystem::path& file, const std::string& repository,
                                                       std::string& why);

// Written whole to a temporary file, then renamed over the old one (never half a file), mode 0600.
// Throws hush::Error(runtime) when it cannot be written.
void save_scan_state(const std::filesystem::path& file, const ScanState& state);

}  // namespace hush::scanner::git
