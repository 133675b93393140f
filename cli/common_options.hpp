#pragma once
// Options shared by several commands: logging and rule selection.
#include <memory>
#include <vector>

#include "args.hpp"
#include "hush/common/log.hpp"

namespace hush::cli {

[[nodiscard]] std::vector<OptionSpec> logging_options();
[[nodiscard]] std::unique_ptr<Logger> make_logger(const ParsedArgs& args);

// The --log-format a command's own arguments ask for, read before they are parsed (parsing may
// be what fails), so that the failure that ends the command has the same format as its logs.
[[nodiscard]] LogFormat requested_log_format(const std::vector<std::string>& own_args);

[[nodiscard]] std::vector<OptionSpec> rule_options();

}  // namespace hush::cli
