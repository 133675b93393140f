#include "inject_options.hpp"

#include "hush/common/error.hpp"
#include "hush/common/file.hpp"
#include "hush/common/text.hpp"

extern char** environ;  // NOLINT(readability-redundant-declaration): POSIX requires the program to declare it

namespace hush::cli {
namespace {

std::vector<std::pair<std::string, std::string>> environment_pairs() {
  std::vector<std::pair<std::string, std::string>> out;
  for (char** e = environ; *e != nullptr; ++e) {
    const std::string_view entry(*e);
    const auto eq = entry.find('=');
    if (eq != std::string_view::npos && eq > 0)
      out.emplace_back(std::string(entry.substr(0, eq)), std::string(entry.substr(eq + 1)));
  }
  return out;
}

}  // namespace

std::vector<OptionSpec> source_options() {
  return {
      {"config", 'c', true, "FILE", "hush.toml with [env], [[from]], [run] and store settings (default: $HUSH_CONFIG)"},
      {"from", 0, true, "SOURCE",
       "import every secret under vault:PATH, ssm:/PATH/[?recursive], secretsmanager:NAME or file:F.ejson "
       "(repeatable)"},
      {"env-file", 0, true, "FILE", "read NAME=VALUE lines (values may be references) from a .env file (repeatable)"},
      {"env", 'e', true, "NAME=VALUE", "set a variable; VALUE may be a reference (repeatable)"},
      {"precedence", 0, true, "error|first|last", "when two sources set one variable (default error)"},
      {"allow-missing", 0, false, "", "start even when references fail (the variables are left out)"},
      {"allow-missing-var", 0, true, "NAME", "let this variable's reference fail (repeatable)"},
      {"pass-auth-env", 0, false, "", "pass hush's own credentials (VAULT_TOKEN, AWS keys, ...) to the child"},
      {"overwrite-env", 0, false, "", "let --from imports replace variables hush inherited (PATH, HOME, ...)"},
      {"timeout", 0, true, "DURATION", "give up resolving after this long, retrying transient failures (default 30s)"},
  };
}

void split_command_line(const std::vector<std::string>& args, const std::vector<OptionSpec>& specs,
                        std::vector<std::string>& own, std::vector<std::string>& command) {
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "--") {
      command.assign(args.begin() + static_cast<long>(i) + 1, args.end());
      return;
    }
    if (a.size() < 2 || a[0] != '-') {
      command.assign(args.begin() + static_cast<long>(i), args.end());
      return;
    }
    own.push_back(a);
    if (a.find('=') != std::string::npos) continue;
    bool takes_value = false;
    for (const auto& s : specs) {
      const bool long_match = a.starts_with("--") && a.substr(2) == s.name;
      const bool short_match = a.size() == 2 && s.short_name != 0 && a[1] == s.short_name;
      if (long_match || short_match) takes_value = s.takes_value;
    }
    if (takes_value && i + 1 < args.size()) own.push_back(args[++i]);
  }
}

InjectSetup prepare_injection(const ParsedArgs& args, Logger& log) {
  InjectSetup setup;
  const auto env = environment_pairs();
  std::optional<std::string> config_path = args.value("config");
  if (!config_path) {
    for (const auto& [k, v] : env)
      if (k == "HUSH_CONFIG" && !v.empty()) config_path = v;
  }
  if (config_path) setup.config = injector::load_run_config(*config_path);
  auto& run = setup.config.run;
  if (auto p = args.value("precedence")) {
    if (*p == "error") run.precedence = injector::Precedence::error;
    else if (*p == "first") run.precedence = injector::Precedence::first_wins;
    else if (*p == "last") run.precedence = injector::Precedence::last_wins;
    else throw Error(ErrorKind::usage, "--precedence must be error, first or last");
  }
  if (args.has("allow-missing")) run.allow_missing_all = true;
  for (const auto& name : args.values("allow-missing-var")) run.allow_missing.insert(name);
  if (args.has("pass-auth-env")) run.pass_auth_env = true;
  if (args.has("overwrite-env")) run.overwrite_env = true;
  if (auto t = args.value("timeout")) {
    const auto d = injector::parse_duration(*t);
    if (!d) throw Error(ErrorKind::usage, "--timeout must be a duration such as 30s or 2m");
    run.timeout = *d;
  }

  auto& spec = setup.spec;
  // hush's own credentials are withheld from the child unless asked: then the plan that lives as
  // long as the child need not hold a copy of them either.
  for (const auto& [name, value] : env)
    if (run.pass_auth_env || !injector::is_auth_variable(name)) spec.inherited.emplace_back(name, value);
  spec.declared = setup.config.env;
  for (const auto& file : args.values("env-file")) {
    auto entries = injector::parse_env_file(read_config_file(file), file);
    spec.declared.insert(spec.declared.end(), entries.begin(), entries.end());
  }
  for (const auto& assignment : args.values("env")) {
    const auto eq = assignment.find('=');
    if (eq == std::string::npos || eq == 0) throw Error(ErrorKind::usage, "--env expects NAME=VALUE");
    injector::require_variable_name(std::string_view(assignment).substr(0, eq), "--env");
    spec.declared.emplace_back(assignment.substr(0, eq), assignment.substr(eq + 1));
  }
  spec.bulk = setup.config.from;
  for (const auto& source : args.values("from")) spec.bulk.push_back(injector::parse_bulk_source(source));
  spec.precedence = run.precedence;
  spec.allow_missing_all = run.allow_missing_all;
  spec.allow_missing = run.allow_missing;
  spec.pass_auth_env = run.pass_auth_env;
  spec.overwrite_env = run.overwrite_env;

  injector::StoreSettings settings{setup.config.vault, setup.config.aws, setup.config.file, {}};
  for (const auto& [k, v] : env) settings.environment[k] = v;
  setup.stores = injector::make_store_provider(std::move(settings), log);
  return setup;
}

}  // namespace hush::cli
