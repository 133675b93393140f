#pragma once
// Which lines of a file version are new, and how alike two versions are, both by counting
// identical lines. The range and staged scans share this one notion: a line is added when the
// version has more copies of it than the version(s) it replaces, so a line that only moved (within
// the file, or with the file in a rename) is not added; for a merge a line is added when it has
// more copies than in every parent's version, which is what `git diff --cc` shows as new.
#include <cstdint>
#include <set>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace hush::git {

// Calls fn(line, number) for each line of `bytes` (1-based numbers, without the line break; a
// trailing '\r' is not part of the line, so a CRLF conversion changes no line).
template <typename Fn>
void for_each_line(std::string_view bytes, Fn fn) {
  std::uint64_t number = 1;
  std::size_t start = 0;
  while (start < bytes.size()) {
    std::size_t end = bytes.find('\n', start);
    if (end == std::string_view::npos) end = bytes.size();
    std::string_view line = bytes.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    fn(line, number++);
    start = end + 1;
  }
}

// The lines of one version with their number of copies. Views into the bytes, which must outlive it.
class LineCounts {
 public:
  explicit LineCounts(std::string_view bytes);
  [[nodiscard]] long count(std::string_view line) const;
  // Bytes (each line with its line break) that the two versions have in common, copy for copy.
  [[nodiscard]] std::uint64_t shared_bytes(const LineCounts& other) const;
  [[nodiscard]] std::uint64_t size() const noexcept { return size_; }

 private:
  friend std::set<std::uint64_t> added_lines(std::string_view, const std::vector<std::string_view>&);
  std::unordered_map<std::string_view, long> counts_;
  std::uint64_t size_ = 0;
};

// Numbers of the lines of `version` beyond the count of identical lines in whichever of `before`
// has the most copies of each; with no `before`, every line.
[[nodiscard]] std::set<std::uint64_t> added_lines(std::string_view version,
                                                  const std::vector<std::string_view>& before);

// How much of the larger version the two share, 0-100: git's rename similarity (`-M50%` pairs a
// removed and an added file that share half their content).
[[nodiscard]] int similarity(const LineCounts& a, const LineCounts& b);

// Git's default rename threshold.
inline constexpr int rename_threshold = 50;

}  // namespace hush::git
