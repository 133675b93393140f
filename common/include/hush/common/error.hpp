#pragma once
// The one error style of hush: throw hush::Error, catch it once at the command boundary, and map
// its kind to the process exit code. Messages never contain secret values.
#include <stdexcept>
#include <string>

namespace hush {

enum class ErrorKind {
  usage,    // bad command line
  config,   // bad rule or configuration file
  runtime,  // I/O, unreadable input, broken dependency
};

class Error : public std::runtime_error {
 public:
  Error(ErrorKind kind, const std::string& message) : std::runtime_error(message), kind_(kind) {}
  [[nodiscard]] ErrorKind kind() const noexcept { return kind_; }

 private:
  ErrorKind kind_;
};

// A configuration error that points at a place in a file: renders as "file:line: message".
[[noreturn]] void throw_config_error(const std::string& file, long line, const std::string& message);

// Exit codes shared by every command: 0 clean, 1 findings, 2 usage/config, 3 runtime.
inline constexpr int exit_clean = 0;
inline constexpr int exit_findings = 1;
inline constexpr int exit_usage = 2;
inline constexpr int exit_runtime = 3;

[[nodiscard]] int exit_code_for(ErrorKind kind) noexcept;

}  // namespace hush
