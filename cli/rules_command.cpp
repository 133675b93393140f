#include <algorithm>
#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>

#include "args.hpp"
#include "commands.hpp"
#include "common_options.hpp"
#include "hush/common/error.hpp"
#include "hush/common/text.hpp"
#include "hush/rules/builtin.hpp"
#include "hush/scanner/config.hpp"
#include "hush/scanner/rule_tests.hpp"
#include "hush/scanner/ruleset.hpp"

namespace hush::cli {

std::vector<OptionSpec> rules_options() {
  std::vector<OptionSpec> specs = rule_options();
  specs.push_back({"format", 'f', true, "text|json", "output format of 'rules list' (default text)"});
  specs.push_back({"no-cache", 0, false, "", "do not read or write the compiled rule cache"});
  return with_help_and_logging(std::move(specs));
}

namespace {

std::vector<scanner::Rule> selected_rules(const ParsedArgs& args, Logger& log) {
  scanner::Config config;
  if (auto c = args.value("config")) config = scanner::load_config_file(*c, log);
  std::vector<scanner::Rule> extra;
  for (const auto& p : args.values("rules")) {
    auto more = scanner::load_rules_path(p);
    extra.insert(extra.end(), more.begin(), more.end());
  }
  auto builtin = args.has("no-builtin-rules") ? std::vector<scanner::Rule>{} : rules::builtin_rules_with_examples();
  return scanner::assemble_rules(std::move(builtin), config, extra, log);
}

int list_rules(const ParsedArgs& args, Logger& log) {
  const auto rules = selected_rules(args, log);
  const std::string format = args.value("format").value_or("text");
  if (format == "json") {
    nlohmann::ordered_json out = nlohmann::ordered_json::array();
    for (const auto& r : rules)
      out.push_back(
          {{"id", r.id},
           {"name", r.name},
           {"severity", scanner::severity_name(r.severity)},
           {"family", r.family},
           {"validator", r.validator.empty() ? nlohmann::ordered_json() : nlohmann::ordered_json(r.validator)},
           {"verify", r.verify.empty() ? nlohmann::ordered_json()
                                       : nlohmann::ordered_json(r.verify.method + " " + r.verify.url)}});
    std::cout << out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    return exit_clean;
  }
  if (format != "text") throw Error(ErrorKind::usage, "--format must be text or json");
  // Columns as wide as their longest value, so a custom rule's long id or family keeps them aligned.
  int id_width = 2, family_width = 6;
  for (const auto& r : rules) {
    id_width = std::max(id_width, static_cast<int>(r.id.size()));
    family_width = std::max(family_width, static_cast<int>(r.family.size()));
  }
  std::printf("%-*s %-9s %-*s %s\n", id_width, "ID", "SEVERITY", family_width, "FAMILY", "NAME");
  for (const auto& r : rules)
    std::printf("%-*s %-9s %-*s %s\n", id_width, r.id.c_str(), scanner::severity_name(r.severity), family_width,
                r.family.c_str(), r.name.c_str());
  std::printf("%zu rule(s)\n", rules.size());
  return exit_clean;
}

int explain_rule(const ParsedArgs& args, Logger& log) {
  if (args.positional.size() != 2) throw Error(ErrorKind::usage, "usage: hush rules explain ID");
  const auto rules = selected_rules(args, log);
  for (const auto& r : rules) {
    if (r.id != args.positional[1]) continue;
    std::printf("id:          %s\nname:        %s\nfamily:      %s\nseverity:    %s\n", r.id.c_str(), r.name.c_str(),
                r.family.c_str(), scanner::severity_name(r.severity));
    if (!r.description.empty()) std::printf("description: %s\n", r.description.c_str());
    std::printf("regex:       %s\nsecret group: %u\n", r.regex.c_str(), r.secret_group);
    if (r.entropy) std::printf("min entropy: %.2f bits/byte\n", *r.entropy);
    if (r.entropy_margin)
      std::printf("entropy margin: %.2f bits below random strings of the same shape\n", *r.entropy_margin);
    if (!r.path.empty()) std::printf("%s %s\n", r.path_only ? "files:      " : "only paths: ", r.path.c_str());
    if (!r.validator.empty()) std::printf("validator:   %s\n", r.validator.c_str());
    if (!r.verify.empty())
      std::printf("verify:      %s %s (with --verify)\n", r.verify.method.c_str(), r.verify.url.c_str());
    for (const auto& k : r.keywords) std::printf("keyword:     %s\n", k.c_str());
    for (const auto& p : r.allow.paths) std::printf("allow path:  %s\n", p.c_str());
    for (const auto& p : r.allow.regexes) std::printf("allow regex: %s\n", p.c_str());
    for (const auto& p : r.allow.stopwords) std::printf("stopword:    %s\n", p.c_str());
    std::printf("defined at:  %s:%ld\nexamples:    %zu, negative examples: %zu\n", r.source_file.c_str(), r.source_line,
                r.examples.size(), r.negative_examples.size());
    return exit_clean;
  }
  std::vector<std::string> ids;
  for (const auto& r : rules) ids.push_back(r.id);
  const auto match = closest_match(args.positional[1], ids);
  throw Error(ErrorKind::usage, "no rule with id '" + args.positional[1] + "'" +
                                    (match ? " (did you mean '" + *match + "'?)" : " (see 'hush rules list')"));
}

int test_rules(const ParsedArgs& args, Logger& log) {
  scanner::RuleSetOptions options;
  if (!args.has("no-cache")) options.cache_dir = scanner::default_cache_dir();
  const auto set = scanner::RuleSet::build(selected_rules(args, log), options, log);
  const auto report = scanner::test_rules(set);
  for (const auto& f : report.failures)
    std::printf("FAIL %s (%s): %s\n", f.rule_id.c_str(), f.where.c_str(), f.problem.c_str());
  for (const auto& id : report.missing_examples)
    std::printf("FAIL %s: needs at least one example and one negative example\n", id.c_str());
  const std::size_t failed = report.failures.size() + report.missing_examples.size();
  std::printf("%zu rules, %zu examples, %zu negative examples: %zu passed, %zu failed\n", report.rules, report.examples,
              report.negative_examples, report.examples + report.negative_examples - report.failures.size(), failed);
  return failed == 0 ? exit_clean : exit_findings;
}

}  // namespace

int run_rules_command(const std::vector<std::string>& raw, LogFormat& failure_format) {
  const auto specs = rules_options();
  const ParsedArgs args = parse_command_args(raw, specs, failure_format);
  if (args.has("help") || args.positional.empty()) {
    std::cout << "usage: hush rules list|test|explain ID [options]\n\noptions:\n" << format_options(specs);
    return args.has("help") ? exit_clean : exit_usage;
  }
  auto log = make_logger(args);
  const std::string& sub = args.positional[0];
  if (sub == "list") return list_rules(args, *log);
  if (sub == "explain") return explain_rule(args, *log);
  if (sub == "test") return test_rules(args, *log);
  throw Error(ErrorKind::usage, "unknown rules subcommand '" + sub + "' (list, test, explain)" +
                                    did_you_mean(sub, {"list", "test", "explain"}));
}

}  // namespace hush::cli
