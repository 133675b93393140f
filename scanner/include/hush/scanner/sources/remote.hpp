#pragma once
// Repositories that are not (yet) on this machine: URLs git fetches from (https, http, ssh,
// git, file, and the scp form user@host:path), bare mirrors of them kept in a clone directory,
// lists of repositories, and the stable shards such a list is split into.
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hush {
class Logger;
}

namespace hush::scanner {

// A repository as named on the command line or in a list.
struct RepositoryLocation {
  std::string given;    // as written; may hold a user name, never a password
  std::string display;  // what reports and log lines show: the URL without user info, or the path as given
  // The same repository whatever the spelling: "host[:port]/path" (lower-case host, no scheme,
  // user, trailing '/' or ".git"), or "file:" and the absolute path for local repositories and
  // file:// URLs. Shards and mirror directories are derived from it.
  std::string identity;
  bool remote = false;  // fetched into a mirror (file:// URLs too); otherwise scanned in place
};

// True for a URL with a scheme git fetches from, or the scp form user@host:path.
[[nodiscard]] bool looks_like_repository_url(std::string_view text) noexcept;

// A URL or a local path. Usage error for a URL that carries a password (credentials come from
// the environment, never from an argument) or a scheme git cannot fetch from.
[[nodiscard]] RepositoryLocation parse_repository_location(std::string_view text);

// An absolute URI for the repository, as SARIF's versionControlProvenance wants it: the display
// URL, "ssh://host/path" for the scp form, "file://" and the absolute path for a local path.
[[nodiscard]] std::string repository_uri(const RepositoryLocation& repository);

// The URL without "user[:password]@": what a log line or error message may show.
[[nodiscard]] std::string url_without_user_info(std::string_view url);

// One repository a line, blank lines and '#' comments skipped. Config error naming the line of
// an entry parse_repository_location refuses.
[[nodiscard]] std::vector<RepositoryLocation> parse_repository_list(std::string_view text, const std::string& origin);
[[nodiscard]] std::vector<RepositoryLocation> read_repository_list(const std::filesystem::path& file);

// The I-th (from 0) of N parts of a repository list. A repository's part depends on its identity
// only, so it stays in the same shard whatever else the list holds.
struct Shard {
  unsigned index = 0;
  unsigned count = 1;
};

// "I/N" with 0 <= I < N; usage error otherwise.
[[nodiscard]] Shard parse_shard(std::string_view text);
[[nodiscard]] unsigned shard_of(const RepositoryLocation& repository, unsigned count);
// The repositories of `shard`, in list order, each once (by identity).
[[nodiscard]] std::vector<RepositoryLocation> repositories_in_shard(const std::vector<RepositoryLocation>& list,
                                                                    Shard shard);

// Where mirrors live by default: "repos" under the rule cache's directory (HUSH_CACHE_DIR,
// XDG_CACHE_HOME/hush or ~/.cache/hush).
[[nodiscard]] std::optional<std::filesystem::path> default_clone_dir();

// The bare mirror's directory for `repository` under `clone_dir`.
[[nodiscard]] std::filesystem::path mirror_directory(const std::filesystem::path& clone_dir,
                                                     const RepositoryLocation& repository);

// Clones a bare mirror of a remote repository into its directory under `clone_dir` (every ref,
// as `git clone --mirror`), or fetches into the one an earlier run made (pruning refs the remote
// deleted); returns the mirror's path. Credentials: see README ("Remote repositories"). Runtime
// error naming the repository by its display URL when it cannot be reached or read.
std::filesystem::path update_mirror(const RepositoryLocation& repository, const std::filesystem::path& clone_dir,
                                    Logger& log);

// The commit HEAD names in the repository at `path`; empty when it names none.
[[nodiscard]] std::string head_revision(const std::string& path);

}  // namespace hush::scanner
