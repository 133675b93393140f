#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>

#include "args.hpp"
#include "commands.hpp"
#include "common_options.hpp"
#include "hush/common/error.hpp"
#include "hush/injector/run_config.hpp"
#include "hush/rules/builtin.hpp"
#include "hush/scanner/archive.hpp"
#include "hush/scanner/config.hpp"
#include "hush/scanner/report.hpp"
#include "hush/scanner/ruleset.hpp"
#include "hush/scanner/scan_job.hpp"
#include "hush/verify/verify.hpp"
#include "progress.hpp"
#include "repository_options.hpp"
#include "version.hpp"

namespace hush::cli {

std::vector<OptionSpec> scan_options() {
  std::vector<OptionSpec> specs = {
      {"git", 'g', false, "",
       "scan the whole Git history of the repository at PATH (default .) or URL (cloned as a mirror)"},
      {"range", 0, true, "BASE..HEAD", "a Git scan of only what the commits in BASE..HEAD add (implies --git)"},
      {"since-commit", 0, true, "BASE", "same as --range BASE..HEAD"},
      {"staged", 0, false, "", "only what the index adds relative to HEAD (pre-commit hook)"},
      {"image", 0, true, "FILE|DIR",
       "scan a container image: a docker or podman save tarball, or an OCI image layout directory (repeatable)"},
      {"all-objects", 0, false, "", "with --git: also unreachable objects"},
      {"keep-going", 0, false, "", "with --git: warn about unreadable objects instead of failing"},
      {"whole-blobs", 0, false, "",
       "with --git: scan every blob whole, not only what a delta changed (slower, same findings)"},
      {"recurse-submodules", 0, false, "", "with --git: also scan the history of every checked-out submodule"},
      {"state", 0, true, "DIR",
       "with --git: remember what was scanned in DIR; later runs scan only new commits and report only new findings"},
      {"all-findings", 0, false, "", "with --state: scan the whole history again and report every finding"},
      {"format", 'f', true, "text|json|jsonl|sarif|junit|csv|html", "report format (default text)"},
      {"output", 'o', true, "FILE", "write the report to FILE instead of stdout"},
      {"reveal", 0, false, "", "include secret values in the report (default: redacted)"},
      {"exclude", 'e', true, "PATTERN",
       "skip paths matching a gitignore PATTERN, e.g. vendor/ or *.min.js (repeatable)"},
      {"threads", 'j', true, "N", "worker threads (default: all cores)"},
      {"max-file-size", 0, true, "SIZE", "skip files larger than SIZE (default 10MiB)"},
      {"max-decode-depth", 0, true, "N",
       "decode base64, hex, %XX and \\ escapes N levels deep and scan the result (default 2, 0: off)"},
      {"max-archive-depth", 0, true, "N",
       "open archives (zip, jar, tar, gz, bz2, xz, zst) N levels deep and scan their members (default 3, 0: off)"},
      {"no-archives", 0, false, "", "scan no archive members (same as --max-archive-depth 0)"},
      {"max-archive-bytes", 0, true, "SIZE",
       "extract at most SIZE from one archive, nested ones included (default 256MiB)"},
      {"max-archive-members", 0, true, "N",
       "read at most N members of one archive, nested ones included (default 100000)"},
      {"max-archive-ratio", 0, true, "N",
       "stop extracting an archive that grows N times its own size: a compression bomb (default 100)"},
      {"gitignore", 0, false, "",
       "in a Git work tree, skip what git ignores (.gitignore, info/exclude, core.excludesFile)"},
      {"no-gitignore", 0, false, "",
       "scan what git ignores too (the default; overrides gitignore = true in .hush.toml)"},
      {"follow-symlinks", 0, false, "", "follow symbolic links"},
      {"include-binary", 0, false, "", "scan files that look binary (contain NUL bytes)"},
      {"baseline", 'b', true, "FILE", "suppress findings listed in an earlier JSON/JSONL report (repeatable)"},
      {"write-baseline", 0, true, "FILE",
       "write current findings as a baseline file and exit 0; with --baseline FILE, update it"},
      {"enable-rule", 0, true, "ID", "scan with only this rule (repeatable; 'hush rules list' names them)"},
      {"ignore-inline-allow", 0, false, "",
       "report findings even on lines marked hush:allow or gitleaks:allow (for CI)"},
      {"list-suppressed", 0, false, "",
       "report only what inline markers, allowlists, .hushignore and baselines suppress, and by what (exit 0)"},
      {"min-confidence", 0, true, "low|medium|high", "report findings of at least this confidence (default medium)"},
      {"summary", 0, false, "", "text report: end with the number of findings per rule"},
      {"exit-code", 0, true, "N", "exit code when findings remain (default 1)"},
      {"verify", 0, false, "", "ask each provider whether a found credential is live (README, Verification)"},
      {"verify-timeout", 0, true, "DURATION", "with --verify: time for all requests together (default 10s)"},
      {"verify-connect-to", 0, true, "HOST:PORT:HOST2:PORT2",
       "with --verify: connections for HOST:PORT go to HOST2:PORT2, as in curl (proxies, tests, mirrors; repeatable)"},
      {"verify-ca-file", 0, true, "FILE",
       "with --verify: trust the CA certificates in FILE (default: the system's, or SSL_CERT_FILE)"},
      {"verify-endpoint", 0, true, "PROVIDER=URL",
       "with --verify: ask PROVIDER at URL (GitHub Enterprise, GitLab self-managed, vault, databricks, grafana; "
       "repeatable)"},
      {"verify-allow-http", 0, false, "",
       "with --verify: accept plain http endpoints, which expose the credentials on the way"},
      {"verify-cache-ttl", 0, true, "DURATION",
       "with --verify: reuse live and invalid verdicts younger than DURATION (default 24h)"},
      {"no-verify-cache", 0, false, "", "with --verify: neither read nor write the verdict cache"},
      {"only-verified", 0, false, "", "with --verify: report only live findings"},
      {"fail-on", 0, true, "live|any",
       "with --verify: exit with findings only for live ones, or for any (default any)"},
      {"metrics-file", 0, true, "FILE", "write Prometheus metrics (text format) to FILE"},
      {"color", 0, true, "auto|always|never", "colour in text reports (default auto: only on a terminal)"},
      {"no-progress", 0, false, "", "never show a progress line"},
      {"no-cache", 0, false, "", "do not read or write the compiled rule cache"},
      {"cache-dir", 0, true, "DIR",
       "directory of the rule cache and the --verify cache (default $XDG_CACHE_HOME/hush)"},
      help_option(),
  };
  for (auto& s : repository_options()) specs.push_back(s);
  for (auto& s : rule_options()) specs.push_back(s);
  for (auto& s : logging_options()) specs.push_back(s);
  return specs;
}

namespace {

bool use_color(const ParsedArgs& args, bool to_stdout) {
  const std::string when = args.value("color").value_or("auto");
  if (when == "always") return true;
  if (when == "never") return false;
  if (when != "auto") throw Error(ErrorKind::usage, "--color must be auto, always or never");
  const char* no_color = std::getenv("NO_COLOR");
  return to_stdout && !(no_color && *no_color) && ::isatty(STDOUT_FILENO);
}

// What the command line says about verification: transport options and defaults, and the
// settings that override the configuration's [verify].
struct VerifyArgs {
  verify::VerifyOptions base;
  scanner::VerifySettings overrides;
};

std::chrono::milliseconds duration_arg(const std::string& name, const std::string& text) {
  const auto duration = injector::parse_duration(text);
  if (!duration) throw Error(ErrorKind::usage, "--" + name + " must be a duration such as 10s, 500ms or 24h");
  return *duration;
}

std::optional<VerifyArgs> verify_args(const ParsedArgs& args) {
  static const char* const needs_verify[] = {"verify-timeout",  "verify-connect-to", "verify-ca-file",
                                             "verify-endpoint", "verify-allow-http", "verify-cache-ttl",
                                             "no-verify-cache", "only-verified",     "fail-on"};
  if (!args.has("verify")) {
    for (const char* name : needs_verify)
      if (args.has(name)) throw Error(ErrorKind::usage, std::string("--") + name + " needs --verify");
    return std::nullopt;
  }
  VerifyArgs out;
  if (auto t = args.value("verify-timeout")) {
    out.overrides.timeout = duration_arg("verify-timeout", *t);
    if (out.overrides.timeout->count() <= 0)
      throw Error(ErrorKind::usage, "--verify-timeout must be a duration above 0, such as 10s");
  }
  out.base.connect_to = args.values("verify-connect-to");
  for (const auto& entry : out.base.connect_to)
    if (std::count(entry.begin(), entry.end(), ':') != 3)
      throw Error(ErrorKind::usage, "--verify-connect-to takes HOST:PORT:HOST2:PORT2, not '" + entry + "'");
  if (auto ca = args.value("verify-ca-file")) out.base.ca_file = *ca;
  else if (const char* env = std::getenv("SSL_CERT_FILE"); env && *env) out.base.ca_file = env;
  // Vault's own variable names its server, as for `hush run`; a given endpoint wins.
  if (const char* vault = std::getenv("VAULT_ADDR"); vault && *vault) out.base.endpoints["vault"] = vault;
  for (const auto& entry : args.values("verify-endpoint")) {
    const auto eq = entry.find('=');
    if (eq == 0 || eq == std::string::npos || eq + 1 == entry.size())
      throw Error(ErrorKind::usage,
                  "--verify-endpoint takes PROVIDER=URL, such as github=https://github.example.com/api/v3");
    // Checked here too, so that a wrong one stops the run before the scan.
    (void)verify::checked_endpoint(entry.substr(0, eq), entry.substr(eq + 1), args.has("verify-allow-http"));
    out.overrides.endpoints[entry.substr(0, eq)] = entry.substr(eq + 1);
  }
  out.overrides.allow_http_endpoints = args.has("verify-allow-http");
  if (auto ttl = args.value("verify-cache-ttl")) out.overrides.cache_ttl = duration_arg("verify-cache-ttl", *ttl);
  if (args.has("no-verify-cache")) out.overrides.cache = false;
  if (auto d = args.value("cache-dir")) out.base.cache_dir = *d;
  else out.base.cache_dir = scanner::default_cache_dir();
  return out;
}

std::string human_bytes(std::uint64_t n) {
  char buf[32];
  if (n >= (1ull << 30)) std::snprintf(buf, sizeof buf, "%.1f GiB", static_cast<double>(n) / (1ull << 30));
  else std::snprintf(buf, sizeof buf, "%.1f MiB", static_cast<double>(n) / (1ull << 20));
  return buf;
}

void write_text_file(const std::string& path, const std::string& text) {
  std::ofstream f(path, std::ios::binary | std::ios::trunc);
  if (!f) throw Error(ErrorKind::runtime, "cannot write " + path);
  f << text;
  if (!f) throw Error(ErrorKind::runtime, "cannot write " + path);
}

constexpr const char* scan_usage =
    "usage: hush scan [options] [PATH...]\n\nScans files and directories (default: .), or standard input\n"
    "when PATH is -; with --git the history of a repository, local or at a URL; with\n"
    "--repos several. Exit codes: 0 clean, 1 findings, 2 usage or configuration error,\n"
    "3 runtime error (or a repository not scanned).\n\noptions:\n";

}  // namespace

int run_scan_command(const std::vector<std::string>& raw, LogFormat& failure_format) {
  const auto specs = scan_options();
  const ParsedArgs args = parse_command_args(raw, specs, failure_format);
  if (args.has("help")) return print_help(scan_usage, specs);
  auto log = make_logger(args);

  scanner::ScanRequest request;
  request.paths = args.positional;
  request.images = args.values("image");
  const bool range = args.has("range") || args.has("since-commit");
  if (args.has("range") && args.has("since-commit"))
    throw Error(ErrorKind::usage, "--range and --since-commit are alternatives");
  // A commit range can only be a Git scan: --range says --git by itself.
  const bool git = args.has("git") || range;
  if (args.has("staged") && git) throw Error(ErrorKind::usage, "--staged and --git (or --range) are alternatives");
  const auto repositories = repository_request(args, git, *log);
  // A list of repositories is a Git scan of each, as --git is of one.
  const bool git_scan = git || repositories;
  if ((args.has("all-objects") || args.has("keep-going") || args.has("whole-blobs") ||
       args.has("recurse-submodules")) &&
      !git_scan)
    throw Error(ErrorKind::usage, "--all-objects, --keep-going, --whole-blobs and --recurse-submodules need --git");
  if ((git_scan || args.has("staged")) && args.has("image"))
    throw Error(ErrorKind::usage, "--image and a Git scan are alternatives");
  if (repositories && args.has("staged"))
    throw Error(ErrorKind::usage, "--staged scans the local index, not a list of repositories");
  if (git_scan || args.has("staged")) {
    if (!repositories && request.paths.size() > 1)
      throw Error(ErrorKind::usage, "a Git scan takes one repository path");
    if (!repositories && request.paths.empty()) request.paths.push_back(".");
    request.git = args.has("staged") ? scanner::GitMode::staged
                  : range            ? scanner::GitMode::range
                                     : scanner::GitMode::history;
    if (auto r = args.value("range")) request.git_range = *r;
    if (auto s = args.value("since-commit")) request.git_range = *s + "..HEAD";
    if (request.git == scanner::GitMode::range && args.has("all-objects"))
      throw Error(ErrorKind::usage, "--all-objects applies to whole-history scans, not ranges");
  }
  request.all_objects = args.has("all-objects");
  request.keep_going = args.has("keep-going");
  request.whole_blobs = args.has("whole-blobs");
  request.recurse_submodules = args.has("recurse-submodules");
  if (auto state = args.value("state")) {
    if (request.git != scanner::GitMode::history)
      throw Error(ErrorKind::usage, "--state works with --git (a whole-history scan), not with --range or --staged");
    if (args.has("all-objects"))
      throw Error(ErrorKind::usage, "--state keeps track of commits: it does not combine with --all-objects");
    request.state_dir = *state;
  }
  if (args.has("all-findings") && !request.state_dir) throw Error(ErrorKind::usage, "--all-findings needs --state");
  request.all_findings = args.has("all-findings");
  request.inline_allow = !args.has("ignore-inline-allow");
  request.list_suppressed = args.has("list-suppressed");
  if (request.list_suppressed && (args.has("write-baseline") || args.has("ignore-inline-allow") || args.has("verify")))
    throw Error(ErrorKind::usage,
                "--list-suppressed shows suppressions: it does not combine with --write-baseline, "
                "--ignore-inline-allow or --verify");
  request.collect_partners = args.has("verify") && !args.has("write-baseline");
  request.enabled_rules = args.values("enable-rule");
  request.rule_paths = args.values("rules");
  request.config_path = args.value("config");
  // The variables name the configuration when --config does not: hush's own (the file `hush run`
  // reads too), then gitleaks' as gitleaks reads it.
  for (const char* variable : {"HUSH_CONFIG", "GITLEAKS_CONFIG"})
    if (const char* value = std::getenv(variable); !request.config_path && value && *value) request.config_path = value;
  request.exclude = args.values("exclude");
  if (auto t = args.value("threads")) {
    const unsigned n = parse_unsigned_arg("threads", *t, 1024);
    if (n > 0) request.threads = n;
  }
  if (auto s = args.value("max-file-size")) request.max_file_size = parse_size_arg("max-file-size", *s);
  if (auto d = args.value("max-decode-depth"))
    request.max_decode_depth = parse_unsigned_arg("max-decode-depth", *d, scanner::max_decode_depth_limit);
  if (args.has("no-archives") && args.has("max-archive-depth"))
    throw Error(ErrorKind::usage, "--no-archives and --max-archive-depth are alternatives");
  if (args.has("no-archives")) request.max_archive_depth = 0;
  if (auto d = args.value("max-archive-depth"))
    request.max_archive_depth = parse_unsigned_arg("max-archive-depth", *d, scanner::max_archive_depth_limit);
  if (auto b = args.value("max-archive-bytes")) request.max_archive_bytes = parse_size_arg("max-archive-bytes", *b);
  const auto at_least_one = [&](const char* option) -> std::optional<std::uint64_t> {
    const auto text = args.value(option);
    if (!text) return std::nullopt;
    const unsigned n = parse_unsigned_arg(option, *text, 1u << 30);
    if (n == 0) throw Error(ErrorKind::usage, std::string("--") + option + " must be at least 1");
    return n;
  };
  request.max_archive_members = at_least_one("max-archive-members");
  request.max_archive_ratio = at_least_one("max-archive-ratio");
  if (args.has("gitignore") && args.has("no-gitignore"))
    throw Error(ErrorKind::usage, "--gitignore and --no-gitignore contradict each other");
  if (args.has("gitignore")) request.respect_gitignore = true;
  if (args.has("no-gitignore")) request.respect_gitignore = false;
  request.follow_symlinks = args.has("follow-symlinks");
  request.include_binary = args.has("include-binary");
  request.baseline_paths = args.values("baseline");
  request.rewriting_baseline = args.has("write-baseline");
  if (auto level = args.value("min-confidence")) {
    request.min_confidence = scanner::parse_confidence(*level);
    if (!request.min_confidence) throw Error(ErrorKind::usage, "--min-confidence must be low, medium or high");
  }
  request.use_cache = !args.has("no-cache");
  if (auto d = args.value("cache-dir")) request.cache_dir = *d;

  const std::string format_name = args.value("format").value_or("text");
  const auto format = scanner::parse_report_format(format_name);
  if (!format) throw Error(ErrorKind::usage, "--format must be text, json, jsonl, sarif, junit, csv or html");
  const auto verification = verify_args(args);
  const std::string fail_on = args.value("fail-on").value_or("any");
  if (fail_on != "any" && fail_on != "live") throw Error(ErrorKind::usage, "--fail-on must be live or any");
  int findings_exit = exit_findings;
  if (auto e = args.value("exit-code")) findings_exit = static_cast<int>(parse_unsigned_arg("exit-code", *e, 125));

  std::vector<scanner::Rule> builtin =
      args.has("no-builtin-rules") ? std::vector<scanner::Rule>{} : rules::builtin_rules();

  scanner::ScanProgress progress;
  const bool show_progress = !args.has("no-progress") && !args.has("quiet") && ProgressLine::should_show(stderr);
  ProgressLine progress_line(show_progress, [&progress] {
    return "hush: scanning · " + std::to_string(progress.files.load()) + " files · " +
           human_bytes(progress.bytes.load());
  });
  scanner::ScanOutcome outcome = repositories
                                     ? scanner::scan_repositories(*repositories, request, builtin, *log, &progress)
                                     : scanner::run_scan(request, std::move(builtin), *log, &progress);
  progress_line.stop();

  if (verification && !args.has("write-baseline")) {
    const auto options = verify::configure(verification->base, outcome.verify_settings, verification->overrides, *log);
    const auto counts = verify::verify_findings(outcome.findings, outcome.rules, options, *log);
    log->info("verification done", {{"requests", std::to_string(counts.requests)},
                                    {"cached", std::to_string(counts.cached)},
                                    {"live", std::to_string(counts.live)},
                                    {"invalid", std::to_string(counts.invalid)},
                                    {"unknown", std::to_string(counts.unknown)},
                                    {"error", std::to_string(counts.error)}});
    if (args.has("only-verified")) verify::keep_live(outcome.findings);
  }

  if (auto metrics_path = args.value("metrics-file")) scanner::scan_metrics(outcome).write_file(*metrics_path);

  scanner::ReportOptions options;
  options.reveal = args.has("reveal");
  options.tool_version = version;
  options.information_uri = project_url;

  if (auto baseline_path = args.value("write-baseline")) {
    std::ostringstream report;
    scanner::ReportOptions baseline_options;
    baseline_options.tool_version = version;
    scanner::write_report(scanner::ReportFormat::json, outcome.findings, outcome.rules, outcome.summary,
                          baseline_options, report);
    write_text_file(*baseline_path, report.str());
    if (!args.has("quiet")) {
      std::fprintf(stderr, "hush: wrote %zu finding(s) to baseline %s\n", outcome.findings.size(),
                   baseline_path->c_str());
      if (!request.baseline_paths.empty() && outcome.baseline_changes)
        scanner::write_baseline_changes(*outcome.baseline_changes, std::cerr);
    }
    return exit_clean;
  }

  const auto output_path = args.value("output");
  options.color = *format == scanner::ReportFormat::text && use_color(args, !output_path);
  options.summary = !args.has("quiet");
  options.rule_summary = args.has("summary");
  if (output_path) {
    std::ostringstream report;
    scanner::write_report(*format, outcome.findings, outcome.rules, outcome.summary, options, report);
    write_text_file(*output_path, report.str());
    // The report went to a file: the console still hears how the scan ended, unless -q.
    if (!args.has("quiet"))
      std::fprintf(stderr, "hush: %s (report: %s)\n", scanner::summary_line(outcome.findings, outcome.summary).c_str(),
                   output_path->c_str());
  } else {
    scanner::write_report(*format, outcome.findings, outcome.rules, outcome.summary, options, std::cout);
    std::cout.flush();
    if (!std::cout) throw Error(ErrorKind::runtime, "cannot write the report to standard output");
  }
  // A listing of suppressions is an answer, not a gate.
  const bool failing =
      !request.list_suppressed && (fail_on == "live" ? verify::any_live(outcome.findings) : !outcome.findings.empty());
  if (failing) return findings_exit;
  // Nothing found in what could be read is not "nothing found": the report says what was not.
  return outcome.summary.counters.incomplete() ? exit_runtime : exit_clean;
}

}  // namespace hush::cli
