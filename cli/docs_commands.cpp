// `hush completion SHELL` and `hush manpage`: print what command_docs.hpp generates.
#include <iostream>

#include "command_docs.hpp"
#include "commands.hpp"
#include "hush/common/error.hpp"
#include "hush/common/text.hpp"
#include "version.hpp"

namespace hush::cli {

int run_completion_command(const std::vector<std::string>& args) {
  if (args.size() == 1 && (args[0] == "--help" || args[0] == "-h")) {
    std::cout << "usage: hush completion bash|zsh|fish\n\nPrints a completion script for the shell, e.g.\n"
                 "  hush completion bash > ~/.local/share/bash-completion/completions/hush\n"
                 "  hush completion zsh > \"${fpath[1]}/_hush\"\n"
                 "  hush completion fish > ~/.config/fish/completions/hush.fish\n";
    return exit_clean;
  }
  if (args.size() != 1) throw Error(ErrorKind::usage, "usage: hush completion bash|zsh|fish");
  const std::string script = completion_script(args[0]);
  if (script.empty())
    throw Error(ErrorKind::usage, "no completion for shell '" + args[0] + "' (bash, zsh or fish)" +
                                      did_you_mean(args[0], {"bash", "zsh", "fish"}));
  std::cout << script;
  return exit_clean;
}

int run_manpage_command(const std::vector<std::string>& args) {
  if (!args.empty() && (args[0] == "--help" || args[0] == "-h")) {
    std::cout << "usage: hush manpage\n\nPrints the manual page hush(1) in roff: hush manpage | man -l -\n";
    return exit_clean;
  }
  if (!args.empty()) throw Error(ErrorKind::usage, "unexpected argument '" + args[0] + "'");
  std::cout << manual_page(version);
  return exit_clean;
}

}  // namespace hush::cli
