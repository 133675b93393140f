#pragma once
// Commit metadata as findings report it.
#include <git2.h>

#include <string_view>

#include "git_library.hpp"
#include "hush/scanner/finding.hpp"

namespace hush::scanner::git {

// Author, email, ISO 8601 date with the author's UTC offset, and the subject line.
[[nodiscard]] GitProvenance provenance_of(git_commit* commit);

// The same from a commit's (or an annotated tag's) raw bytes, tolerant as git log is: a missing
// or malformed author (or tagger) line or date leaves those fields empty instead of failing, so
// commits that git reads but fsck rejects are still attributed. `signature_field` is "author"
// for commits, "tagger" for tags.
[[nodiscard]] GitProvenance provenance_of_raw(std::string id_hex, std::string_view raw,
                                              std::string_view signature_field = "author");

}  // namespace hush::scanner::git
