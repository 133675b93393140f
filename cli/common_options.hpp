#pragma once
// Options shared by several commands: logging and rule selection.
#include <memory>
#include <vector>

#include "args.hpp"
#include "hush/common/log.hpp"

namespace hush::cli {

[[nodiscard]] std::vector<OptionSpec> logging_options();
[[nodiscard]] std::unique_ptr<Logger> make_logger(const ParsedArgs& args);

[[nodiscard]] std::vector<OptionSpec> rule_options();

}  // namespace hush::cli
