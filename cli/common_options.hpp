#pragma once
// Options shared by several commands: logging and rule selection.
#include <memory>
#include <vector>

#include "args.hpp"
#include "hush/common/log.hpp"

namespace hush::cli {

[[nodiscard]] std::vector<OptionSpec> logging_options();
// A command's own options, then --help and the logging options.
[[nodiscard]] std::vector<OptionSpec> with_help_and_logging(std::vector<OptionSpec> own);
[[nodiscard]] std::unique_ptr<Logger> make_logger(const ParsedArgs& args);

// The --log-format a command's own arguments ask for, read before they are parsed (parsing may
// be what fails), so that the failure that ends the command has the same format as its logs.
[[nodiscard]] LogFormat requested_log_format(const std::vector<std::string>& own_args);

// A command's own arguments parsed, `failure_format` set from them first (requested_log_format).
[[nodiscard]] ParsedArgs parse_command_args(const std::vector<std::string>& own_args,
                                            const std::vector<OptionSpec>& specs, LogFormat& failure_format);

[[nodiscard]] std::vector<OptionSpec> rule_options();

}  // namespace hush::cli
