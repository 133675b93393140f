#include "hush/scanner/scan_job.hpp"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <thread>

#include "hush/common/error.hpp"
#include "hush/common/log.hpp"
#include "hush/common/text.hpp"
#include "hush/git/libgit2.hpp"
#include "hush/scanner/baseline.hpp"
#include "hush/scanner/config.hpp"
#include "hush/scanner/ruleset.hpp"
#include "hush/scanner/scanner.hpp"
#include "hush/scanner/sources/git.hpp"
#include "hush/scanner/sources/image.hpp"

namespace fs = std::filesystem;

namespace hush::scanner {
namespace {

// A secret found in a commit or tag message is also in that message's subject, which findings
// carry as provenance: it is shown redacted there, as everywhere else without --reveal. Every
// finding of that commit carries the subject, a finding in one of its files too.
void redact_in_messages(std::vector<Finding>& findings) {
  std::vector<std::pair<std::string_view, std::string_view>> in_messages;  // secret, redacted
  for (const auto& f : findings)
    if (f.git && !f.secret.empty() && (f.path == commit_message_path || f.path == tag_message_path))
      in_messages.emplace_back(f.secret, f.redacted);
  if (in_messages.empty()) return;
  std::sort(in_messages.begin(), in_messages.end());
  in_messages.erase(std::unique(in_messages.begin(), in_messages.end()), in_messages.end());
  for (auto& f : findings) {
    if (!f.git || f.git->message.empty()) continue;
    std::string& message = f.git->message;
    for (const auto& [secret, redacted] : in_messages)
      for (std::size_t at = message.find(secret); at != std::string::npos;
           at = message.find(secret, at + redacted.size()))
        message.replace(at, secret.size(), redacted);
  }
}

// The project configuration lives at the root of what is scanned, like .gitleaks.toml: the
// repository's, also for a directory or file scanned inside its work tree.
std::optional<fs::path> project_root(const ScanRequest& request, const std::optional<std::string>& work_tree) {
  if (request.git != GitMode::none) return fs::path(git_project_root(request.paths.front()));
  if (work_tree) return fs::path(*work_tree);
  for (const auto& p : request.paths) {
    std::error_code ec;
    if (p != "-" && fs::is_directory(p, ec)) return fs::path(p);
  }
  return std::nullopt;
}

// Inside a work tree, paths are named from its root, as git and a history scan name them, so a
// finding has one path (and one fingerprint) whichever directory was scanned.
std::vector<ScanRoot> roots_in_work_tree(const std::vector<std::string>& paths, const std::string& work_tree) {
  std::error_code ec;
  const fs::path top = fs::weakly_canonical(work_tree, ec);
  std::vector<ScanRoot> roots;
  for (const auto& path : paths) {
    std::string relative = fs::weakly_canonical(path, ec).lexically_relative(top).generic_string();
    if (relative == ".") relative.clear();
    roots.push_back({path, relative, true});
  }
  return roots;
}

// Where the findings' relative paths start: the repository's root for Git scans and inside a work
// tree, a single directory scanned outside one, otherwise the working directory the roots were
// given from (roots_as_given).
// `project` is project_root's answer, which names paths when they come from a repository.
std::string source_root(const ScanRequest& request, const std::optional<fs::path>& project, bool paths_from_project) {
  std::error_code ec;
  const bool single_directory =
      request.paths.size() == 1 && request.paths.front() != "-" && fs::is_directory(request.paths.front(), ec);
  const fs::path root = paths_from_project && project ? *project
                        : single_directory            ? fs::path(request.paths.front())
                                                      : fs::current_path(ec);
  std::string text = fs::weakly_canonical(root, ec).generic_string();
  if (text.empty()) return {};
  if (text.back() != '/') text.push_back('/');
  return text;
}

Config load_config(const ScanRequest& request, const std::optional<fs::path>& root, Logger& log) {
  if (request.config_path) return load_config_file(*request.config_path, log);
  if (root) {
    // A repository moving from gitleaks keeps working before it has a .hush.toml.
    for (const char* name : {".hush.toml", ".gitleaks.toml"}) {
      const fs::path candidate = *root / name;
      std::error_code ec;
      if (fs::is_regular_file(candidate, ec)) return load_config_file(candidate, log);
    }
  }
  return Config{};
}

// --enable-rule: a rule id that names nothing is a usage error, with the closest id offered.
void keep_only_rules(std::vector<Rule>& rules, const std::vector<std::string>& ids) {
  std::vector<std::string> known;
  for (const auto& r : rules) known.push_back(r.id);
  for (const auto& id : ids)
    if (std::find(known.begin(), known.end(), id) == known.end())
      throw Error(ErrorKind::usage, "--enable-rule names unknown rule '" + id + "'" + did_you_mean(id, known));
  std::erase_if(rules, [&](const Rule& r) { return std::find(ids.begin(), ids.end(), r.id) == ids.end(); });
}

// Each limit: the flag, else the configuration, else the default.
ArchiveLimits archive_limits(const ScanRequest& request, const Limits& configured) {
  const ArchiveLimits defaults;
  ArchiveLimits limits;
  limits.max_depth = request.max_archive_depth.value_or(configured.max_archive_depth.value_or(defaults.max_depth));
  limits.max_bytes = request.max_archive_bytes.value_or(configured.max_archive_bytes.value_or(defaults.max_bytes));
  limits.max_members =
      request.max_archive_members.value_or(configured.max_archive_members.value_or(defaults.max_members));
  limits.max_ratio = request.max_archive_ratio.value_or(configured.max_archive_ratio.value_or(defaults.max_ratio));
  return limits;
}

}  // namespace

ScanOutcome run_scan(const ScanRequest& request, std::vector<Rule> builtin_rules, Logger& log, ScanProgress* progress) {
  if (request.paths.empty() && request.images.empty()) {
    ScanRequest here = request;
    here.paths.push_back(".");
    return run_scan(here, std::move(builtin_rules), log, progress);
  }
  const auto started = std::chrono::steady_clock::now();
  if (request.git != GitMode::none && !request.images.empty())
    throw Error(ErrorKind::usage, "--image and a Git scan are alternatives");
  // libgit2 is initialised once for the whole scan, and only when Git is involved.
  std::optional<git::LibGit2> libgit2;
  if (request.git != GitMode::none) libgit2.emplace();
  std::vector<std::string> file_paths;
  bool stdin_requested = false;
  for (const auto& p : request.paths) {
    if (request.git != GitMode::none) break;
    if (p == "-") stdin_requested = true;
    else file_paths.push_back(p);
  }
  const std::optional<std::string> work_tree = file_paths.empty() ? std::nullopt : common_work_tree(file_paths);
  const auto root = project_root(request, work_tree);
  const Config config = load_config(request, root, log);

  std::vector<Rule> extra;
  for (const auto& p : request.rule_paths) {
    auto more = load_rules_path(p);
    extra.insert(extra.end(), std::make_move_iterator(more.begin()), std::make_move_iterator(more.end()));
  }
  std::vector<Rule> rules = assemble_rules(std::move(builtin_rules), config, extra, log);
  if (!request.enabled_rules.empty()) keep_only_rules(rules, request.enabled_rules);

  RuleSetOptions rs_options;
  if (request.use_cache) rs_options.cache_dir = request.cache_dir ? request.cache_dir : default_cache_dir();
  RuleSet rule_set = RuleSet::build(std::move(rules), rs_options, log);
  log.debug("rules ready",
            {{"rules", std::to_string(rule_set.rules().size())}, {"cached", rule_set.from_cache() ? "true" : "false"}});

  Baseline baseline;
  for (const auto& b : request.baseline_paths) baseline.add_report(b);
  Baseline ignored;
  if (root) {
    const fs::path ignore = *root / ".hushignore";
    std::error_code ec;
    if (fs::is_regular_file(ignore, ec)) ignored.add_ignore_file(ignore);
    const fs::path gitleaks_ignore = *root / ".gitleaksignore";
    if (fs::is_regular_file(gitleaks_ignore, ec)) ignored.add_gitleaks_ignore_file(gitleaks_ignore);
  }

  DecodeOptions decode;
  decode.max_depth =
      request.max_decode_depth.value_or(config.limits.max_decode_depth.value_or(default_max_decode_depth));
  Scanner scanner(rule_set, config.allow, decode, request.inline_allow, archive_limits(request, config.limits));
  scanner.keep_suppressed(request.list_suppressed);
  scanner.collect_partners(request.collect_partners);
  FsScanOptions fs_options;
  fs_options.threads =
      request.threads.value_or(config.limits.threads.value_or(std::max(1u, std::thread::hardware_concurrency())));
  fs_options.max_file_size = request.max_file_size.value_or(config.limits.max_file_size);
  fs_options.follow_symlinks = request.follow_symlinks;
  fs_options.include_binary = request.include_binary;
  fs_options.respect_gitignore = request.respect_gitignore.value_or(config.respect_gitignore);
  std::vector<std::string> excludes = config.exclude;
  excludes.insert(excludes.end(), request.exclude.begin(), request.exclude.end());
  fs_options.exclude = PathExcludes(excludes);

  ScanOutcome outcome;
  if (request.git != GitMode::none) {
    if (request.paths.size() != 1) throw Error(ErrorKind::usage, "a Git scan takes one repository path");
    GitScanOptions git_options;
    git_options.repository = request.paths.front();
    git_options.threads = fs_options.threads;
    git_options.max_blob_size = fs_options.max_file_size;
    git_options.include_binary = fs_options.include_binary;
    git_options.all_objects = request.all_objects;
    git_options.keep_going = request.keep_going;
    git_options.recurse_submodules = request.recurse_submodules;
    git_options.reuse_delta_bases = !request.whole_blobs;
    git_options.exclude = fs_options.exclude;
    auto& counters = outcome.summary.counters;
    switch (request.git) {
      case GitMode::history:
        outcome.findings = request.state_dir ? scan_git_with_state(scanner, git_options, *request.state_dir,
                                                                   request.all_findings, counters, log, progress)
                                             : scan_git_history(scanner, git_options, counters, log, progress);
        break;
      case GitMode::range:
        outcome.findings = scan_git_range(scanner, git_options, request.git_range, counters, log);
        break;
      case GitMode::staged:
        outcome.findings = scan_git_staged(scanner, git_options, counters, log);
        break;
      case GitMode::none:
        break;
    }
  }
  if (stdin_requested) {
    auto found =
        scan_stream(scanner, STDIN_FILENO, "-", request.include_binary, outcome.summary.counters, log, progress);
    outcome.findings.insert(outcome.findings.end(), std::make_move_iterator(found.begin()),
                            std::make_move_iterator(found.end()));
  }
  if (!file_paths.empty()) {
    const auto roots = work_tree ? roots_in_work_tree(file_paths, *work_tree) : roots_as_given(file_paths);
    auto found = scan_paths(scanner, roots, fs_options, outcome.summary.counters, log, progress);
    outcome.findings.insert(outcome.findings.end(), std::make_move_iterator(found.begin()),
                            std::make_move_iterator(found.end()));
  }
  for (const auto& image : request.images) {
    auto found = scan_image(scanner, image, fs_options, outcome.summary.counters, log, progress);
    outcome.findings.insert(outcome.findings.end(), std::make_move_iterator(found.begin()),
                            std::make_move_iterator(found.end()));
  }
  drop_allowlisted_commits(outcome.findings, rule_set.rules(), config.allow, request.list_suppressed);
  redact_in_messages(outcome.findings);
  outcome.summary.min_confidence =
      request.min_confidence.value_or(config.min_confidence.value_or(default_min_confidence));
  outcome.summary.below_confidence =
      apply_confidence(outcome.findings, outcome.summary.min_confidence, outcome.summary.counters);
  std::sort(outcome.findings.begin(), outcome.findings.end(), finding_less);

  if (request.list_suppressed) {
    // What would have been reported is not: only what something suppressed, and by what.
    ignored.mark(outcome.findings, ".hushignore or .gitleaksignore");
    baseline.mark(outcome.findings, "baseline");
    std::erase_if(outcome.findings, [](const Finding& f) { return f.suppressed_by.empty(); });
  } else {
    outcome.summary.baseline_suppressed = ignored.filter(outcome.findings);
    if (request.rewriting_baseline) outcome.baseline_changes = baseline.changes(outcome.findings);
    else outcome.summary.baseline_suppressed += baseline.filter(outcome.findings);
  }
  outcome.summary.rules_loaded = rule_set.rules().size();
  outcome.summary.source_root = source_root(request, root, request.git != GitMode::none || work_tree.has_value());
  outcome.summary.duration_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  outcome.rules = std::move(rule_set).take_rules();
  outcome.verify_settings = config.verify;
  return outcome;
}

std::size_t apply_confidence(std::vector<Finding>& findings, Confidence min, ScanCounters& counters) {
  std::size_t below = 0;
  std::erase_if(findings, [&](Finding& f) {
    // Listed as suppressed (--list-suppressed): its evidence was never read, its place is the point.
    if (!f.suppressed_by.empty()) return false;
    const std::optional<Confidence> c = decide_confidence(f.evidence, f.path);
    if (!c) {
      ++counters.suppressed;
      return true;
    }
    f.confidence = *c;
    if (f.confidence >= min) return false;
    ++below;
    return true;
  });
  return below;
}

Metrics scan_metrics(const ScanOutcome& outcome) {
  Metrics m;
  const auto& c = outcome.summary.counters;
  m.describe("hush_scan_bytes_total", "counter", "Bytes scanned.");
  m.set("hush_scan_bytes_total", static_cast<double>(c.bytes_scanned));
  m.describe("hush_scan_files_total", "counter", "Files scanned.");
  m.set("hush_scan_files_total", static_cast<double>(c.files_scanned));
  m.describe("hush_scan_files_skipped_total", "counter", "Files not scanned, by reason.");
  m.set("hush_scan_files_skipped_total", static_cast<double>(c.skipped_binary), {{"reason", "binary"}});
  m.set("hush_scan_files_skipped_total", static_cast<double>(c.skipped_size), {{"reason", "size"}});
  m.set("hush_scan_files_skipped_total", static_cast<double>(c.skipped_excluded), {{"reason", "excluded"}});
  m.set("hush_scan_files_skipped_total", static_cast<double>(c.skipped_gitignored), {{"reason", "gitignored"}});
  m.set("hush_scan_files_skipped_total", static_cast<double>(c.unreadable), {{"reason", "unreadable"}});
  m.set("hush_scan_files_skipped_total", static_cast<double>(c.not_fetched), {{"reason", "not_fetched"}});
  m.describe("hush_scan_archives_total", "counter", "Archives opened (nested ones too); their members count as files.");
  m.set("hush_scan_archives_total", static_cast<double>(c.archives));
  m.describe("hush_scan_findings_total", "counter", "Findings reported, by rule.");
  std::map<std::string, double> by_rule;
  for (const auto& r : outcome.rules) by_rule[r.id] = 0;
  for (const auto& f : outcome.findings) by_rule[f.rule_id] += 1;
  for (const auto& [rule, n] : by_rule) m.set("hush_scan_findings_total", n, {{"rule", rule}});
  m.describe("hush_scan_suppressed_total", "counter", "Matches suppressed by filters or the baseline.");
  m.set("hush_scan_suppressed_total", static_cast<double>(c.suppressed), {{"by", "filter"}});
  m.set("hush_scan_suppressed_total", static_cast<double>(outcome.summary.baseline_suppressed), {{"by", "baseline"}});
  m.describe("hush_scan_below_confidence_total", "counter",
             "Findings not reported because they are below the minimum confidence.");
  m.set("hush_scan_below_confidence_total", static_cast<double>(outcome.summary.below_confidence));
  m.describe("hush_scan_rules", "gauge", "Rules loaded.");
  m.set("hush_scan_rules", static_cast<double>(outcome.summary.rules_loaded));
  m.describe("hush_scan_duration_seconds", "gauge", "Wall time of the scan.");
  m.set("hush_scan_duration_seconds", outcome.summary.duration_seconds);
  return m;
}

}  // namespace hush::scanner
