#pragma once
// Commit metadata and paths as findings report them.
#include <git2.h>

#include <optional>
#include <string>
#include <string_view>

#include "git_library.hpp"
#include "hush/scanner/finding.hpp"
#include "hush/scanner/scanner.hpp"

namespace hush::scanner::git {

// Author, email, ISO 8601 date with the author's UTC offset, and the subject line.
[[nodiscard]] GitProvenance provenance_of(git_commit* commit);

// The same from a commit's (or an annotated tag's) raw bytes, tolerant as git log is: a missing
// or malformed author (or tagger) line or date leaves those fields empty instead of failing, so
// commits that git reads but fsck rejects are still attributed. `signature_field` is "author"
// for commits, "tagger" for tags.
[[nodiscard]] GitProvenance provenance_of_raw(std::string id_hex, std::string_view raw,
                                              std::string_view signature_field = "author");

// `f`, found in a blob, at a path the blob has in a commit: `path`, then f.path ("" or an archive
// member's "!name"). nullopt when a path allowlist drops it there; with --list-suppressed
// (Scanner::keeps_suppressed) a deliberate suppression keeps it, suppressed_by saying which.
[[nodiscard]] std::optional<Finding> finding_at_path(const Scanner& scanner, const Finding& f, const std::string& path);

}  // namespace hush::scanner::git
