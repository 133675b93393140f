#pragma once
// Commit metadata as findings report it.
#include <git2.h>

#include "hush/scanner/finding.hpp"

namespace hush::scanner::git {

// Author, email, ISO 8601 date with the author's UTC offset, and the subject line.
[[nodiscard]] GitProvenance provenance_of(git_commit* commit);

}  // namespace hush::scanner::git
