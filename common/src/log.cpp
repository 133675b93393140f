#include "hush/common/log.hpp"

#include <chrono>
#include <ctime>
#include <nlohmann/json.hpp>

namespace hush {
namespace {

const char* level_name(LogLevel level) {
  switch (level) {
    case LogLevel::debug:
      return "debug";
    case LogLevel::info:
      return "info";
    case LogLevel::warn:
      return "warn";
    case LogLevel::error:
      return "error";
    case LogLevel::off:
      return "off";
  }
  return "info";
}

std::string utc_timestamp() {
  const auto now = std::chrono::system_clock::now();
  const std::time_t seconds = std::chrono::system_clock::to_time_t(now);
  const auto millis = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char buf[40];
  const size_t n = std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  std::snprintf(buf + n, sizeof buf - n, ".%03dZ", static_cast<int>(millis));
  return buf;
}

}  // namespace

void Logger::failure(std::string_view message) {
  if (sink_ == nullptr) return;
  if (format_ == LogFormat::json) {
    write_line(LogLevel::error, message, {});
    return;
  }
  std::string line = "hush: ";
  line.append(message);
  line += '\n';
  const std::lock_guard lock(mutex_);
  std::fwrite(line.data(), 1, line.size(), sink_);
  std::fflush(sink_);
}

void Logger::log(LogLevel level, std::string_view message, const std::vector<LogField>& fields) {
  if (!enabled(level) || sink_ == nullptr) return;
  write_line(level, message, fields);
}

void Logger::write_line(LogLevel level, std::string_view message, const std::vector<LogField>& fields) {
  std::string line;
  if (format_ == LogFormat::json) {
    nlohmann::ordered_json j;
    j["time"] = utc_timestamp();
    j["level"] = level_name(level);
    j["msg"] = std::string(message);
    for (const auto& f : fields) j[f.key] = f.value;
    line = j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  } else {
    line = std::string("hush: ") + level_name(level) + ": ";
    line.append(message);
    for (const auto& f : fields) line += " " + f.key + "=" + f.value;
  }
  line += '\n';
  const std::lock_guard lock(mutex_);
  std::fwrite(line.data(), 1, line.size(), sink_);
  std::fflush(sink_);
}

Logger& Logger::null() {
  // Immutable after construction: it never writes, so sharing it is not shared mutable state.
  static Logger instance(nullptr, LogFormat::text, LogLevel::off);
  return instance;
}

bool parse_log_level(std::string_view text, LogLevel& out) {
  if (text == "debug") out = LogLevel::debug;
  else if (text == "info") out = LogLevel::info;
  else if (text == "warn" || text == "warning") out = LogLevel::warn;
  else if (text == "error") out = LogLevel::error;
  else if (text == "off" || text == "quiet") out = LogLevel::off;
  else return false;
  return true;
}

bool parse_log_format(std::string_view text, LogFormat& out) {
  if (text == "text") out = LogFormat::text;
  else if (text == "json") out = LogFormat::json;
  else return false;
  return true;
}

}  // namespace hush
