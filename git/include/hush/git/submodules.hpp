#pragma once
// The submodules a repository declares (.gitmodules), and where each one's own repository is when
// it is checked out: their histories are separate repositories, scanned only when asked.
#include <git2.h>

#include <optional>
#include <string>
#include <vector>

namespace hush::git {

struct Submodule {
  std::string path;                       // in the superproject's work tree
  std::optional<std::string> repository;  // its git directory, when initialised and checked out
};

// Empty when the repository declares none or its .gitmodules cannot be read.
[[nodiscard]] std::vector<Submodule> list_submodules(git_repository* repo);

}  // namespace hush::git
