#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>

#include "args.hpp"
#include "commands.hpp"
#include "common_options.hpp"
#include "hush/common/error.hpp"
#include "hush/scanner/report.hpp"
#include "hush/scanner/report_merge.hpp"
#include "version.hpp"

namespace hush::cli {

std::vector<OptionSpec> report_options() {
  return with_help_and_logging({
      {"format", 'f', true, "json|jsonl|sarif|junit|csv|html|text", "format of the merged report (default json)"},
      {"output", 'o', true, "FILE", "write the merged report to FILE instead of stdout"},
      {"reveal", 0, false, "", "keep secret values the input reports reveal (default: redacted)"},
      {"exit-code", 0, true, "N", "exit code when the merged report has findings (default 1)"},
  });
}

namespace {

constexpr const char* report_usage =
    "usage: hush report merge [options] REPORT...\n\nMerges JSON or JSON Lines reports of hush scan (the "
    "shards of one run) into one,\n"
    "each occurrence once (same fingerprint, repository, commit, path and line), the\n"
    "summaries added up. Exit codes as hush scan's: 0 clean, 1 findings, 2 usage or\n"
    "configuration error, 3 a report says part of its input was not scanned.\n\noptions:\n";

}  // namespace

int run_report_command(const std::vector<std::string>& raw, LogFormat& failure_format) {
  const auto specs = report_options();
  const ParsedArgs args = parse_command_args(raw, specs, failure_format);
  if (args.has("help")) return print_help(report_usage, specs);
  if (args.positional.empty() || args.positional.front() != "merge")
    throw Error(ErrorKind::usage, "usage: hush report merge [-f FORMAT] [-o FILE] REPORT...");
  if (args.positional.size() < 2) throw Error(ErrorKind::usage, "hush report merge needs at least one report");
  const auto format = scanner::parse_report_format(args.value("format").value_or("json"));
  if (!format) throw Error(ErrorKind::usage, "--format must be json, jsonl, sarif, junit, csv, html or text");
  int findings_exit = exit_findings;
  if (auto e = args.value("exit-code")) findings_exit = static_cast<int>(parse_unsigned_arg("exit-code", *e, 125));

  scanner::ReportMerger merger;
  for (std::size_t i = 1; i < args.positional.size(); ++i) merger.add_file(args.positional[i]);
  const scanner::MergedReport merged = std::move(merger).finish();

  scanner::ReportOptions options;
  options.reveal = args.has("reveal");
  options.tool_version = version;
  options.information_uri = project_url;
  // SARIF's driver lists the rules the findings name (RuleTable adds each one it meets).
  const std::vector<scanner::Rule> no_rules;
  std::ostringstream report;
  scanner::write_report(*format, merged.findings, no_rules, merged.summary, options, report);
  if (auto path = args.value("output")) {
    std::ofstream f(*path, std::ios::binary | std::ios::trunc);
    f << report.str();
    if (!f) throw Error(ErrorKind::runtime, "cannot write " + *path);
  } else {
    std::cout << report.str();
    std::cout.flush();
    if (!std::cout) throw Error(ErrorKind::runtime, "cannot write the report to standard output");
  }
  if (!args.has("quiet"))
    std::fprintf(stderr, "hush: merged %zu report(s): %zu finding(s), %zu duplicate(s) dropped\n", merged.reports,
                 merged.findings.size(), merged.duplicates);
  if (!merged.findings.empty()) return findings_exit;
  return merged.summary.counters.incomplete() ? exit_runtime : exit_clean;
}

}  // namespace hush::cli
