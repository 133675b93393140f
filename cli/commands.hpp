#pragma once
#include <string>
#include <vector>

#include "args.hpp"
#include "hush/common/log.hpp"

namespace hush::cli {

// Each returns the process exit code; errors propagate as hush::Error. Commands with logging
// options set `failure_format` from their arguments first thing, for the message main writes
// when an error ends them.
int run_scan_command(const std::vector<std::string>& raw, LogFormat& failure_format);
int run_rules_command(const std::vector<std::string>& raw, LogFormat& failure_format);
int run_hook_command(const std::vector<std::string>& raw);
int run_keygen_command(const std::vector<std::string>& raw);
int run_encrypt_command(const std::vector<std::string>& raw);
int run_run_command(const std::vector<std::string>& raw, LogFormat& failure_format);
int run_env_command(const std::vector<std::string>& raw, LogFormat& failure_format);
int run_get_command(const std::vector<std::string>& raw, LogFormat& failure_format);
int run_report_command(const std::vector<std::string>& raw, LogFormat& failure_format);
int run_completion_command(const std::vector<std::string>& args);
int run_manpage_command(const std::vector<std::string>& args);

// Each command's options, as its --help, the shell completions and the manual page show them.
[[nodiscard]] std::vector<OptionSpec> scan_options();
[[nodiscard]] std::vector<OptionSpec> rules_options();
[[nodiscard]] std::vector<OptionSpec> hook_options();
[[nodiscard]] std::vector<OptionSpec> run_options();
[[nodiscard]] std::vector<OptionSpec> env_options();
[[nodiscard]] std::vector<OptionSpec> get_options();
[[nodiscard]] std::vector<OptionSpec> keygen_options();
[[nodiscard]] std::vector<OptionSpec> encrypt_options();
[[nodiscard]] std::vector<OptionSpec> report_options();

}  // namespace hush::cli
