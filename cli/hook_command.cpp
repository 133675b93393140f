#include <cstdio>
#include <iostream>

#include "args.hpp"
#include "commands.hpp"
#include "hush/common/error.hpp"
#include "hush/hooks/hook_install.hpp"

namespace hush::cli {

std::vector<OptionSpec> hook_options() {
  return {
      {"force", 0, false, "", "install: replace a pre-commit hook that is not hush's instead of chaining to it"},
      {"path", 'C', true, "REPO", "the repository (any path inside it; default: the current directory)"},
      {"quiet", 'q', false, "", "print nothing on success"},
      help_option(),
  };
}

namespace {

constexpr const char* hook_usage =
    "usage: hush hook install [--force] [--path REPO]\n"
    "       hush hook uninstall [--path REPO]\n"
    "\n"
    "install writes a pre-commit hook that runs 'hush scan --staged' into the repository's hooks\n"
    "directory (core.hooksPath when set). A pre-commit hook that is already there is kept as\n"
    "pre-commit.local and run first, unless --force. uninstall removes hush's hook and puts the\n"
    "kept one back. Skip the scan for one commit with HUSH_SKIP=1 git commit ...\n"
    "\noptions:\n";

}  // namespace

int run_hook_command(const std::vector<std::string>& raw) {
  const auto specs = hook_options();
  const ParsedArgs args = parse_args(raw, specs);
  if (args.has("help")) return print_help(hook_usage, specs);
  if (args.positional.empty()) return print_usage_error(hook_usage, specs);
  if (args.positional.size() > 1) throw Error(ErrorKind::usage, "unexpected argument '" + args.positional[1] + "'");

  hooks::HookOptions options;
  if (auto p = args.value("path")) options.repo = *p;
  options.force = args.has("force");
  const std::string& sub = args.positional[0];
  hooks::HookResult result;
  if (sub == "install") {
    result = hooks::install_pre_commit_hook(options);
  } else if (sub == "uninstall") {
    if (options.force) throw Error(ErrorKind::usage, "--force only applies to 'hush hook install'");
    result = hooks::uninstall_pre_commit_hook(options);
  } else {
    throw Error(ErrorKind::usage, "unknown hook subcommand '" + sub + "' (install, uninstall)");
  }
  if (!args.has("quiet")) std::fprintf(stderr, "hush: %s\n", result.message.c_str());
  return exit_clean;
}

}  // namespace hush::cli
