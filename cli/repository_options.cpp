#include "repository_options.hpp"

#include <algorithm>
#include <cstdlib>

#include "hush/common/error.hpp"

namespace hush::cli {

std::vector<OptionSpec> repository_options() {
  return {
      {"repos", 0, true, "FILE", "scan every repository FILE lists (one URL or path a line, # comments)"},
      {"clone-dir", 0, true, "DIR", "keep mirrors of remote repositories in DIR (default $XDG_CACHE_HOME/hush/repos)"},
      {"shard", 0, true, "I/N", "scan only the I-th (from 0) of N stable parts of the repository list"},
      {"shards", 0, true, "N", "as --shard with I from JOB_COMPLETION_INDEX (a Kubernetes Indexed Job)"},
  };
}

std::optional<scanner::RepositoryScanRequest> repository_request(const ParsedArgs& args, bool git) {
  const bool any_url = git && std::any_of(args.positional.begin(), args.positional.end(),
                                          [](const std::string& p) { return scanner::looks_like_repository_url(p); });
  const bool sharded = args.has("shard") || args.has("shards");
  if (!any_url && !args.has("repos")) {
    if (sharded || args.has("clone-dir")) throw Error(ErrorKind::usage, "--shard, --shards and --clone-dir need --repos or a repository URL");
    return std::nullopt;
  }
  scanner::RepositoryScanRequest request;
  for (const auto& p : args.positional) request.repositories.push_back(scanner::parse_repository_location(p));
  if (auto file = args.value("repos")) {
    auto listed = scanner::read_repository_list(*file);
    request.repositories.insert(request.repositories.end(), listed.begin(), listed.end());
  }
  if (auto dir = args.value("clone-dir")) request.clone_dir = *dir;
  if (args.has("shard") && args.has("shards")) throw Error(ErrorKind::usage, "--shard and --shards are alternatives");
  if (auto shard = args.value("shard")) request.shard = scanner::parse_shard(*shard);
  if (auto count = args.value("shards")) {
    const char* index = std::getenv("JOB_COMPLETION_INDEX");
    if (!index || !*index) throw Error(ErrorKind::usage, "--shards N takes the shard's index from JOB_COMPLETION_INDEX, which is not set");
    request.shard = scanner::parse_shard(std::string(index) + "/" + *count);
  }
  return request;
}

}  // namespace hush::cli
