#include "hush/scanner/repository_scan.hpp"

#include <algorithm>
#include <chrono>
#include <optional>

#include "hush/common/error.hpp"
#include "hush/common/log.hpp"

namespace hush::scanner {

ScanOutcome scan_repositories(const RepositoryScanRequest& request, const ScanRequest& each,
                              const std::vector<Rule>& builtin_rules, Logger& log, ScanProgress* progress) {
  const auto started = std::chrono::steady_clock::now();
  const auto mine = repositories_in_shard(request.repositories, request.shard);
  const bool any_remote = std::any_of(mine.begin(), mine.end(), [](const RepositoryLocation& r) { return r.remote; });
  const auto clone_dir = request.clone_dir ? request.clone_dir : default_clone_dir();
  if (any_remote && !clone_dir)
    throw Error(ErrorKind::usage, "no clone directory: set --clone-dir, HUSH_CACHE_DIR or HOME");
  if (request.shard.count > 1)
    log.info("shard", {{"shard", std::to_string(request.shard.index) + "/" + std::to_string(request.shard.count)},
                       {"repositories", std::to_string(mine.size())},
                       {"listed", std::to_string(request.repositories.size())}});

  ScanOutcome total;
  std::uint64_t failed = 0;
  std::optional<Error> last_config_error;
  bool only_config_errors = true;
  bool first = true;
  for (const auto& repository : mine) {
    ScanRequest one = each;
    if (one.git == GitMode::none) one.git = GitMode::history;
    try {
      const std::string path =
          repository.remote ? update_mirror(repository, *clone_dir, log).string() : repository.given;
      one.paths = {path};
      ScanOutcome outcome = run_scan(one, builtin_rules, log, progress);
      for (auto& f : outcome.findings) f.repository = repository.display;
      total.findings.insert(total.findings.end(), std::make_move_iterator(outcome.findings.begin()),
                            std::make_move_iterator(outcome.findings.end()));
      total.summary.counters.merge(outcome.summary.counters);
      total.summary.baseline_suppressed += outcome.summary.baseline_suppressed;
      total.summary.below_confidence += outcome.summary.below_confidence;
      total.summary.repositories.push_back({repository_uri(repository), head_revision(path), {}});
      if (first) {
        total.rules = std::move(outcome.rules);
        total.summary.rules_loaded = outcome.summary.rules_loaded;
        total.summary.min_confidence = outcome.summary.min_confidence;
        first = false;
      }
      if (outcome.baseline_changes) {
        if (!total.baseline_changes) total.baseline_changes.emplace();
        auto& changes = *total.baseline_changes;
        changes.kept += outcome.baseline_changes->kept;
        changes.added.insert(changes.added.end(), outcome.baseline_changes->added.begin(),
                             outcome.baseline_changes->added.end());
        changes.removed.insert(changes.removed.end(), outcome.baseline_changes->removed.begin(),
                               outcome.baseline_changes->removed.end());
      }
    } catch (const Error& e) {
      if (e.kind() == ErrorKind::config) last_config_error = e;
      else only_config_errors = false;
      ++failed;
      log.warn("repository not scanned", {{"repository", repository.display}, {"error", e.what()}});
      total.summary.repositories.push_back({repository_uri(repository), {}, e.what()});
    }
  }
  // A configuration every repository fails on is the run's own (--config, --rules, a baseline):
  // a usage mistake, not N unreadable repositories. One repository's .hush.toml fails only it.
  if (failed != 0 && failed == mine.size() && only_config_errors) throw *last_config_error;
  if (failed != 0)
    total.summary.counters.add_gap({unscanned_repository_gap, failed,
                                    "see the warnings above; check the URL, the network and the credentials", true});
  std::sort(total.findings.begin(), total.findings.end(), finding_less);
  total.summary.duration_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return total;
}

}  // namespace hush::scanner
