#pragma once
// A commit's author, date and subject read from its raw bytes the way `git log` reads them,
// whatever `git fsck` thinks of them: a commit without an author line, with a date that is not a
// number or an e-mail without its '>' is still a commit git shows, so its content is scanned and
// its findings name what could be read (the rest is null in reports). libgit2 refuses such
// commits outright.
#include <git2.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "hush/scanner/finding.hpp"

namespace hush::scanner::git {

struct Signature {
  std::string name;
  std::string email;
  std::optional<std::int64_t> time;  // seconds since the epoch; nullopt when unreadable
  int offset_minutes = 0;            // the zone written after the time; 0 when unreadable
};

// The first `keyword` ("author", "committer", "tagger") line of an object's header; nullopt when
// there is none. Like git: the e-mail is between the first '<' and the next '>', and a line
// without them names nobody.
[[nodiscard]] std::optional<Signature> parse_signature(std::string_view raw_object, std::string_view keyword);

// "2024-03-01T10:00:00+01:00": the local time where the commit was made, with its offset; empty
// when the time cannot be shown.
[[nodiscard]] std::string iso8601(std::int64_t time, int offset_minutes);

// The first paragraph of a commit message, its line breaks made spaces: git_commit_summary's rule,
// so both readers give one subject.
[[nodiscard]] std::string commit_summary(std::string_view message);

// Author, e-mail, date and subject of the commit `id` whose object bytes are `raw_commit`.
[[nodiscard]] GitProvenance commit_provenance(const git_oid& id, std::string_view raw_commit);

}  // namespace hush::scanner::git
