#pragma once
// Matches as comparable tuples (rule, match and secret offsets), for tests and fuzz targets that
// compare two ways of matching the same bytes.
#include <cstddef>
#include <cstdint>
#include <tuple>
#include <vector>

#include "hush/scanner/matcher.hpp"

namespace hush_test {

using MatchTuple = std::tuple<std::uint32_t, std::size_t, std::size_t, std::size_t, std::size_t>;

inline std::vector<MatchTuple> tuples(const std::vector<hush::scanner::Match>& matches) {
  std::vector<MatchTuple> out;
  for (const hush::scanner::Match& m : matches)
    out.emplace_back(m.rule_index, m.match_start, m.match_end, m.secret_start, m.secret_end);
  return out;
}

}  // namespace hush_test
