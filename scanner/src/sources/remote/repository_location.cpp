#include <algorithm>
#include <array>
#include <filesystem>

#include "hush/common/error.hpp"
#include "hush/common/file.hpp"
#include "hush/common/text.hpp"
#include "hush/scanner/sources/remote.hpp"

namespace fs = std::filesystem;

namespace hush::scanner {
namespace {

constexpr std::array<std::string_view, 7> fetch_schemes = {"https", "http", "ssh", "git", "file", "git+ssh", "ssh+git"};

struct UrlParts {
  std::string scheme;     // empty for the scp form
  std::string user_info;  // without the '@'
  std::string host;       // with ":port" when given
  std::string path;
};

std::optional<UrlParts> split_url(std::string_view text) {
  UrlParts parts;
  if (const auto sep = text.find("://"); sep != std::string_view::npos) {
    parts.scheme = ascii_lower(std::string(text.substr(0, sep)));
    const std::string_view rest = text.substr(sep + 3);
    const std::size_t slash = rest.find('/');
    std::string_view authority = rest.substr(0, slash);
    parts.path = slash == std::string_view::npos ? "" : std::string(rest.substr(slash));
    if (const auto at = authority.rfind('@'); at != std::string_view::npos) {
      parts.user_info = std::string(authority.substr(0, at));
      authority = authority.substr(at + 1);
    }
    parts.host = std::string(authority);
    return parts;
  }
  // The scp form user@host:path: a ':' before any '/', with a user before it (a bare
  // "host:path" could as well be a local file name).
  const std::size_t colon = text.find(':');
  const std::size_t at = text.find('@');
  if (colon == std::string_view::npos || at == std::string_view::npos || at > colon) return std::nullopt;
  if (const std::size_t slash = text.find('/'); slash != std::string_view::npos && slash < colon) return std::nullopt;
  parts.user_info = std::string(text.substr(0, at));
  parts.host = std::string(text.substr(at + 1, colon - at - 1));
  parts.path = std::string(text.substr(colon + 1));
  if (parts.host.empty() || parts.path.empty()) return std::nullopt;
  return parts;
}

std::string local_identity(const std::string& path) {
  std::error_code ec;
  std::string absolute = fs::weakly_canonical(fs::absolute(path, ec), ec).generic_string();
  while (absolute.size() > 1 && absolute.back() == '/') absolute.pop_back();
  return "file:" + absolute;
}

std::string remote_identity(const UrlParts& parts) {
  std::string_view path = parts.path;
  while (!path.empty() && path.front() == '/') path.remove_prefix(1);
  while (!path.empty() && path.back() == '/') path.remove_suffix(1);
  if (path.ends_with(".git")) path.remove_suffix(4);
  return ascii_lower(parts.host) + "/" + std::string(path);
}

}  // namespace

bool looks_like_repository_url(std::string_view text) noexcept {
  try {
    const auto parts = split_url(text);
    if (!parts) return false;
    return parts->scheme.empty() ||
           std::find(fetch_schemes.begin(), fetch_schemes.end(), parts->scheme) != fetch_schemes.end();
  } catch (const std::exception&) {
    return false;
  }
}

std::string url_without_user_info(std::string_view url) {
  const auto parts = split_url(url);
  if (!parts || parts->user_info.empty()) return std::string(url);
  if (parts->scheme.empty()) return parts->host + ":" + parts->path;
  return parts->scheme + "://" + parts->host + parts->path;
}

RepositoryLocation parse_repository_location(std::string_view text) {
  RepositoryLocation location;
  location.given = std::string(text);
  const auto parts = split_url(text);
  if (!parts) {
    location.display = location.given;
    location.identity = local_identity(location.given);
    return location;
  }
  location.display = url_without_user_info(text);
  if (!parts->scheme.empty() &&
      std::find(fetch_schemes.begin(), fetch_schemes.end(), parts->scheme) == fetch_schemes.end())
    throw Error(ErrorKind::usage, "cannot fetch a repository from '" + location.display +
                                      "': git fetches over https, http, ssh, git and file");
  // A password in a URL would end up in the mirror's configuration, the process list and shell
  // histories: it is refused, and the message shows the URL without it.
  if (parts->user_info.find(':') != std::string::npos)
    throw Error(ErrorKind::usage,
                "the repository URL '" + location.display +
                    "' carries a password: remove it and set HUSH_GIT_TOKEN (or GITHUB_TOKEN, GITLAB_TOKEN) instead");
  location.remote = true;
  location.identity = parts->scheme == "file" ? local_identity(parts->path) : remote_identity(*parts);
  return location;
}

std::string repository_uri(const RepositoryLocation& repository) {
  if (!repository.remote) return "file://" + repository.identity.substr(std::string_view("file:").size());
  const auto parts = split_url(repository.given);
  if (parts && parts->scheme.empty())
    return "ssh://" + parts->host + (parts->path.starts_with('/') ? "" : "/") + parts->path;
  return repository.display;
}

std::vector<RepositoryLocation> parse_repository_list(std::string_view text, const std::string& origin) {
  std::vector<RepositoryLocation> list;
  long number = 0;
  for (std::size_t pos = 0; pos < text.size();) {
    const std::size_t nl = text.find('\n', pos);
    std::string_view line = text.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
    pos = nl == std::string_view::npos ? text.size() : nl + 1;
    ++number;
    line = trim(line);
    if (line.empty() || line.front() == '#') continue;
    try {
      list.push_back(parse_repository_location(line));
    } catch (const Error& e) {
      throw_config_error(origin, number, e.what());
    }
  }
  return list;
}

std::vector<RepositoryLocation> read_repository_list(const std::filesystem::path& file) {
  return parse_repository_list(read_config_file(file), file.string());
}

}  // namespace hush::scanner
