#pragma once
// One `hush scan` over several repositories (--repos, an organisation, a remote --git URL): each
// one fetched into its mirror when remote, scanned as a whole-history scan, its findings tagged
// with the repository. A repository that cannot be fetched or read is a warning and a gap in the
// summary, never the end of the others.
#include <filesystem>
#include <optional>
#include <vector>

#include "hush/scanner/rule.hpp"
#include "hush/scanner/scan_job.hpp"
#include "hush/scanner/sources/remote.hpp"

namespace hush::scanner {

struct RepositoryScanRequest {
  std::vector<RepositoryLocation> repositories;
  std::optional<std::filesystem::path> clone_dir;  // nullopt: default_clone_dir()
  Shard shard;
};

// What a repository that could not be scanned counts under in the summary's gaps.
inline constexpr const char* unscanned_repository_gap = "repositories that could not be fetched or read";

// `each` is the request every repository is scanned with (its paths are replaced; a GitMode of
// none becomes history). Usage error when a remote repository is listed and no clone directory
// can be found.
[[nodiscard]] ScanOutcome scan_repositories(const RepositoryScanRequest& request, const ScanRequest& each,
                                            const std::vector<Rule>& builtin_rules, Logger& log,
                                            ScanProgress* progress = nullptr);

}  // namespace hush::scanner
