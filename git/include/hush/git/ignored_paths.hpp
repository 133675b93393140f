#pragma once
// What git ignores under a directory of a work tree, for directory scans with --gitignore.
// git itself answers (`git ls-files --others --ignored --exclude-standard --directory`), so every
// rule git applies holds: nested .gitignore files, .git/info/exclude, core.excludesFile and its
// XDG default, negations, and tracked files, which are never ignored whatever a pattern says.
// Not libgit2 path by path: that costs more per entry than reading the files (bench/README.md).
#include <optional>
#include <string>
#include <unordered_set>

namespace hush::git {

struct IgnoredPaths {
  // Relative to the directory asked about, '/'-separated, without a trailing '/'.
  std::unordered_set<std::string> files;
  std::unordered_set<std::string> directories;  // wholly ignored: not to be entered

  [[nodiscard]] bool ignores(const std::string& relative_path, bool is_directory) const {
    return is_directory ? directories.contains(relative_path) : files.contains(relative_path);
  }
};

// nullopt, with the reason in `why`, when `directory` is not inside a git work tree, git cannot
// be run, or the directory itself is ignored (a directory the user names is scanned as named).
[[nodiscard]] std::optional<IgnoredPaths> read_ignored_paths(const std::string& directory, std::string& why);

}  // namespace hush::git
