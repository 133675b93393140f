#pragma once
#include <string>
#include <vector>

#include "hush/common/log.hpp"

namespace hush::cli {

// Each returns the process exit code; errors propagate as hush::Error. Commands with logging
// options set `failure_format` from their arguments first thing, for the message main writes
// when an error ends them.
int run_scan_command(const std::vector<std::string>& args, LogFormat& failure_format);
int run_rules_command(const std::vector<std::string>& args, LogFormat& failure_format);
int run_hook_command(const std::vector<std::string>& args);
int run_keygen_command(const std::vector<std::string>& args);
int run_encrypt_command(const std::vector<std::string>& args);
int run_run_command(const std::vector<std::string>& args, LogFormat& failure_format);
int run_env_command(const std::vector<std::string>& args, LogFormat& failure_format);
int run_get_command(const std::vector<std::string>& args, LogFormat& failure_format);

}  // namespace hush::cli
