#pragma once
// Exclude patterns (--exclude, `exclude` in .hush.toml) with gitignore semantics, one matcher for
// every scan mode: the directory walk, the staged change, a commit range and the whole history.
//
//   vendor/        a directory named vendor at any depth, and everything in it
//   *.min.js       a file or directory with that name at any depth
//   /build, ./build, docs/api   anchored at the scanned root (a leading '/' or './', or a '/' inside)
//   **/x, a/**/b, a/**   any number of directories; a trailing /** is everything inside
//   !pattern       re-includes what an earlier pattern excluded; the last matching pattern wins,
//                  and nothing inside an excluded directory can be re-included (as in git)
#include <string>
#include <string_view>
#include <vector>

namespace hush::scanner {

class PathExcludes {
 public:
  PathExcludes() = default;
  explicit PathExcludes(const std::vector<std::string>& patterns);

  [[nodiscard]] bool empty() const noexcept { return patterns_.empty(); }

  // `path` is relative to the scanned root with '/' separators. A file is excluded by its own
  // name or by any directory it lies in.
  [[nodiscard]] bool excludes_file(std::string_view path) const;
  // Only `path` itself, for walks that test each directory before entering it.
  [[nodiscard]] bool excludes(std::string_view path, bool is_directory) const;

 private:
  struct Pattern {
    std::vector<std::string> segments;  // "**" stands for any number of directories
    bool negated = false;
    bool directory_only = false;
  };
  // Whether the last pattern that matches the components decides "excluded".
  [[nodiscard]] bool decide(const std::vector<const char*>& components, std::size_t count, bool is_directory) const;

  std::vector<Pattern> patterns_;
};

}  // namespace hush::scanner
