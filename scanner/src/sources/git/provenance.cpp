#include "sources/git/provenance.hpp"

#include <cstdio>
#include <ctime>

#include "sources/git/libgit2.hpp"

namespace hush::scanner::git {
namespace {

std::string iso8601(const git_time& when) {
  const std::time_t local = static_cast<std::time_t>(when.time) + static_cast<std::time_t>(when.offset) * 60;
  std::tm tm{};
  gmtime_r(&local, &tm);
  char buf[40];
  const std::size_t n = std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  const int offset = when.offset;
  const int magnitude = offset < 0 ? -offset : offset;
  std::snprintf(buf + n, sizeof buf - n, "%c%02d:%02d", offset < 0 ? '-' : '+', magnitude / 60, magnitude % 60);
  return buf;
}

}  // namespace

GitProvenance provenance_of(git_commit* commit) {
  GitProvenance p;
  p.commit = oid_hex(*git_commit_id(commit));
  if (const git_signature* author = git_commit_author(commit)) {
    p.author = author->name ? author->name : "";
    p.email = author->email ? author->email : "";
    p.date = iso8601(author->when);
  }
  if (const char* summary = git_commit_summary(commit)) p.message = summary;
  return p;
}

}  // namespace hush::scanner::git
