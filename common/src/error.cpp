#include "hush/common/error.hpp"

namespace hush {

void throw_config_error(const std::string& file, long line, const std::string& message) {
  std::string where = file;
  if (line > 0) where += ":" + std::to_string(line);
  throw Error(ErrorKind::config, where + ": " + message);
}

int exit_code_for(ErrorKind kind) noexcept {
  switch (kind) {
    case ErrorKind::usage:
    case ErrorKind::config:
      return exit_usage;
    case ErrorKind::runtime:
      return exit_runtime;
  }
  return exit_runtime;
}

}  // namespace hush
