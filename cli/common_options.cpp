#include "common_options.hpp"

#include "hush/common/error.hpp"

namespace hush::cli {

std::vector<OptionSpec> logging_options() {
  return {
      {"log-format", 0, true, "text|json", "format of log lines on stderr (default text)"},
      {"log-level", 0, true, "debug|info|warn|error|off", "log level (default warn)"},
      {"verbose", 'v', false, "", "same as --log-level info"},
      {"quiet", 'q', false, "", "only errors on stderr; no summary, no progress"},
  };
}

std::vector<OptionSpec> with_help_and_logging(std::vector<OptionSpec> own) {
  own.push_back(help_option());
  for (auto& s : logging_options()) own.push_back(std::move(s));
  return own;
}

std::unique_ptr<Logger> make_logger(const ParsedArgs& args) {
  LogFormat format = LogFormat::text;
  if (auto f = args.value("log-format"); f && !parse_log_format(*f, format))
    throw Error(ErrorKind::usage, "--log-format must be text or json");
  LogLevel level = LogLevel::warn;
  if (args.has("verbose")) level = LogLevel::info;
  if (args.has("quiet")) level = LogLevel::error;
  if (auto l = args.value("log-level"); l && !parse_log_level(*l, level))
    throw Error(ErrorKind::usage, "--log-level must be debug, info, warn, error or off");
  return std::make_unique<Logger>(stderr, format, level);
}

LogFormat requested_log_format(const std::vector<std::string>& own_args) {
  LogFormat format = LogFormat::text;
  for (std::size_t i = 0; i < own_args.size() && own_args[i] != "--"; ++i) {
    std::string_view value;
    if (own_args[i].starts_with("--log-format=")) value = std::string_view(own_args[i]).substr(13);
    else if (own_args[i] == "--log-format" && i + 1 < own_args.size()) value = own_args[++i];
    else continue;
    LogFormat parsed = LogFormat::text;
    if (parse_log_format(value, parsed)) format = parsed;
  }
  return format;
}

ParsedArgs parse_command_args(const std::vector<std::string>& own_args, const std::vector<OptionSpec>& specs,
                              LogFormat& failure_format) {
  failure_format = requested_log_format(own_args);
  return parse_args(own_args, specs);
}

std::vector<OptionSpec> rule_options() {
  return {
      {"rules", 'r', true, "FILE|DIR", "add rules from a TOML file or a directory of them (repeatable)"},
      {"config", 'c', true, "FILE",
       "configuration file (default: $HUSH_CONFIG, $GITLEAKS_CONFIG, else .hush.toml or .gitleaks.toml at the "
       "repository's or scanned root)"},
      {"no-builtin-rules", 0, false, "", "do not load the default rule pack"},
  };
}

}  // namespace hush::cli
