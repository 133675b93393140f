#pragma once
// RAII for the libgit2 handles hush uses, and the one place libgit2 errors become hush::Error.
#include <git2.h>

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "hush/common/c_handle.hpp"
#include "hush/common/error.hpp"

namespace hush::git {

// libgit2 keeps global state behind a reference count; every user holds one of these. It also
// makes libgit2 accept the repository extensions git accepts that do not change how objects are
// read (see libgit2.cpp); a repository whose objects or refs libgit2 cannot read is refused by
// open_repository with a message that says so.
class LibGit2 {
 public:
  LibGit2();
  ~LibGit2() { git_libgit2_shutdown(); }
  LibGit2(const LibGit2&) = delete;
  LibGit2& operator=(const LibGit2&) = delete;
};

template <typename T, void (*Free)(T*)>
using GitPtr = CHandle<T, Free>;

using Repository = GitPtr<git_repository, git_repository_free>;
using Odb = GitPtr<git_odb, git_odb_free>;
using OdbObject = GitPtr<git_odb_object, git_odb_object_free>;
using Commit = GitPtr<git_commit, git_commit_free>;
using Tree = GitPtr<git_tree, git_tree_free>;
using Blob = GitPtr<git_blob, git_blob_free>;
using Object = GitPtr<git_object, git_object_free>;
using Revwalk = GitPtr<git_revwalk, git_revwalk_free>;
using Index = GitPtr<git_index, git_index_free>;
using Diff = GitPtr<git_diff, git_diff_free>;
using Patch = GitPtr<git_patch, git_patch_free>;
using Reference = GitPtr<git_reference, git_reference_free>;
using Config = GitPtr<git_config, git_config_free>;
using Remote = GitPtr<git_remote, git_remote_free>;

// A git_buf libgit2 fills, disposed of with its holder.
class Buf {
 public:
  Buf() = default;
  ~Buf() { git_buf_dispose(&buf_); }
  Buf(const Buf&) = delete;
  Buf& operator=(const Buf&) = delete;
  git_buf* get() noexcept { return &buf_; }
  [[nodiscard]] std::string str() const { return buf_.ptr ? std::string(buf_.ptr, buf_.size) : std::string(); }

 private:
  git_buf buf_ = GIT_BUF_INIT;
};

// Throws hush::Error(kind) with `what` and libgit2's own message when rc < 0.
void check(int rc, std::string_view what, ErrorKind kind = ErrorKind::runtime);

// Opens the repository containing `path` (a work tree, a subdirectory of one, or a bare
// repository); "not a repository" is a usage error. Its objects are read through hush's object
// database (odb.hpp), alternates included. A SHA-256 or reftable repository, which libgit2
// cannot read, is a runtime error naming the format; with `unreadable_format` given, it is named
// there instead and an empty Repository returned, so a caller can turn to the git command without
// opening the repository twice.
[[nodiscard]] Repository open_repository(const std::string& path,
                                         std::optional<std::string>* unreadable_format = nullptr);

// "sha256 object format" or "reftable refs" when `path` is a repository in a format libgit2
// cannot read (the history scan then reads it through the git command), nullopt otherwise.
[[nodiscard]] std::optional<std::string> format_libgit2_cannot_read(const std::string& path);

// The work tree of the repository containing `path`, or its git directory when it is bare, in
// any format git reads; "not a repository" is a usage error.
[[nodiscard]] std::string project_root(const std::string& path);

// The work tree containing `path` (a directory or a file in one), with a trailing '/'; nullopt
// when it is in none (outside any repository, or in a bare one). Any format git reads.
[[nodiscard]] std::optional<std::string> work_tree_containing(const std::string& path);

// The objects directory of the repository (shared by all its worktrees).
[[nodiscard]] std::string objects_dir_of(git_repository* repo);

[[nodiscard]] std::string oid_hex(const git_oid& oid);

inline std::string_view blob_bytes(const git_blob* blob) {
  return {static_cast<const char*>(git_blob_rawcontent(blob)), static_cast<std::size_t>(git_blob_rawsize(blob))};
}

}  // namespace hush::git
