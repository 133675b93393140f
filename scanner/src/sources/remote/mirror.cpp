#include <unistd.h>

#include <cstdlib>
#include <filesystem>

#include "hush/common/error.hpp"
#include "hush/common/hash.hpp"
#include "hush/common/log.hpp"
#include "hush/git/libgit2.hpp"
#include "hush/scanner/ruleset.hpp"
#include "hush/scanner/sources/remote.hpp"
#include "sources/remote/credentials.hpp"

namespace fs = std::filesystem;

namespace hush::scanner {
namespace {

// Every ref of the remote, under the same name, as `git clone --mirror` sets it up.
constexpr const char* mirror_refspec = "+refs/*:refs/*";

std::string path_safe(std::string_view text) {
  std::string out;
  for (const char c : text) {
    const bool keep =
        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_';
    out.push_back(keep ? c : '_');
  }
  if (out.empty() || out.find_first_not_of('.') == std::string::npos) out = "_" + out;
  return out;
}

// libgit2's messages may quote the URL as it was given: the display form stands in for it.
[[noreturn]] void fail(const RepositoryLocation& repository, std::string_view what) {
  const git_error* e = git_error_last();
  std::string detail = e && e->message ? e->message : "unknown error";
  for (std::size_t at = detail.find(repository.given); !repository.given.empty() && at != std::string::npos;
       at = detail.find(repository.given, at + repository.display.size()))
    detail.replace(at, repository.given.size(), repository.display);
  throw Error(ErrorKind::runtime, std::string(what) + " " + repository.display + ": " + detail);
}

}  // namespace
}  // namespace hush::scanner

// Present only in the static build, whose libgit2 skips loading CA certificates until asked
// (link/no_ca_bundle.c); weak, so other builds link without it.
extern "C" void hush_git_load_ca_certificates() __attribute__((weak));

namespace hush::scanner {
namespace {

// libgit2 verifies TLS against the system's CA certificates, or SSL_CERT_FILE / SSL_CERT_DIR as
// curl and OpenSSL read them. Loaded at the first fetch only: local scans never pay for them.
void load_ca_certificates() {
  if (hush_git_load_ca_certificates != nullptr) hush_git_load_ca_certificates();
  const char* file = std::getenv("SSL_CERT_FILE");
  const char* dir = std::getenv("SSL_CERT_DIR");
  std::error_code ec;
  if (!file || !*file)
    file = std::filesystem::exists("/etc/ssl/certs/ca-certificates.crt", ec) ? "/etc/ssl/certs/ca-certificates.crt"
                                                                             : nullptr;
  if (!dir || !*dir) dir = std::filesystem::is_directory("/etc/ssl/certs", ec) ? "/etc/ssl/certs" : nullptr;
  if ((file || dir) && git_libgit2_opts(GIT_OPT_SET_SSL_CERT_LOCATIONS, file, dir) < 0) git_error_clear();
}

git_fetch_options fetch_options(remote::CredentialAttempts& attempts) {
  // The init function, not the macro: GIT_FETCH_OPTIONS_INIT names only some fields, which clang
  // reports under -Wextra.
  git_fetch_options options{};
  git_fetch_options_init(&options, GIT_FETCH_OPTIONS_VERSION);
  options.callbacks.credentials = remote::acquire_credential;
  options.callbacks.payload = &attempts;
  options.prune = GIT_FETCH_PRUNE;
  options.download_tags = GIT_REMOTE_DOWNLOAD_TAGS_ALL;
  return options;
}

// Fetches every ref and points HEAD where the remote's HEAD points, as `git clone --mirror` and
// `git remote update` leave a mirror, so the scan's revision is the remote's default branch.
void fetch_into(const RepositoryLocation& repository, git_repository* repo, git_remote* origin) {
  remote::CredentialAttempts attempts;
  if (repository.given.starts_with("https://") || repository.given.starts_with("http://")) load_ca_certificates();
  const git_fetch_options options = fetch_options(attempts);
  if (git_remote_fetch(origin, nullptr, &options, "hush: fetch") < 0) fail(repository, "cannot fetch");
  git_buf head = GIT_BUF_INIT;
  if (git_remote_default_branch(&head, origin) == 0) {
    const std::string target(head.ptr, head.size);
    git_buf_dispose(&head);
    if (git_repository_set_head(repo, target.c_str()) < 0) fail(repository, "cannot set HEAD in the mirror of");
  }
}

void clone_mirror(const RepositoryLocation& repository, const fs::path& target) {
  // Cloned beside its final place and renamed into it, so a clone cut short is never taken for a
  // mirror by the next run.
  const fs::path partial = target.string() + ".partial-" + std::to_string(::getpid());
  std::error_code ec;
  fs::remove_all(partial, ec);
  {
    git_repository* raw_repo = nullptr;
    const int rc = git_repository_init(&raw_repo, partial.c_str(), 1);
    const git::Repository repo(raw_repo);
    if (rc < 0) fail(repository, "cannot create a mirror for");
    git_remote* raw_remote = nullptr;
    if (git_remote_create_with_fetchspec(&raw_remote, repo.get(), "origin", repository.given.c_str(), mirror_refspec) <
        0)
      fail(repository, "cannot create a mirror for");
    const git::Remote origin(raw_remote);
    git_config* raw_config = nullptr;
    if (git_repository_config(&raw_config, repo.get()) < 0) fail(repository, "cannot create a mirror for");
    const git::Config config(raw_config);
    if (git_config_set_bool(config.get(), "remote.origin.mirror", 1) < 0)
      fail(repository, "cannot create a mirror for");
    try {
      fetch_into(repository, repo.get(), origin.get());
    } catch (const Error&) {
      fs::remove_all(partial, ec);
      throw;
    }
  }
  fs::rename(partial, target, ec);
  if (ec) {
    fs::remove_all(partial, ec);
    if (!fs::is_directory(target, ec))
      throw Error(ErrorKind::runtime, "cannot move the clone of " + repository.display + " into " + target.string());
  }
}

void fetch_mirror(const RepositoryLocation& repository, const fs::path& mirror) {
  git_repository* raw_repo = nullptr;
  const int rc = git_repository_open_bare(&raw_repo, mirror.c_str());
  const git::Repository repo(raw_repo);
  if (rc < 0) fail(repository, "cannot open the mirror of");
  // The list may spell the URL differently from the run that cloned it (https then ssh).
  if (git_remote_set_url(repo.get(), "origin", repository.given.c_str()) < 0)
    fail(repository, "cannot update the mirror of");
  git_remote* raw_remote = nullptr;
  if (git_remote_lookup(&raw_remote, repo.get(), "origin") < 0) fail(repository, "cannot update the mirror of");
  const git::Remote origin(raw_remote);
  fetch_into(repository, repo.get(), origin.get());
}

}  // namespace

std::optional<fs::path> default_clone_dir() {
  const auto cache = default_cache_dir();
  if (!cache) return std::nullopt;
  return *cache / "repos";
}

fs::path mirror_directory(const fs::path& clone_dir, const RepositoryLocation& repository) {
  const std::string& id = repository.identity;
  const bool local = id.starts_with("file:");
  const std::string host = local ? "local" : id.substr(0, id.find('/'));
  std::string_view name = id;
  if (const auto slash = name.rfind('/'); slash != std::string_view::npos) name.remove_prefix(slash + 1);
  if (name.ends_with(".git")) name.remove_suffix(4);
  // The identity's hash keeps two repositories of the same name apart (org-a/app, org-b/app).
  const std::string hash = Blake2b("hush repository mirror v1", 16).update(id).hex_digest().substr(0, 12);
  return clone_dir / path_safe(host) / (path_safe(name) + "-" + hash + ".git");
}

fs::path update_mirror(const RepositoryLocation& repository, const fs::path& clone_dir, Logger& log) {
  const git::LibGit2 libgit2;
  fs::path mirror = mirror_directory(clone_dir, repository);
  std::error_code ec;
  fs::create_directories(mirror.parent_path(), ec);
  if (ec)
    throw Error(ErrorKind::runtime,
                "cannot create the clone directory " + mirror.parent_path().string() + ": " + ec.message());
  if (fs::is_directory(mirror, ec)) {
    log.info("fetching", {{"repository", repository.display}, {"mirror", mirror.string()}});
    fetch_mirror(repository, mirror);
  } else {
    log.info("cloning", {{"repository", repository.display}, {"mirror", mirror.string()}});
    clone_mirror(repository, mirror);
  }
  return mirror;
}

std::string head_revision(const std::string& path) {
  const git::LibGit2 libgit2;
  git_repository* raw = nullptr;
  const int rc = git_repository_open_ext(&raw, path.c_str(), 0, nullptr);
  const git::Repository repo(raw);
  if (rc < 0) return {};
  git_oid oid;
  if (git_reference_name_to_id(&oid, repo.get(), "HEAD") < 0) return {};
  return git::oid_hex(oid);
}

}  // namespace hush::scanner
