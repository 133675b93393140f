// hush: keeps secrets out of Git. This file only dispatches subcommands.
#include <cstdio>
#include <exception>
#include <string>
#include <vector>

#include "commands.hpp"
#include "hush/common/error.hpp"
#include "hush/common/log.hpp"
#include "hush/common/text.hpp"
#include "version.hpp"

namespace {

constexpr const char* usage_text =
    "usage: hush <command> [options]\n"
    "\n"
    "commands:\n"
    "  scan [PATH...]      scan files and directories (or - for stdin) for secrets\n"
    "  rules list          list the rules in use\n"
    "  rules test          check every rule against its examples and negative examples\n"
    "  rules explain ID    show one rule\n"
    "  hook install        install a git pre-commit hook that runs 'hush scan --staged'\n"
    "  hook uninstall      remove it, putting back the hook it replaced\n"
    "  run [--] CMD...     run a command with secrets from Vault, AWS or an encrypted file in its environment\n"
    "  env                 print what 'hush run' would inject (values masked)\n"
    "  get REF             print one secret\n"
    "  keygen              create a key pair for encrypted secret files (ejson format)\n"
    "  encrypt FILE...     seal the plaintext values of secret files to their public key\n"
    "  version             print the version\n"
    "\n"
    "Run 'hush <command> --help' for a command's options.\n";

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  // `hush help scan` is `hush scan --help`, as git and most CLIs read it.
  if (args.size() >= 2 && args[0] == "help") args = {args[1], "--help"};
  if (args.empty() || args[0] == "help" || args[0] == "--help" || args[0] == "-h") {
    std::fputs(usage_text, args.empty() ? stderr : stdout);
    return args.empty() ? hush::exit_usage : hush::exit_clean;
  }
  const std::string command = args[0];
  args.erase(args.begin());
  hush::LogFormat failure_format = hush::LogFormat::text;
  const auto fail = [&failure_format](const std::string& message) {
    hush::Logger(stderr, failure_format, hush::LogLevel::error).failure(message);
  };
  try {
    if (command == "scan") return hush::cli::run_scan_command(args, failure_format);
    if (command == "rules") return hush::cli::run_rules_command(args, failure_format);
    if (command == "hook") return hush::cli::run_hook_command(args);
    if (command == "run") return hush::cli::run_run_command(args, failure_format);
    if (command == "env") return hush::cli::run_env_command(args, failure_format);
    if (command == "get") return hush::cli::run_get_command(args, failure_format);
    if (command == "keygen") return hush::cli::run_keygen_command(args);
    if (command == "encrypt") return hush::cli::run_encrypt_command(args);
    if ((command == "version" || command == "--version") && !args.empty() && (args[0] == "--help" || args[0] == "-h")) {
      std::printf("usage: hush version\n\nPrints hush's version.\n");
      return hush::exit_clean;
    }
    if (command == "version" || command == "--version") {
      std::printf("hush %s\n", hush::cli::version);
      return hush::exit_clean;
    }
    const std::string hint = hush::did_you_mean(
        command, {"scan", "rules", "hook", "run", "env", "get", "keygen", "encrypt", "version", "help"});
    std::fprintf(stderr, "hush: unknown command '%s'%s\n\n%s", command.c_str(), hint.c_str(), usage_text);
    return hush::exit_usage;
  } catch (const hush::Error& e) {
    fail(e.what());
    return hush::exit_code_for(e.kind());
  } catch (const std::bad_alloc&) {
    fail("out of memory");
    return hush::exit_runtime;
  } catch (const std::exception& e) {
    fail(std::string("internal error: ") + e.what());
    return hush::exit_runtime;
  }
}
