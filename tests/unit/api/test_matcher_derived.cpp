// Matcher::find_recording over a buffer built from an earlier one (as a Git delta builds a blob
// from its base) must give exactly what a fresh scan of the whole buffer gives.
#include <cstdlib>
#include <random>
#include <string>
#include <tuple>
#include <vector>

#include "../../support/match_tuples.hpp"
#include "catch.hpp"
#include "hush/common/log.hpp"
#include "hush/rules/builtin.hpp"
#include "hush/scanner/matcher.hpp"
#include "hush/scanner/ruleset.hpp"
#include "test_support.hpp"

using namespace hush::scanner;

namespace {

// Compiled once per process. CTest runs each case as a process of its own and names a cache
// shared by the run (HUSH_CACHE_DIR): the first case compiles the pack, the others load it.
const RuleSet& builtin_set() {
  static const RuleSet set = [] {
    RuleSetOptions options;
    if (const char* dir = std::getenv("HUSH_CACHE_DIR"); dir != nullptr && *dir != '\0') options.cache_dir = dir;
    RuleSet built = RuleSet::build(hush::rules::builtin_rules(), options, hush::Logger::null());
    built.prepare_history_split(hush::Logger::null());
    return built;
  }();
  return set;
}

// Lines that make rules fire or nearly fire: every example and negative example of the pack, and
// pieces of them, so that edits cut through keys, values and the lines between them.
std::vector<std::string> sample_lines() {
  std::vector<std::string> lines;
  for (const Rule& rule : hush::rules::builtin_rules_with_examples()) {
    for (const auto* list : {&rule.examples, &rule.negative_examples}) {
      for (const std::string& example : *list) lines.push_back(example);
    }
  }
  return lines;
}

struct Derived {
  std::string bytes;
  std::vector<CopiedRange> copies;
};

// A new version of `base`: runs copied from anywhere in it (in order or moved), runs of new lines
// and of arbitrary bytes in between, with or without newlines.
Derived edit(const std::string& base, const std::vector<std::string>& lines, std::mt19937_64& rng, unsigned edits) {
  Derived out;
  std::uniform_int_distribution<std::size_t> pick_line(0, lines.size() - 1);
  std::size_t cursor = 0;
  for (unsigned i = 0; i < edits && cursor < base.size(); ++i) {
    const std::size_t room = base.size() - cursor;
    // Mostly in order, as real edits are; now and then a block from elsewhere.
    const bool moved = rng() % 8 == 0;
    const std::size_t from = moved ? rng() % base.size() : cursor;
    const std::size_t length =
        std::min<std::size_t>(moved ? base.size() - from : room, 1 + rng() % (2 * base.size() / edits + 1));
    out.copies.push_back({out.bytes.size(), from, length});
    out.bytes.append(base, from, length);
    if (!moved) cursor += length;
    switch (rng() % 4) {
      case 0:
        out.bytes += lines[pick_line(rng)] + "\n";
        break;
      case 1:
        out.bytes += lines[pick_line(rng)].substr(0, rng() % 40);
        break;
      case 2:
        for (unsigned k = rng() % 64; k > 0; --k)
          out.bytes += static_cast<char>(rng() % 4 == 0 ? '\n' : 'a' + rng() % 26);
        break;
      default:
        // Bytes skipped: a deletion.
        cursor = std::min(base.size(), cursor + rng() % 300);
        break;
    }
  }
  if (cursor < base.size()) {
    out.copies.push_back({out.bytes.size(), cursor, base.size() - cursor});
    out.bytes.append(base, cursor, std::string::npos);
  }
  return out;
}

std::string make_base(const std::vector<std::string>& lines, std::mt19937_64& rng, std::size_t count, bool long_lines) {
  std::string base;
  std::uniform_int_distribution<std::size_t> pick_line(0, lines.size() - 1);
  for (std::size_t i = 0; i < count; ++i) {
    if (rng() % 3 == 0) base += "    int value_" + std::to_string(rng() % 1000) + " = compute(config, options);";
    else base += lines[pick_line(rng)];
    base += long_lines && rng() % 4 != 0 ? " " : "\n";
    if (rng() % 11 == 0) base += "\n\n";
  }
  return base;
}

using hush_test::tuples;

std::vector<std::pair<std::uint32_t, std::uint64_t>> pairs(const std::vector<Candidate>& candidates) {
  std::vector<std::pair<std::uint32_t, std::uint64_t>> out;
  for (const Candidate& c : candidates) out.emplace_back(c.rule, c.end);
  return out;
}

}  // namespace

TEST_CASE("rules split for history scans: most are local", "[matcher]") {
  const HistorySplit split = builtin_set().prepare_history_split(hush::Logger::null());
  // Only rules whose matches can span any number of lines (key blocks) are scanned whole.
  CHECK(split.local_rules + split.global_rules == builtin_set().rules().size());
  CHECK(split.global_rules < 10);
  REQUIRE(split.max_newlines);
  CHECK(*split.max_newlines <= 16);
  CHECK(split.max_width > 0);
}

TEST_CASE("a derived buffer's matches equal a whole scan's", "[matcher]") {
  const RuleSet& set = builtin_set();
  const std::vector<std::string> lines = sample_lines();
  REQUIRE(lines.size() > 500);
  Matcher chain(set);  // scans base then derived, as a history scan does, memo included
  std::size_t matches_seen = 0, candidates_taken = 0;
  for (unsigned seed = 1; seed <= 24; ++seed) {
    std::mt19937_64 rng(seed);
    const bool long_lines = seed % 6 == 0;
    std::string base = make_base(lines, rng, 400 + rng() % 800, long_lines);
    std::vector<Candidate> base_recorded;
    chain.find_recording(base, nullptr, base_recorded);
    // A chain of versions, each derived from the one before.
    for (unsigned version = 0; version < 3; ++version) {
      const Derived next = edit(base, lines, rng, 2 + static_cast<unsigned>(rng() % 40));
      std::vector<Candidate> derived_recorded;
      const DerivedFrom from{next.copies, base_recorded};
      const auto derived = tuples(chain.find_recording(next.bytes, &from, derived_recorded));

      Matcher fresh(set);
      const auto whole = tuples(fresh.find(next.bytes));
      std::vector<Candidate> whole_recorded;
      Matcher fresh_split(set);
      const auto whole_split = tuples(fresh_split.find_recording(next.bytes, nullptr, whole_recorded));

      INFO("seed " << seed << " version " << version << " size " << next.bytes.size() << " copies "
                   << next.copies.size());
      REQUIRE(derived == whole);
      REQUIRE(whole_split == whole);
      REQUIRE(pairs(derived_recorded) == pairs(whole_recorded));
      matches_seen += whole.size();
      candidates_taken += derived_recorded.size();
      base = next.bytes;
      base_recorded = derived_recorded;
    }
  }
  // The inputs exercised the rules, not only empty scans.
  CHECK(matches_seen > 1000);
  CHECK(candidates_taken > 1000);
}

TEST_CASE("copies that do not fit the buffer fall back to a whole scan", "[matcher]") {
  const RuleSet& set = builtin_set();
  const std::string text = std::string(5000, 'x') + "\nghp_" + std::string(36, 'A') + "\n" + std::string(5000, 'y');
  Matcher matcher(set);
  Matcher fresh(set);
  const auto expected = tuples(fresh.find(text));
  const std::vector<Candidate> none;
  for (const std::vector<CopiedRange>& copies :
       {std::vector<CopiedRange>{{0, 0, text.size() + 10}}, std::vector<CopiedRange>{{4000, 0, 3000}, {0, 0, 3000}}}) {
    std::vector<Candidate> recorded;
    const DerivedFrom from{copies, none};
    CHECK(tuples(matcher.find_recording(text, &from, recorded)) == expected);
  }
}

TEST_CASE("the history split loaded from the cache is the one computed", "[matcher]") {
  hush::test::TempDir dir;
  RuleSetOptions options;
  options.cache_dir = dir.path();
  const RuleSet computed = RuleSet::build(hush::rules::builtin_rules(), options, hush::Logger::null());
  const HistorySplit first = computed.prepare_history_split(hush::Logger::null());
  const RuleSet cached = RuleSet::build(hush::rules::builtin_rules(), options, hush::Logger::null());
  REQUIRE(cached.from_cache());
  const HistorySplit second = cached.prepare_history_split(hush::Logger::null());
  CHECK(second.local_rules == first.local_rules);
  CHECK(second.global_rules == first.global_rules);
  CHECK(second.max_width == first.max_width);
  CHECK(second.max_newlines == first.max_newlines);
  // And it matches like the computed one.
  std::string text;
  for (const std::string& line : sample_lines()) text += line + "\n";
  Matcher via_cache(cached), whole(computed);
  std::vector<Candidate> recorded;
  CHECK(tuples(via_cache.find_recording(text, nullptr, recorded)) == tuples(whole.find(text)));
  CHECK(!recorded.empty());
}
