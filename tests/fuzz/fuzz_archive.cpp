// Fuzzes the archive walker and the container image readers over arbitrary bytes: libarchive's
// readers (zip, tar, gzip, bzip2, xz, zstd) under hush's limits, the scan of every member, and the
// parsing of image manifests and configurations. Any input ends in findings, counts and warnings,
// never a crash, an over-read or a limit overspent: members never extract past the byte budget,
// and every finding lies in a member named after the archive.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "archive/members.hpp"
#include "fuzz_check.hpp"
#include "hush/common/log.hpp"
#include "hush/rules/builtin.hpp"
#include "hush/scanner/archive.hpp"
#include "hush/scanner/matcher.hpp"
#include "hush/scanner/ruleset.hpp"
#include "hush/scanner/scanner.hpp"
#include "sources/image/image_layout.hpp"

namespace {

using namespace hush::scanner;

// Small limits, so a fuzzed bomb costs milliseconds.
ArchiveLimits fuzz_limits() {
  ArchiveLimits limits;
  limits.max_depth = 3;
  limits.max_bytes = 4u << 20;
  limits.max_members = 256;
  limits.max_ratio = 100;
  return limits;
}

struct Engine {
  // The compiled database from the rule cache when a scan has left it there ($HUSH_CACHE_DIR in CI):
  // compiling the pack under the sanitizers takes most of a short fuzzing run.
  RuleSet rules =
      RuleSet::build(hush::rules::builtin_rules(), RuleSetOptions{default_cache_dir()}, hush::Logger::null());
  Scanner scanner{rules, Allowlist{}, DecodeOptions{}, true, fuzz_limits()};
  Matcher matcher{rules};
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static Engine engine;
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  const ArchiveLimits limits = fuzz_limits();

  // The walker itself, whatever the first bytes say.
  archive::Budget budget(limits);
  ScanCounters counters;
  std::uint64_t extracted = 0;
  static_cast<void>(archive::walk_members(bytes, "fuzz", {1u << 20, limits.max_ratio}, budget, counters,
                                          hush::Logger::null(), [&](std::string_view name, std::string_view member) {
                                            FUZZ_CHECK(member.size() <= (1u << 20));
                                            FUZZ_CHECK(name.size() < (1u << 20));
                                            extracted += member.size();
                                          }));
  FUZZ_CHECK(extracted <= limits.max_bytes);
  FUZZ_CHECK(budget.bytes_left <= limits.max_bytes);

  // The whole scan, nested archives included.
  std::vector<Finding> findings;
  ScanCounters scan_counters;
  const bool opened = scan_archive(engine.scanner, engine.matcher, {bytes, "fuzz.bin", 1u << 20, false}, findings,
                                   scan_counters, hush::Logger::null());
  FUZZ_CHECK(opened == looks_like_archive(bytes));
  FUZZ_CHECK(scan_counters.bytes_scanned <= limits.max_bytes);
  for (const auto& f : findings) FUZZ_CHECK(f.path.starts_with("fuzz.bin"));

  // Image documents: the input as a configuration, and as every file of an image.
  (void)image::config_text(bytes);
  const auto parts =
      image::find_parts([&](const std::string&) { return std::optional<std::string>(std::string(bytes)); });
  if (parts)
    for (const auto& layer : parts->layers) FUZZ_CHECK(!layer.file.empty());
  return 0;
}
