#include "hush/git/line_changes.hpp"

#include <algorithm>

namespace hush::git {

LineCounts::LineCounts(std::string_view bytes) : size_(bytes.size()) {
  for_each_line(bytes, [&](std::string_view line, std::uint64_t) { ++counts_[line]; });
}

long LineCounts::count(std::string_view line) const {
  const auto it = counts_.find(line);
  return it == counts_.end() ? 0 : it->second;
}

std::uint64_t LineCounts::shared_bytes(const LineCounts& other) const {
  const LineCounts& small = counts_.size() <= other.counts_.size() ? *this : other;
  const LineCounts& large = &small == this ? other : *this;
  std::uint64_t shared = 0;
  for (const auto& [line, n] : small.counts_)
    shared += static_cast<std::uint64_t>(std::min(n, large.count(line))) * (line.size() + 1);
  return shared;
}

std::set<std::uint64_t> added_lines(std::string_view version, const std::vector<std::string_view>& before) {
  // What the version may repeat without adding: per line, the most copies any earlier version has.
  std::unordered_map<std::string_view, long> allowed;
  for (std::size_t i = 0; i < before.size(); ++i) {
    const LineCounts counts(before[i]);
    if (i == 0) {
      allowed = counts.counts_;
      continue;
    }
    for (const auto& [line, n] : counts.counts_) {
      long& a = allowed[line];
      a = std::max(a, n);
    }
  }
  std::set<std::uint64_t> added;
  for_each_line(version, [&](std::string_view line, std::uint64_t number) {
    auto it = allowed.find(line);
    if (it != allowed.end() && it->second > 0) --it->second;
    else added.insert(number);
  });
  return added;
}

int similarity(const LineCounts& a, const LineCounts& b) {
  const std::uint64_t larger = std::max(a.size(), b.size());
  if (larger == 0) return 100;
  // Line breaks are counted per line, so a file without a final newline can share one byte more
  // than it has.
  return static_cast<int>(std::min<std::uint64_t>(100, a.shared_bytes(b) * 100 / larger));
}

}  // namespace hush::git
