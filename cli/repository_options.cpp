#include "repository_options.hpp"

#include <algorithm>
#include <cstdlib>

#include "hush/common/error.hpp"
#include "hush/common/log.hpp"
#include "hush/providers/repository_listing.hpp"

namespace hush::cli {

std::vector<OptionSpec> repository_options() {
  return {
      {"repos", 0, true, "FILE", "scan every repository FILE lists (one URL or path a line, # comments)"},
      {"clone-dir", 0, true, "DIR", "keep mirrors of remote repositories in DIR (default $XDG_CACHE_HOME/hush/repos)"},
      {"shard", 0, true, "I/N", "scan only the I-th (from 0) of N stable parts of the repository list"},
      {"shards", 0, true, "N", "as --shard with I from JOB_COMPLETION_INDEX (a Kubernetes Indexed Job)"},
      {"github-org", 0, true, "ORG",
       "scan every repository of a GitHub organisation (token: GITHUB_TOKEN; repeatable)"},
      {"github-user", 0, true, "USER", "scan every repository a GitHub user owns (repeatable)"},
      {"gitlab-group", 0, true, "GROUP",
       "scan every project of a GitLab group and its subgroups (token: GITLAB_TOKEN; repeatable)"},
      {"api-url", 0, true, "URL",
       "GitHub Enterprise API root (https://HOST/api/v3) or self-managed GitLab (https://HOST)"},
      {"include-forks", 0, false, "", "with --github-org, --github-user, --gitlab-group: forks too"},
      {"include-archived", 0, false, "", "with --github-org, --github-user, --gitlab-group: archived repositories too"},
  };
}

namespace {

// Each owner's repositories, listed through its provider's API.
std::vector<scanner::RepositoryLocation> listed_repositories(const ParsedArgs& args, Logger& log) {
  std::vector<scanner::RepositoryLocation> out;
  const std::pair<const char*, providers::Owner> kinds[] = {{"github-org", providers::Owner::github_org},
                                                            {"github-user", providers::Owner::github_user},
                                                            {"gitlab-group", providers::Owner::gitlab_group}};
  for (const auto& [option, owner] : kinds)
    for (const auto& name : args.values(option)) {
      providers::ListingRequest listing;
      listing.owner = owner;
      listing.name = name;
      listing.api_url = args.value("api-url").value_or("");
      listing.include_forks = args.has("include-forks");
      listing.include_archived = args.has("include-archived");
      if (const char* ca = std::getenv("SSL_CERT_FILE"); ca && *ca) listing.ca_file = ca;
      for (const auto& url : providers::list_repositories(listing, log))
        out.push_back(scanner::parse_repository_location(url));
    }
  return out;
}

}  // namespace

std::optional<scanner::RepositoryScanRequest> repository_request(const ParsedArgs& args, bool git, Logger& log) {
  const bool owners = args.has("github-org") || args.has("github-user") || args.has("gitlab-group");
  if (!owners && (args.has("api-url") || args.has("include-forks") || args.has("include-archived")))
    throw Error(ErrorKind::usage,
                "--api-url, --include-forks and --include-archived need --github-org, --github-user or --gitlab-group");
  const bool any_url = git && std::any_of(args.positional.begin(), args.positional.end(),
                                          [](const std::string& p) { return scanner::looks_like_repository_url(p); });
  const bool sharded = args.has("shard") || args.has("shards");
  if (!any_url && !args.has("repos") && !owners) {
    if (sharded || args.has("clone-dir"))
      throw Error(ErrorKind::usage, "--shard, --shards and --clone-dir need --repos or a repository URL");
    return std::nullopt;
  }
  scanner::RepositoryScanRequest request;
  for (const auto& p : args.positional) request.repositories.push_back(scanner::parse_repository_location(p));
  if (auto file = args.value("repos")) {
    auto listed = scanner::read_repository_list(*file);
    request.repositories.insert(request.repositories.end(), listed.begin(), listed.end());
  }
  if (owners) {
    auto listed = listed_repositories(args, log);
    request.repositories.insert(request.repositories.end(), listed.begin(), listed.end());
  }
  if (auto dir = args.value("clone-dir")) request.clone_dir = *dir;
  if (args.has("shard") && args.has("shards")) throw Error(ErrorKind::usage, "--shard and --shards are alternatives");
  if (auto shard = args.value("shard")) request.shard = scanner::parse_shard(*shard);
  if (auto count = args.value("shards")) {
    const char* index = std::getenv("JOB_COMPLETION_INDEX");
    if (!index || !*index)
      throw Error(ErrorKind::usage, "--shards N takes the shard's index from JOB_COMPLETION_INDEX, which is not set");
    request.shard = scanner::parse_shard(std::string(index) + "/" + *count);
  }
  return request;
}

}  // namespace hush::cli
