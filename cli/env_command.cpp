// `hush env`: show what `hush run` would inject, values masked unless --reveal.
// `hush get REF`: print one secret (for scripts; the value goes to stdout only).
#include <unistd.h>

#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>

#include "args.hpp"
#include "commands.hpp"
#include "common_options.hpp"
#include "hush/common/error.hpp"
#include "hush/common/secret.hpp"
#include "hush/injector/environment.hpp"
#include "hush/injector/reference.hpp"
#include "hush/vault_client/store_error.hpp"
#include "inject_options.hpp"

namespace hush::cli {
namespace {

constexpr std::string_view masked = "******";

std::string shell_quote(std::string_view value) {
  std::string out = "'";
  for (char c : value) {
    if (c == '\'') out += "'\\''";
    else out += c;
  }
  return out + "'";
}

std::string dotenv_quote(std::string_view value) {
  std::string out = "\"";
  for (char c : value) {
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

constexpr const char* env_usage =
    "usage: hush env [options]\n\nResolves every reference and bulk import exactly as 'hush run' would, "
    "and prints the\n"
    "variables hush sets. Secret values are masked unless --reveal.\n\noptions:\n";

constexpr const char* get_usage =
    "usage: hush get REFERENCE\n\nPrints one secret, e.g. hush get vault://secret/app#password\n\noptions:\n";

}  // namespace

std::vector<OptionSpec> env_options() {
  auto specs = source_options();
  specs.push_back({"format", 'f', true, "dotenv|json|shell", "output format (default dotenv)"});
  specs.push_back({"reveal", 0, false, "", "print secret values instead of ******"});
  specs.push_back({"all", 'a', false, "", "include inherited variables, not only those hush sets"});
  return with_help_and_logging(std::move(specs));
}

std::vector<OptionSpec> get_options() {
  // One reference and no child: only where the stores' settings come from and how long to try.
  std::vector<OptionSpec> specs;
  for (auto& s : source_options())
    if (s.name == "config" || s.name == "timeout") specs.push_back(std::move(s));
  specs.front().help = "hush.toml with store settings (default: $HUSH_CONFIG)";
  return with_help_and_logging(std::move(specs));
}

int run_env_command(const std::vector<std::string>& raw, LogFormat& failure_format) {
  const auto specs = env_options();
  const ParsedArgs args = parse_command_args(raw, specs, failure_format);
  if (args.has("help")) return print_help(env_usage, specs);
  if (!args.positional.empty()) throw Error(ErrorKind::usage, "unexpected argument '" + args.positional[0] + "'");
  const std::string format = args.value("format").value_or("dotenv");
  if (format != "dotenv" && format != "json" && format != "shell")
    throw Error(ErrorKind::usage, "--format must be dotenv, json or shell");
  auto log = make_logger(args);
  auto setup = prepare_injection(args, *log);
  const auto deadline = injector::Clock::now() + setup.config.run.timeout;
  const auto env = injector::resolve_environment(setup.spec, *setup.stores, deadline);
  for (const auto& w : env.warnings) log->warn("allowed to be missing: " + w);

  const bool reveal = args.has("reveal");
  nlohmann::ordered_json json = nlohmann::ordered_json::object();
  std::size_t unprintable = 0;
  for (const auto& entry : env.entries) {
    if (entry.origin == "inherited" && !args.has("all")) continue;
    // Names hush sets are checked where they are set; an inherited one may be anything, and
    // printed as it is it could run a command when the output is evaluated.
    if (!injector::is_valid_variable_name(entry.name)) {
      ++unprintable;
      continue;
    }
    const std::string_view value = entry.secret && !reveal ? masked : entry.value.view();
    if (format == "json") {
      json[entry.name] = std::string(value);
    } else {
      const std::string line = (format == "shell" ? "export " + entry.name + "=" + shell_quote(value)
                                                  : entry.name + "=" + dotenv_quote(value)) +
                               "\n";
      std::fwrite(line.data(), 1, line.size(), stdout);
    }
  }
  if (format == "json") std::cout << json.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
  if (unprintable > 0)
    log->warn("left out inherited variables whose names are not valid variable names",
              {{"count", std::to_string(unprintable)}});
  return exit_clean;
}

int run_get_command(const std::vector<std::string>& raw, LogFormat& failure_format) {
  const auto specs = get_options();
  const ParsedArgs args = parse_command_args(raw, specs, failure_format);
  if (args.has("help")) return print_help(get_usage, specs);
  if (args.positional.size() != 1) return print_usage_error(get_usage, specs);
  const auto ref = injector::parse_reference(args.positional[0]);
  if (!ref)
    throw Error(ErrorKind::usage, "'" + args.positional[0] +
                                      "' is not a secret reference (vault://, ssm://, secretsmanager://, file://)");
  auto log = make_logger(args);
  auto setup = prepare_injection(args, *log);
  const auto deadline = injector::Clock::now() + setup.config.run.timeout;
  injector::FetchedValue fetched;
  try {
    fetched = setup.stores->store(ref->backend).read(*ref, deadline);
  } catch (const vault_client::StoreError& e) {
    throw Error(ErrorKind::runtime, ref->text + ": " + vault_client::failure_name(e.failure()) + ": " + e.what());
  }
  std::fwrite(fetched.value.data(), 1, fetched.value.size(), stdout);
  if (isatty(STDOUT_FILENO) != 0) std::fputc('\n', stdout);
  return exit_clean;
}

}  // namespace hush::cli
