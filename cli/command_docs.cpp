#include "command_docs.hpp"

#include "commands.hpp"

namespace hush::cli {

std::vector<CommandDoc> command_docs() {
  return {
      {"scan", {}, "[PATH...]", "scan files and directories (or - for stdin) for secrets", scan_options(), true},
      {"report",
       {"merge"},
       "merge REPORT...",
       "merge JSON/JSONL reports (the shards of one run) into one, each finding once",
       report_options(),
       true},
      {"rules",
       {"list", "test", "explain"},
       "list|test|explain ID",
       "list the rules in use, check them against their examples, or show one",
       rules_options(),
       false},
      {"hook",
       {"install", "uninstall"},
       "install|uninstall",
       "install a git pre-commit hook that runs 'hush scan --staged', or remove it",
       hook_options(),
       false},
      {"run",
       {},
       "[--] CMD...",
       "run a command with secrets from Vault, AWS or an encrypted file in its environment",
       run_options(),
       true},
      {"env", {}, "", "print what 'hush run' would inject (values masked)", env_options(), false},
      {"get", {}, "REF", "print one secret", get_options(), false},
      {"keygen", {}, "", "create a key pair for encrypted secret files (ejson format)", keygen_options(), false},
      {"encrypt",
       {},
       "FILE...",
       "seal the plaintext values of secret files to their public key",
       encrypt_options(),
       true},
      {"completion", {"bash", "zsh", "fish"}, "bash|zsh|fish", "print a shell completion script", {}, false},
      {"manpage", {}, "", "print the manual page hush(1) in roff", {}, false},
      {"version", {}, "", "print the version", {}, false},
  };
}

std::string top_level_usage() {
  std::string out = "usage: hush <command> [options]\n\ncommands:\n";
  for (const auto& doc : command_docs()) {
    std::string head = "  " + doc.name;
    if (!doc.synopsis.empty()) head += " " + doc.synopsis;
    head.resize(std::max<std::size_t>(head.size() + 2, 30), ' ');
    out += head + doc.summary + "\n";
  }
  out += "\nRun 'hush <command> --help' (or 'hush help <command>') for a command's options.\n";
  return out;
}

}  // namespace hush::cli
