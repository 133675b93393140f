// hush: keeps secrets out of Git. This file only dispatches subcommands.
#include <cstdio>
#include <exception>
#include <string>
#include <vector>

#include "command_docs.hpp"
#include "commands.hpp"
#include "hush/common/error.hpp"
#include "hush/common/log.hpp"
#include "hush/common/text.hpp"
#include "version.hpp"

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  // `hush help scan` is `hush scan --help`, as git and most CLIs read it.
  if (args.size() >= 2 && args[0] == "help") args = {args[1], "--help"};
  if (args.empty() || args[0] == "help" || args[0] == "--help" || args[0] == "-h") {
    std::fputs(hush::cli::top_level_usage().c_str(), args.empty() ? stderr : stdout);
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
    if (command == "report") return hush::cli::run_report_command(args, failure_format);
    if (command == "rules") return hush::cli::run_rules_command(args, failure_format);
    if (command == "hook") return hush::cli::run_hook_command(args);
    if (command == "run") return hush::cli::run_run_command(args, failure_format);
    if (command == "env") return hush::cli::run_env_command(args, failure_format);
    if (command == "get") return hush::cli::run_get_command(args, failure_format);
    if (command == "keygen") return hush::cli::run_keygen_command(args);
    if (command == "encrypt") return hush::cli::run_encrypt_command(args);
    if (command == "completion") return hush::cli::run_completion_command(args);
    if (command == "manpage") return hush::cli::run_manpage_command(args);
    if ((command == "version" || command == "--version") && !args.empty() && (args[0] == "--help" || args[0] == "-h")) {
      std::printf("usage: hush version\n\nPrints hush's version.\n");
      return hush::exit_clean;
    }
    if (command == "version" || command == "--version") {
      std::printf("hush %s\n", hush::cli::version);
      return hush::exit_clean;
    }
    std::vector<std::string> known = {"help"};
    for (const auto& doc : hush::cli::command_docs()) known.push_back(doc.name);
    const std::string hint = hush::did_you_mean(command, known);
    std::fprintf(stderr, "hush: unknown command '%s'%s\n\n%s", command.c_str(), hint.c_str(),
                 hush::cli::top_level_usage().c_str());
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
