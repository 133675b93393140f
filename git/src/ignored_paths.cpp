#include "hush/git/ignored_paths.hpp"

#include "hush/common/error.hpp"
#include "hush/git/git_command.hpp"

namespace hush::git {

std::optional<IgnoredPaths> read_ignored_paths(const std::string& directory, std::string& why) {
  if (!git_command_available()) {
    why = "the git command was not found on PATH";
    return std::nullopt;
  }
  std::string listing;
  try {
    listing = git_output(directory, {"ls-files", "--others", "--ignored", "--exclude-standard", "--directory", "-z"},
                         "cannot list what git ignores in " + directory);
  } catch (const Error& e) {
    why = e.what();
    return std::nullopt;
  }
  IgnoredPaths ignored;
  std::size_t start = 0;
  while (start < listing.size()) {
    std::size_t end = listing.find('\0', start);
    if (end == std::string::npos) end = listing.size();
    std::string path = listing.substr(start, end - start);
    start = end + 1;
    if (path == "./") {
      why = directory + " is itself ignored by git";
      return std::nullopt;
    }
    if (path.empty()) continue;
    if (path.back() == '/') {
      path.pop_back();
      ignored.directories.insert(std::move(path));
    } else {
      ignored.files.insert(std::move(path));
    }
  }
  return ignored;
}

}  // namespace hush::git
