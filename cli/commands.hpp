#pragma once
#include <string>
#include <vector>

namespace hush::cli {

// Each returns the process exit code; errors propagate as hush::Error.
int run_scan_command(const std::vector<std::string>& args);
int run_rules_command(const std::vector<std::string>& args);
int run_hook_command(const std::vector<std::string>& args);
int run_keygen_command(const std::vector<std::string>& args);
int run_encrypt_command(const std::vector<std::string>& args);
int run_run_command(const std::vector<std::string>& args);
int run_env_command(const std::vector<std::string>& args);
int run_get_command(const std::vector<std::string>& args);

}  // namespace hush::cli
