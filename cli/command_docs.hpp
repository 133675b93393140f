#pragma once
// The one description of hush's commands that the top-level usage, the shell completions
// (`hush completion SHELL`) and the manual page (`hush manpage`) are generated from, with each
// command's option table, so that none of them can drift from what the parser accepts.
#include <string>
#include <vector>

#include "args.hpp"

namespace hush::cli {

struct CommandDoc {
  std::string name;                      // as typed: "scan", "hook"
  std::vector<std::string> subcommands;  // "install", "uninstall"; empty when none
  std::string synopsis;                  // what follows the name in usage lines
  std::string summary;                   // one line
  std::vector<OptionSpec> options;
  bool takes_paths = false;  // file names complete after the options
};

[[nodiscard]] std::vector<CommandDoc> command_docs();

// "usage: hush <command> [options]" and one line per command.
[[nodiscard]] std::string top_level_usage();

// bash, zsh or fish; empty for another shell.
[[nodiscard]] std::string completion_script(const std::string& shell);

// The manual page hush(1) in roff, for `man`.
[[nodiscard]] std::string manual_page(const std::string& version);

}  // namespace hush::cli
