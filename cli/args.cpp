#include "args.hpp"

#include <cstdint>
#include <iostream>

#include "hush/common/error.hpp"
#include "hush/common/text.hpp"

namespace hush::cli {

std::optional<std::string> ParsedArgs::value(const std::string& name) const {
  auto it = values_.find(name);
  if (it == values_.end() || it->second.empty()) return std::nullopt;
  return it->second.back();  // the last occurrence wins, as in most CLIs
}

std::vector<std::string> ParsedArgs::values(const std::string& name) const {
  auto it = values_.find(name);
  return it == values_.end() ? std::vector<std::string>{} : it->second;
}

ParsedArgs parse_args(const std::vector<std::string>& args, const std::vector<OptionSpec>& specs) {
  auto by_long = [&](const std::string& name) -> const OptionSpec* {
    for (const auto& s : specs)
      if (s.name == name) return &s;
    return nullptr;
  };
  auto by_short = [&](char c) -> const OptionSpec* {
    for (const auto& s : specs)
      if (s.short_name == c) return &s;
    return nullptr;
  };
  ParsedArgs parsed;
  bool options_done = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (options_done || arg == "-" || arg.size() < 2 || arg[0] != '-') {
      parsed.positional.push_back(arg);
      continue;
    }
    if (arg == "--") {
      options_done = true;
      continue;
    }
    const OptionSpec* spec = nullptr;
    std::optional<std::string> inline_value;
    if (arg.rfind("--", 0) == 0) {
      std::string name = arg.substr(2);
      if (const auto eq = name.find('='); eq != std::string::npos) {
        inline_value = name.substr(eq + 1);
        name = name.substr(0, eq);
      }
      spec = by_long(name);
      if (!spec) {
        std::vector<std::string> names;
        for (const auto& s : specs) names.push_back(s.name);
        const auto match = closest_match(name, names);
        throw Error(ErrorKind::usage, "unknown option --" + name + (match ? " (did you mean --" + *match + "?)" : ""));
      }
    } else {
      // Short flags combine as in getopt: -qv is -q -v; a letter that takes a value takes the
      // rest of the argument (-j4) or the next one.
      std::size_t at = 1;
      for (;;) {
        spec = by_short(arg[at]);
        if (!spec) throw Error(ErrorKind::usage, std::string("unknown option -") + arg[at]);
        if (spec->takes_value || at + 1 == arg.size()) break;
        parsed.add(spec->name, "");
        ++at;
      }
      if (at + 1 < arg.size()) inline_value = arg.substr(at + 1);
    }
    if (!spec->takes_value) {
      if (inline_value) throw Error(ErrorKind::usage, "option --" + spec->name + " takes no value");
      parsed.add(spec->name, "");
      continue;
    }
    if (!inline_value) {
      if (i + 1 >= args.size()) throw Error(ErrorKind::usage, "option --" + spec->name + " needs a value");
      inline_value = args[++i];
    }
    parsed.add(spec->name, *inline_value);
  }
  return parsed;
}

OptionSpec help_option() { return {"help", 'h', false, "", "show this help"}; }

int print_help(std::string_view usage, const std::vector<OptionSpec>& specs) {
  std::cout << usage << format_options(specs);
  return exit_clean;
}

int print_usage_error(std::string_view usage, const std::vector<OptionSpec>& specs) {
  std::cerr << usage << format_options(specs);
  return exit_usage;
}

std::string format_options(const std::vector<OptionSpec>& specs) {
  std::string out;
  for (const auto& s : specs) {
    std::string left = "  ";
    left += s.short_name ? std::string("-") + s.short_name + ", " : "    ";
    left += "--" + s.name;
    if (s.takes_value) left += " " + (s.value_name.empty() ? std::string("VALUE") : s.value_name);
    if (left.size() < 30) left.resize(30, ' ');
    else left += "\n" + std::string(30, ' ');
    out += left + s.help + "\n";
  }
  return out;
}

std::uint64_t parse_size_arg(const std::string& option, const std::string& text) {
  const auto size = parse_size(text);
  if (!size) throw Error(ErrorKind::usage, "--" + option + ": '" + text + "' is not a size such as 10MiB or 1048576");
  return *size;
}

unsigned parse_unsigned_arg(const std::string& option, const std::string& text, unsigned max) {
  unsigned long value = 0;
  std::size_t used = 0;
  try {
    value = std::stoul(text, &used);
  } catch (...) {
    used = 0;
  }
  if (used != text.size() || text.empty() || value > max || text[0] == '-')
    throw Error(ErrorKind::usage,
                "--" + option + ": '" + text + "' is not a number between 0 and " + std::to_string(max));
  return static_cast<unsigned>(value);
}

}  // namespace hush::cli
