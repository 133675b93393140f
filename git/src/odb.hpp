#pragma once
// The object database hush gives libgit2: loose objects through hush's bounded reader
// (loose_object.hpp), packs through libgit2's pack backend, over the repository's own objects
// directory and every alternate. libgit2's own loose reader trusts the header's size and can
// crash or spin on a damaged file; range and staged scans, attribution and ref peeling all read
// through this database instead.
#include <git2.h>

#include <filesystem>
#include <vector>

namespace hush::git {

// Replaces the object database of `repo` with one over `dirs` (see object_directories()).
// Throws hush::Error(runtime) when libgit2 cannot set it up.
void install_object_database(git_repository* repo, const std::vector<std::filesystem::path>& dirs);

}  // namespace hush::git
