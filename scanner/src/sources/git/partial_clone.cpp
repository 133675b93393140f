#include "sources/git/partial_clone.hpp"

namespace hush::scanner::git {

bool is_partial_clone(git_repository* repo) {
  git_config* raw = nullptr;
  if (git_repository_config_snapshot(&raw, repo) < 0) {
    git_error_clear();
    return false;
  }
  const GitPtr<git_config, git_config_free> config(raw);
  git_config_entry* entry = nullptr;
  if (git_config_get_entry(&entry, config.get(), "extensions.partialclone") == 0) {
    git_config_entry_free(entry);
    return true;
  }
  git_error_clear();
  bool promisor = false;
  git_config_foreach_match(
      config.get(), "^remote\\..*\\.promisor$",
      [](const git_config_entry* e, void* payload) {
        int value = 0;
        if (git_config_parse_bool(&value, e->value) == 0 && value) *static_cast<bool*>(payload) = true;
        return 0;
      },
      &promisor);
  git_error_clear();
  return promisor;
}

std::optional<Blob> read_blob(git_repository* repo, const git_oid& id, bool partial_clone, const std::string& what) {
  git_blob* raw = nullptr;
  const int rc = git_blob_lookup(&raw, repo, &id);
  if (rc == GIT_ENOTFOUND && partial_clone) {
    git_error_clear();
    return std::nullopt;
  }
  check(rc, "cannot read object " + oid_hex(id) + " (" + what + ")");
  return Blob(raw);
}

}  // namespace hush::scanner::git
