#pragma once
// `hush run` as a library call: resolve the environment (fail closed), start and supervise the
// child, refresh on an interval or lease schedule, restart or signal it only on a real change,
// revoke leases on exit. The command line only builds a RunPlan.
#include <string>
#include <vector>

#include "hush/common/log.hpp"
#include "hush/injector/environment.hpp"
#include "hush/injector/environment_block.hpp"
#include "hush/injector/run_config.hpp"
#include "hush/injector/secret_store.hpp"

namespace hush::injector {

struct RunPlan {
  std::vector<std::string> argv;
  EnvironmentSpec spec;
  RunSettings settings;
  bool exec = false;            // replace hush with the child (no refresh, no masking)
  std::string metrics_address;  // empty: no metrics endpoint
  std::chrono::milliseconds debounce{std::chrono::seconds(2)};
};

// Returns hush's exit code: the child's, or 128+signal, 126/127 for exec failures. Throws
// hush::Error when the environment cannot be resolved (the child is never started).
[[nodiscard]] int run_with_secrets(const RunPlan& plan, StoreProvider& stores, Logger& log);

// The child's environment: NAME=value entries in one guarded block.
[[nodiscard]] EnvironmentBlock environment_block(const ResolvedEnvironment& env);

}  // namespace hush::injector
