#pragma once
// Where a repository's objects live: its own objects directory, then the ones it borrows from
// (`git clone --shared`/`--reference`, CI reference caches), read as git reads them
// (objects/info/alternates in gitrepository-layout(5)).
#include <filesystem>
#include <string>
#include <vector>

namespace hush::git {

struct ObjectDirectories {
  std::vector<std::filesystem::path> dirs;  // the repository's own first, each once
  std::vector<std::string> problems;        // alternates that are missing or nested too deep
};

// `objects_dir` and its alternates: objects/info/alternates, recursively (relative entries are
// relative to the objects directory that lists them; `#` comments; C-quoted paths; nesting
// deeper than git's 5 levels is ignored, as git does), then GIT_ALTERNATE_OBJECT_DIRECTORIES
// (colon-separated), which git sets for hooks that run during a push.
[[nodiscard]] ObjectDirectories object_directories(const std::filesystem::path& objects_dir);

}  // namespace hush::git
