// `hush run [options] [--] CMD [ARGS...]`: parses options into a RunPlan for the injector.
#include <iostream>

#include "args.hpp"
#include "commands.hpp"
#include "common_options.hpp"
#include "hush/common/error.hpp"
#include "hush/injector/runner.hpp"
#include "inject_options.hpp"

namespace hush::cli {

std::vector<OptionSpec> run_options() {
  auto specs = source_options();
  const std::vector<OptionSpec> own = {
      {"refresh", 0, true, "DURATION",
       "re-fetch every secret this often (e.g. 5m); leases are renewed on their own schedule"},
      {"on-change", 0, true, "restart|signal:SIG|none",
       "what to do when a refresh really changed the environment (default restart)"},
      {"stop-signal", 0, true, "SIG", "signal that asks the child to stop before a restart (default TERM)"},
      {"grace-period", 0, true, "DURATION", "wait this long after the stop signal before SIGKILL (default 10s)"},
      {"debounce", 0, true, "DURATION", "let a changed secret settle this long before acting (default 2s)"},
      {"mask-output", 0, false, "", "replace injected values (6+ characters) in the child's stdout/stderr with ******"},
      {"exec", 0, false, "", "replace hush with the command (no supervision, refresh or masking)"},
      {"signal-group", 0, false, "", "run the child in its own process group and signal the whole group"},
      {"revoke-on-exit", 0, false, "", "revoke dynamic-secret leases when the child ends"},
      {"metrics-addr", 0, true, "HOST:PORT", "serve Prometheus metrics at http://HOST:PORT/metrics while running"},
  };
  specs.insert(specs.end(), own.begin(), own.end());
  return with_help_and_logging(std::move(specs));
}

namespace {

constexpr const char* run_usage =
    "usage: hush run [options] [--] CMD [ARGS...]\n"
    "\n"
    "Resolves secret references in the environment, hush.toml and --env-file, imports --from sources,\n"
    "then runs CMD with the result and supervises it (signals forwarded, zombies reaped, exit code\n"
    "passed through). If any reference fails, CMD is never started.\n"
    "\n"
    "references: vault://MOUNT/PATH#KEY[?version=N]  ssm:///NAME  secretsmanager://NAME[#JSON.KEY]\n"
    "            file://PATH.ejson#KEY\n"
    "\noptions:\n";

std::chrono::milliseconds duration_arg(const ParsedArgs& args, const std::string& name,
                                       std::chrono::milliseconds fallback) {
  const auto text = args.value(name);
  if (!text) return fallback;
  const auto d = injector::parse_duration(*text);
  if (!d) throw Error(ErrorKind::usage, "--" + name + " must be a duration such as 500ms, 30s or 5m");
  return *d;
}

}  // namespace

int run_run_command(const std::vector<std::string>& raw, LogFormat& failure_format) {
  const auto specs = run_options();
  std::vector<std::string> own;
  std::vector<std::string> command;
  split_command_line(raw, specs, own, command);
  const ParsedArgs args = parse_command_args(own, specs, failure_format);
  if (args.has("help")) return print_help(run_usage, specs);
  if (command.empty()) {
    if (failure_format == LogFormat::json)
      throw Error(ErrorKind::usage, "no command to run (hush run [options] -- CMD [ARGS...])");
    return print_usage_error(run_usage, specs);
  }
  auto log = make_logger(args);
  auto setup = prepare_injection(args, *log);
  injector::RunPlan plan;
  plan.argv = command;
  plan.spec = std::move(setup.spec);
  plan.settings = setup.config.run;
  auto& s = plan.settings;
  if (args.has("refresh")) {
    s.refresh = duration_arg(args, "refresh", {});
    if (const auto problem = injector::refresh_interval_problem(*s.refresh))
      throw Error(ErrorKind::usage, "--refresh " + *problem);
  }
  if (auto v = args.value("on-change"); v && !injector::parse_on_change(*v, s))
    throw Error(ErrorKind::usage, "--on-change must be restart, none or signal:NAME (e.g. signal:HUP)");
  if (auto v = args.value("stop-signal")) {
    const auto sig = injector::parse_signal(*v);
    if (!sig) throw Error(ErrorKind::usage, "--stop-signal: unknown signal '" + *v + "'");
    s.stop_signal = *sig;
  }
  s.grace_period = duration_arg(args, "grace-period", s.grace_period);
  plan.debounce = duration_arg(args, "debounce", plan.debounce);
  if (args.has("mask-output")) s.mask_output = true;
  if (args.has("signal-group")) s.signal_group = true;
  if (args.has("revoke-on-exit")) s.revoke_on_exit = true;
  plan.exec = args.has("exec");
  plan.metrics_address = args.value("metrics-addr").value_or("");
  return injector::run_with_secrets(plan, *setup.stores, *log);
}

}  // namespace hush::cli
