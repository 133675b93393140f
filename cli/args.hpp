#pragma once
// A small GNU-style option parser: --name VALUE, --name=VALUE, -x VALUE, flags, repeated options,
// "--" ends options. Unknown options are usage errors.
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hush::cli {

struct OptionSpec {
  std::string name;     // long name without dashes
  char short_name = 0;  // 0 = none
  bool takes_value = false;
  std::string value_name;  // for help text
  std::string help;
};

class ParsedArgs {
 public:
  [[nodiscard]] bool has(const std::string& name) const { return values_.contains(name); }
  [[nodiscard]] std::optional<std::string> value(const std::string& name) const;
  [[nodiscard]] std::vector<std::string> values(const std::string& name) const;
  std::vector<std::string> positional;

  void add(const std::string& name, std::string value) { values_[name].push_back(std::move(value)); }

 private:
  std::map<std::string, std::vector<std::string>> values_;
};

// Throws hush::Error(usage) naming the offending argument.
[[nodiscard]] ParsedArgs parse_args(const std::vector<std::string>& args, const std::vector<OptionSpec>& specs);

[[nodiscard]] std::string format_options(const std::vector<OptionSpec>& specs);

// -h, --help: every command takes it.
[[nodiscard]] OptionSpec help_option();

// A command's usage text, then its options. For --help: on stdout, and the command exits 0. For a
// command line the command cannot run: on stderr, and it exits with the usage error's code.
int print_help(std::string_view usage, const std::vector<OptionSpec>& specs);
int print_usage_error(std::string_view usage, const std::vector<OptionSpec>& specs);

// Parses "10MiB", "512k", "1048576" into bytes; usage error otherwise.
[[nodiscard]] std::uint64_t parse_size_arg(const std::string& option, const std::string& text);
[[nodiscard]] unsigned parse_unsigned_arg(const std::string& option, const std::string& text, unsigned max);

}  // namespace hush::cli
