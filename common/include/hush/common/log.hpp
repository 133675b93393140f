#pragma once
// Structured logger handed down explicitly (no global logger). Callers pass fields that are never
// secret values: the type system cannot enforce that, so reviewers do.
#include <cstdio>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace hush {

enum class LogLevel { debug = 0, info = 1, warn = 2, error = 3, off = 4 };
enum class LogFormat { text, json };

struct LogField {
  std::string key;
  std::string value;
};

class Logger {
 public:
  Logger(std::FILE* sink, LogFormat format, LogLevel level) : sink_(sink), format_(format), level_(level) {}

  [[nodiscard]] bool enabled(LogLevel level) const noexcept { return level >= level_ && level_ != LogLevel::off; }
  void log(LogLevel level, std::string_view message, const std::vector<LogField>& fields = {});
  void debug(std::string_view m, const std::vector<LogField>& f = {}) { log(LogLevel::debug, m, f); }
  void info(std::string_view m, const std::vector<LogField>& f = {}) { log(LogLevel::info, m, f); }
  void warn(std::string_view m, const std::vector<LogField>& f = {}) { log(LogLevel::warn, m, f); }
  void error(std::string_view m, const std::vector<LogField>& f = {}) { log(LogLevel::error, m, f); }

  // A failure the user must see whatever the level (the reason a command stops, a command that
  // cannot be started): "hush: MESSAGE" as text, an error line as JSON, so that with JSON logs
  // every line hush writes is JSON.
  void failure(std::string_view message);

  // A logger that drops everything, for library callers and tests that do not care.
  static Logger& null();

 private:
  void write_line(LogLevel level, std::string_view message, const std::vector<LogField>& fields);

  std::FILE* sink_;
  LogFormat format_;
  LogLevel level_;
  std::mutex mutex_;
};

[[nodiscard]] bool parse_log_level(std::string_view text, LogLevel& out);
[[nodiscard]] bool parse_log_format(std::string_view text, LogFormat& out);

}  // namespace hush
