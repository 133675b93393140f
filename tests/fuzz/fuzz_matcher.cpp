// Fuzzes the scan engine (Hyperscan candidates, PCRE2 confirmation, filters, location) with the
// builtin rule pack over arbitrary bytes, checking that every finding describes the input:
// offsets inside it, the secret equal to the bytes there (a secret found in decoded text: placed
// on the encoded text), 1-based line/column that agree with a naive recount, and an end position
// not before the start. Also differential: the input rotated
// and patched, matched as a history scan matches a delta of it (Matcher::find_recording), must
// give what a whole scan of the same bytes gives.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "../support/match_tuples.hpp"
#include "fuzz_check.hpp"
#include "hush/common/log.hpp"
#include "hush/rules/builtin.hpp"
#include "hush/scanner/matcher.hpp"
#include "hush/scanner/ruleset.hpp"
#include "hush/scanner/scanner.hpp"

namespace {

using namespace hush::scanner;

struct Engine {
  // The compiled database from the rule cache when a scan has left it there ($HUSH_CACHE_DIR in CI):
  // compiling the pack under the sanitizers takes most of a short fuzzing run.
  RuleSet rules =
      RuleSet::build(hush::rules::builtin_rules(), RuleSetOptions{default_cache_dir()}, hush::Logger::null());
  Scanner scanner{rules, Allowlist{}};
  Matcher matcher{rules};
  HistorySplit split = rules.prepare_history_split(hush::Logger::null());
  Matcher chain{rules};  // keeps its confirmation memo from input to input, as a history scan does
};

using hush_test::tuples;

// The input's tail, a patch, then its head: two copied runs around an insertion.
void check_derived(Engine& e, std::string_view base) {
  if (base.size() < 2) return;
  const std::size_t cut = static_cast<unsigned char>(base[0]) * base.size() / 256;
  const std::string_view patch = "\npassword = \"";
  const std::string derived = std::string(base.substr(cut)) + std::string(patch) + std::string(base.substr(0, cut));
  const std::vector<CopiedRange> copies = {{0, cut, base.size() - cut}, {base.size() - cut + patch.size(), 0, cut}};
  std::vector<Candidate> base_recorded, derived_recorded, whole_recorded;
  e.chain.find_recording(base, nullptr, base_recorded);
  const DerivedFrom from{copies, base_recorded};
  const auto via_delta = tuples(e.chain.find_recording(derived, &from, derived_recorded));
  const auto whole = tuples(e.matcher.find(derived));
  FUZZ_CHECK(via_delta == whole);
  e.matcher.find_recording(derived, nullptr, whole_recorded);
  FUZZ_CHECK(derived_recorded.size() == whole_recorded.size());
  for (std::size_t i = 0; i < whole_recorded.size(); ++i) {
    FUZZ_CHECK(derived_recorded[i].rule == whole_recorded[i].rule);
    FUZZ_CHECK(derived_recorded[i].end == whole_recorded[i].end);
  }
}

Engine& engine() {
  static Engine e;
  return e;
}

struct Position {
  std::uint64_t line, column;
};

Position naive_position(std::string_view bytes, std::size_t offset) {
  std::uint64_t line = 1;
  std::size_t line_start = 0;
  for (std::size_t i = 0; i < offset; ++i)
    if (bytes[i] == '\n') {
      ++line;
      line_start = i + 1;
    }
  return {line, offset - line_start + 1};
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  Engine& e = engine();
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  ScanTarget target;
  target.bytes = bytes;
  target.path = "fuzz/input.txt";
  std::vector<Finding> findings;
  ScanCounters counters;
  e.scanner.scan(target, e.matcher, findings, counters);
  for (const Finding& f : findings) {
    FUZZ_CHECK(!f.secret.empty());
    FUZZ_CHECK(f.offset < size);
    FUZZ_CHECK(f.line >= 1);
    FUZZ_CHECK(f.column >= 1);
    FUZZ_CHECK(f.end_line >= f.line);
    FUZZ_CHECK(f.end_line > f.line || f.end_column > f.column);
    const Position start = naive_position(bytes, f.offset);
    FUZZ_CHECK(f.line == start.line);
    FUZZ_CHECK(f.column == start.column);
    FUZZ_CHECK(!f.fingerprint.empty());
    FUZZ_CHECK(f.path == "fuzz/input.txt");
    // A secret found in decoded text is placed on the encoded text, which does not hold it as is.
    if (!f.decoded.empty()) continue;
    FUZZ_CHECK(f.offset + f.secret.size() <= size);
    FUZZ_CHECK(bytes.substr(f.offset, f.secret.size()) == f.secret);
    const Position end = naive_position(bytes, f.offset + f.secret.size());
    FUZZ_CHECK(f.end_line == end.line);
    FUZZ_CHECK(f.end_column == end.column);
  }
  check_derived(e, bytes);
  return 0;
}
