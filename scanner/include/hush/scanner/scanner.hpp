#pragma once
// Turns bytes into findings: matcher, then filters (entropy, validator, allowlists, stopwords,
// inline ignores), then location, redaction and fingerprint.
#include <cstdint>
#include <limits>
#include <memory>
#include <string_view>
#include <vector>

#include "hush/scanner/finding.hpp"
#include "hush/scanner/rule.hpp"

namespace hush::scanner {

class RuleSet;
class Matcher;
struct Candidate;
struct DerivedFrom;

// Part of the input that was not scanned. Reports name it and what would fix it; a gap that
// means the input is damaged (as opposed to absent on purpose, like a partial clone's objects)
// makes a scan without findings exit 3 instead of 0: a broken scan is never a green one.
struct ScanGap {
  std::string what;  // e.g. "objects missing from the repository"
  std::uint64_t count = 0;
  std::string fix;  // what to run or do about it
  bool damaged = true;
};

struct ScanCounters {
  std::uint64_t files_scanned = 0;
  std::uint64_t bytes_scanned = 0;
  std::uint64_t skipped_binary = 0;
  std::uint64_t skipped_size = 0;
  std::uint64_t skipped_excluded = 0;
  std::uint64_t skipped_gitignored = 0;  // --gitignore: what git ignores (a directory counts once)
  std::uint64_t unreadable = 0;
  std::uint64_t suppressed = 0;            // confirmed matches dropped by a filter
  std::uint64_t not_fetched = 0;           // Git: objects a partial clone's remote promises but never sent
  std::uint64_t archives = 0;              // archives opened (nested ones too); members count as files
  std::uint64_t archive_links = 0;         // symbolic and hard links in archives: no bytes of their own
  std::uint64_t archive_unsafe_paths = 0;  // members named by an absolute or parent path
  std::vector<ScanGap> gaps;               // merged by `what`

  void merge(const ScanCounters& other);
  // Adds `gap`, or its count to the gap with the same `what`.
  void add_gap(ScanGap gap);
  // Something could not be read: the scan's result is not the whole truth.
  [[nodiscard]] bool incomplete() const noexcept;
};

// A buffer to scan and where it sits in its file: a whole file, or one window of a chunked scan,
// which reports only the matches that start in [report_from, report_until).
struct ScanTarget {
  std::string_view bytes;
  std::string_view path;
  std::uint64_t base_offset = 0;      // file offset of bytes[0]
  std::uint64_t base_line = 1;        // line number of bytes[0]
  std::uint64_t base_line_start = 0;  // file offset where bytes[0]'s line starts
  std::size_t report_from = 0;
  std::size_t report_until = std::numeric_limits<std::size_t>::max();
  // History scans of whole blobs: when set, matching goes through Matcher::find_recording, which
  // leaves here the candidates that a blob derived from this one can take over (`derived_from`).
  std::vector<Candidate>* record_candidates = nullptr;
  const DerivedFrom* derived_from = nullptr;
};

// How deep encoded text (base64, hex, percent-escapes, backslash escapes) is decoded and scanned
// again: 0 turns decoding off, 2 finds base64 of hex.
constexpr unsigned default_max_decode_depth = 2;

struct DecodeOptions {
  unsigned max_depth = default_max_decode_depth;
};

// How far archives are opened (hush/scanner/archive.hpp); each limit that stops a walk is warned
// about and counted.
struct ArchiveLimits {
  unsigned max_depth = 3;                          // archives inside archives; 0: archives are not opened
  std::uint64_t max_bytes = 256ull * 1024 * 1024;  // extracted from one archive, nested ones included
  std::uint64_t max_members = 100000;              // members of one archive, nested ones included
  std::uint64_t max_ratio = 100;                   // extracted bytes per byte of the archive
};

class Scanner {
 public:
  // Throws hush::Error(config) when a global allowlist regex does not compile. Without
  // `inline_markers`, `hush:allow` and its kin suppress nothing (a CI gate that does not let an
  // author wave a finding through).
  Scanner(const RuleSet& rules, const Allowlist& global_allow, const DecodeOptions& decode = {},
          bool inline_markers = true, const ArchiveLimits& archives = {});
  Scanner(Scanner&&) noexcept;
  ~Scanner();

  [[nodiscard]] const RuleSet& rules() const noexcept;
  [[nodiscard]] const ArchiveLimits& archive_limits() const noexcept;
  // Files on the global path allowlist are not read at all.
  [[nodiscard]] bool path_allowlisted(std::string_view path) const;
  // For sources that learn a finding's path after scanning its bytes (Git history): true when the
  // global or the rule's path allowlist suppresses `rule_id` at `path`.
  [[nodiscard]] bool path_suppresses(std::string_view rule_id, std::string_view path) const;
  // What of those is a deliberate suppression worth listing ("allowlist: path", "rule allowlist:
  // path"); nullptr when the rule merely does not apply there or nothing suppresses it.
  [[nodiscard]] const char* path_allowlist_reason(std::string_view rule_id, std::string_view path) const;
  // --list-suppressed: findings a deliberate suppression drops (inline markers, allowlists,
  // published examples, paths that hold no secrets) are kept, with Finding::suppressed_by set,
  // instead of only being counted. Set before scanning.
  void keep_suppressed(bool keep) noexcept;
  // --verify: each finding of a rule whose verifier names a partner gets the partner's value
  // nearest to it in the same bytes (Finding::partner). Off, nothing is searched. Set before
  // scanning; throws hush::Error(config) when a partner regex does not compile.
  void collect_partners(bool collect);
  [[nodiscard]] bool keeps_suppressed() const noexcept;
  void scan(const ScanTarget& target, Matcher& matcher, std::vector<Finding>& out, ScanCounters& counters) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// A whole file that is UTF-16 text (a byte order mark, or the NUL-interleaved look of ASCII in
// UTF-16) is scanned as the text it encodes: lines and columns count its characters, offsets are
// the file's. False, with nothing scanned, when `target.bytes` is not UTF-16 text; callers ask
// before the binary sniff, which UTF-16 would fail.
bool scan_utf16(const Scanner& scanner, const ScanTarget& target, Matcher& matcher, std::vector<Finding>& out,
                ScanCounters& counters);

// True when the first bytes contain NUL, git's own test for binary content.
[[nodiscard]] bool looks_binary(std::string_view bytes) noexcept;

}  // namespace hush::scanner
