#include "sources/git/partial_clone.hpp"

#include <string_view>

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
  // Every entry is looked at rather than asking libgit2 for a regex match: its PCRE2-backed
  // matcher in 1.5 leaks the match data of each entry it tests.
  git_config_iterator* raw_iterator = nullptr;
  if (git_config_iterator_new(&raw_iterator, config.get()) < 0) {
    git_error_clear();
    return false;
  }
  const GitPtr<git_config_iterator, git_config_iterator_free> entries(raw_iterator);
  git_config_entry* e = nullptr;
  while (git_config_next(&e, entries.get()) == 0) {
    const std::string_view name = e->name;
    int value = 0;
    if (name.starts_with("remote.") && name.ends_with(".promisor") && git_config_parse_bool(&value, e->value) == 0 && value) return true;
  }
  git_error_clear();
  return false;
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
