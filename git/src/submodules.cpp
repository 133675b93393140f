#include "hush/git/submodules.hpp"

#include "hush/git/libgit2.hpp"

namespace hush::git {
namespace {

using SubmoduleHandle = GitPtr<git_submodule, git_submodule_free>;

int collect(git_submodule* sm, const char*, void* payload) {
  auto& out = *static_cast<std::vector<Submodule>*>(payload);
  Submodule entry;
  entry.path = git_submodule_path(sm);
  git_repository* raw = nullptr;
  if (git_submodule_open(&raw, sm) == 0) {
    const Repository sub(raw);
    entry.repository = git_repository_path(sub.get());
  } else {
    git_error_clear();
  }
  out.push_back(std::move(entry));
  return 0;
}

}  // namespace

std::vector<Submodule> list_submodules(git_repository* repo) {
  std::vector<Submodule> out;
  if (git_submodule_foreach(repo, collect, &out) != 0) {
    git_error_clear();  // no readable .gitmodules: nothing is declared
    return {};
  }
  return out;
}

}  // namespace hush::git
