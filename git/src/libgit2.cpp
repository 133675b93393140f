#include "hush/git/libgit2.hpp"

#include <array>
#include <filesystem>
#include <optional>

#include "hush/common/text.hpp"

#include "hush/git/git_command.hpp"
#include "hush/git/object_dirs.hpp"
#include "odb.hpp"

namespace hush::git {
namespace {

// Extensions (core.repositoryformatversion 1) that git accepts and that leave objects and refs
// where libgit2 reads them: precious objects (no pruning), partial clones (missing objects are
// promised by a remote: the scans count them), per-worktree config, and the object format, which
// open_repository checks to be SHA-1 itself. Not here: refStorage, which moves the refs.
constexpr std::array<const char*, 5> accepted_extensions = {"noop", "preciousobjects", "partialclone", "worktreeconfig",
                                                            "objectformat"};

std::string config_string(git_config* config, const char* name) {
  git_buf buf = GIT_BUF_INIT;
  std::string value;
  if (git_config_get_string_buf(&buf, config, name) == 0) value.assign(buf.ptr, buf.size);
  else git_error_clear();
  git_buf_dispose(&buf);
  return value;
}

}  // namespace

LibGit2::LibGit2() {
  git_libgit2_init();
  std::array<const char*, accepted_extensions.size()> names = accepted_extensions;
  git_libgit2_opts(GIT_OPT_SET_EXTENSIONS, names.data(), names.size());
}

void check(int rc, std::string_view what, ErrorKind kind) {
  if (rc >= 0) return;
  const git_error* e = git_error_last();
  std::string message(what);
  if (e && e->message) message += std::string(": ") + e->message;
  throw Error(kind, message);
}

namespace {

// Opens without the checks below; the error when libgit2 refuses is left for the caller.
int open_raw(const std::string& path, Repository& out) {
  git_repository* raw = nullptr;
  const int rc = git_repository_open_ext(&raw, path.c_str(), 0, nullptr);
  out.reset(raw);
  return rc;
}

// What about an opened (or refused) repository libgit2 cannot read, if anything.
std::optional<std::string> unreadable_format(int open_rc, git_repository* repo) {
  if (open_rc < 0) {
    const git_error* e = git_error_last();
    if (e && e->message && std::string_view(e->message).find("refstorage") != std::string_view::npos)
      return "reftable refs";
    return std::nullopt;
  }
  git_config* raw_config = nullptr;
  check(git_repository_config_snapshot(&raw_config, repo), "cannot read the repository's configuration");
  const Config config(raw_config);
  if (const std::string format = config_string(config.get(), "extensions.objectformat");
      !format.empty() && !ascii_iequals(format, "sha1"))
    return ascii_lower(format) + " object format";
  return std::nullopt;
}

}  // namespace

std::optional<std::string> format_libgit2_cannot_read(const std::string& path) {
  Repository repo;
  const int rc = open_raw(path, repo);
  auto format = unreadable_format(rc, repo.get());
  git_error_clear();
  return format;
}

std::string project_root(const std::string& path) {
  Repository repo;
  const int rc = open_raw(path, repo);
  if (rc == GIT_ENOTFOUND) throw Error(ErrorKind::usage, "not a git repository: " + path);
  if (rc < 0 && unreadable_format(rc, nullptr)) {
    // libgit2 cannot even open it: git can say where it is.
    git_error_clear();
    const bool bare =
        trim(git_output(path, {"rev-parse", "--is-bare-repository"}, "cannot open repository " + path)) == "true";
    return std::string(trim(git_output(path, {"rev-parse", bare ? "--absolute-git-dir" : "--show-toplevel"},
                                       "cannot open repository " + path))) +
           "/";
  }
  check(rc, "cannot open repository " + path);
  const char* workdir = git_repository_workdir(repo.get());
  return workdir ? workdir : git_repository_path(repo.get());
}

std::optional<std::string> work_tree_containing(const std::string& path) {
  std::error_code ec;
  const std::string directory =
      std::filesystem::is_directory(path, ec) ? path : std::filesystem::path(path).parent_path().string();
  Repository repo;
  const int rc = open_raw(directory.empty() ? "." : directory, repo);
  if (rc == GIT_ENOTFOUND) {
    git_error_clear();
    return std::nullopt;
  }
  if (rc < 0 && unreadable_format(rc, nullptr)) {
    git_error_clear();
    try {
      std::string top(
          trim(git_output(directory, {"rev-parse", "--show-toplevel"}, "cannot open repository " + directory)));
      if (!top.empty()) return top + "/";
    } catch (const Error&) {
      // A bare repository has no work tree to name paths from.
    }
    return std::nullopt;
  }
  check(rc, "cannot open repository " + directory);
  const char* workdir = git_repository_workdir(repo.get());
  if (!workdir) return std::nullopt;
  return std::string(workdir);
}

Repository open_repository(const std::string& path, std::optional<std::string>* unreadable) {
  Repository repo;
  const int rc = open_raw(path, repo);
  if (rc == GIT_ENOTFOUND) throw Error(ErrorKind::usage, "not a git repository: " + path);
  if (auto format = unreadable_format(rc, repo.get())) {
    if (unreadable) {
      git_error_clear();
      *unreadable = std::move(format);
      return {};
    }
    throw Error(ErrorKind::runtime, "cannot open repository " + path + " (" + *format +
                                        "): libgit2, which this mode needs, cannot read it");
  }
  check(rc, "cannot open repository " + path);
  install_object_database(repo.get(), object_directories(objects_dir_of(repo.get())).dirs);
  return repo;
}

std::string objects_dir_of(git_repository* repo) { return std::string(git_repository_commondir(repo)) + "objects"; }

std::string oid_hex(const git_oid& oid) {
  char buf[GIT_OID_HEXSZ + 1];
  git_oid_tostr(buf, sizeof buf, &oid);
  return buf;
}

}  // namespace hush::git
