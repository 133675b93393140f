#include "sources/git/libgit2.hpp"

namespace hush::scanner::git {

void check(int rc, std::string_view what, ErrorKind kind) {
  if (rc >= 0) return;
  const git_error* e = git_error_last();
  std::string message(what);
  if (e && e->message) message += std::string(": ") + e->message;
  throw Error(kind, message);
}

Repository open_repository(const std::string& path) {
  git_repository* raw = nullptr;
  const int rc = git_repository_open_ext(&raw, path.c_str(), 0, nullptr);
  if (rc == GIT_ENOTFOUND) throw Error(ErrorKind::usage, "not a git repository: " + path);
  check(rc, "cannot open repository " + path);
  return Repository(raw);
}

std::string oid_hex(const git_oid& oid) {
  char buf[GIT_OID_HEXSZ + 1];
  git_oid_tostr(buf, sizeof buf, &oid);
  return buf;
}

}  // namespace hush::scanner::git
