#pragma once
// hush.toml: what `hush run` injects and how it behaves, declaratively. Command-line options
// override it. Store sections are checked when the file is read (the store clients say what they
// accept) and kept as plain settings, which the store provider maps onto each client's own
// configuration when that store is first used.
//
//   [env]                         NAME = "vault://secret/app#password" (or a plain value)
//   [[from]]                      source = "ssm:/prod/app/", recursive = true, prefix = "APP_"
//   [run]                         refresh, on_change, stop_signal, grace_period, timeout,
//                                 allow_missing (true or a list of names), precedence,
//                                 mask_output, pass_auth_env, overwrite_env, signal_group,
//                                 revoke_on_exit
//   [vault] [aws] [file]          store settings (address, auth, role, region, keydir, ...)
#include <chrono>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "hush/common/text.hpp"
#include "hush/injector/environment.hpp"
#include "hush/injector/reference.hpp"

namespace hush::injector {

enum class OnChange { restart, signal, none };

struct RunSettings {
  std::optional<std::chrono::milliseconds> refresh;
  OnChange on_change = OnChange::restart;
  int change_signal = 1;  // SIGHUP, for on_change = signal
  int stop_signal = 15;   // SIGTERM
  std::chrono::milliseconds grace_period{10000};
  std::chrono::milliseconds timeout{30000};
  bool allow_missing_all = false;
  std::set<std::string> allow_missing;
  Precedence precedence = Precedence::error;
  bool mask_output = false;
  bool pass_auth_env = false;
  bool overwrite_env = false;
  bool signal_group = false;
  bool revoke_on_exit = false;
};

struct RunConfig {
  std::vector<std::pair<std::string, std::string>> env;
  std::vector<BulkSource> from;
  RunSettings run;
  std::map<std::string, std::string> vault;  // settings as written, e.g. address, auth, role
  std::map<std::string, std::string> aws;
  std::map<std::string, std::string> file;
};

// Throws hush::Error(config) as "file:line: message".
[[nodiscard]] RunConfig parse_run_config(std::string_view toml_text, const std::string& origin);
[[nodiscard]] RunConfig load_run_config(const std::string& path);

// Durations are common's (verification settings read them too).
using ::hush::parse_duration;

// A refresh interval shorter than this re-reads every secret in a busy loop: a load on the
// store, never a fresher secret worth having.
inline constexpr std::chrono::milliseconds min_refresh_interval{1000};
// nullopt when `interval` will do as a refresh interval, else what is wrong with it (to follow
// the setting's name in a message).
[[nodiscard]] std::optional<std::string> refresh_interval_problem(std::chrono::milliseconds interval);
// "HUP", "SIGHUP" or a number.
[[nodiscard]] std::optional<int> parse_signal(std::string_view text);
// `signal:HUP` -> signal; `restart`; `none`.
[[nodiscard]] bool parse_on_change(std::string_view text, RunSettings& settings);

// KEY=VALUE lines as .env files write them: comments, blank lines, `export `, single and double
// quotes (double quotes understand \n, \", \\). Throws hush::Error(config) with file:line.
[[nodiscard]] std::vector<std::pair<std::string, std::string>> parse_env_file(std::string_view text,
                                                                              const std::string& origin);

}  // namespace hush::injector
