#pragma once
// Options and set-up shared by `hush run`, `hush env` and `hush get`: where secrets come from
// and how stores are reached.
#include <memory>
#include <string>
#include <vector>

#include "args.hpp"
#include "hush/common/log.hpp"
#include "hush/injector/environment.hpp"
#include "hush/injector/run_config.hpp"
#include "hush/injector/store_provider.hpp"

namespace hush::cli {

[[nodiscard]] std::vector<OptionSpec> source_options();

// Splits `hush run [options] CMD ARGS...`: options end at "--" or at the first argument that is
// not an option or an option's value, so the child's own flags are never parsed as hush's.
void split_command_line(const std::vector<std::string>& args, const std::vector<OptionSpec>& specs,
                        std::vector<std::string>& own, std::vector<std::string>& command);

struct InjectSetup {
  injector::RunConfig config;
  injector::EnvironmentSpec spec;
  std::unique_ptr<injector::StoreProvider> stores;
};

// Loads --config, applies the command line over it, and reads the process environment.
[[nodiscard]] InjectSetup prepare_injection(const ParsedArgs& args, Logger& log);

}  // namespace hush::cli
