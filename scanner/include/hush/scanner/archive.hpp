#pragma once
// Archives (zip and its kin: jar, war, whl, apk, nupkg; tar; gzip, bzip2, xz and zstd streams)
// are recognised by their first bytes, opened in memory and their members scanned like files.
// Limits keep a hostile archive from costing more than a large file would.
#include <cstdint>
#include <string_view>
#include <vector>

#include "hush/scanner/finding.hpp"
#include "hush/scanner/scanner.hpp"

namespace hush {
class Logger;
}

namespace hush::scanner {

class Matcher;

// Deeper nesting finds nothing real: a jar in a war in an ear is three.
constexpr unsigned max_archive_depth_limit = 16;

// True when `bytes` starts like a zip, tar, gzip, bzip2, xz or zstd stream.
[[nodiscard]] bool looks_like_archive(std::string_view bytes) noexcept;

// What a source knows about the bytes it hands over.
struct ArchiveInput {
  std::string_view bytes;
  std::string_view path;                                // findings in members carry `path!member`
  std::uint64_t max_member_size = 10ull * 1024 * 1024;  // larger members are skipped like large files
  bool include_binary = false;
};

// Scans the members of the archive in `input.bytes` (and of archives among them, to the depth
// limit): each is counted and scanned as a file would be. False, with nothing done, when the bytes
// are no archive or archives are off; a damaged archive is scanned up to the damage, warned about
// and counted, never thrown.
bool scan_archive(const Scanner& scanner, Matcher& matcher, const ArchiveInput& input, std::vector<Finding>& out,
                  ScanCounters& counters, Logger& log);

// A container image layer (a tar, maybe compressed), opened even when archives are off: its files
// are reported as `path/file` (path names the image and the layer), whiteout markers (`.wh.*`)
// hold nothing and are not scanned, and archives among the files are opened to the depth limit.
// False when the bytes are no archive.
bool scan_layer(const Scanner& scanner, Matcher& matcher, const ArchiveInput& input, std::vector<Finding>& out,
                ScanCounters& counters, Logger& log);

}  // namespace hush::scanner
