#include "hush/common/log.hpp"

#include <chrono>
#include <ctime>
#include <nlohmann/json.hpp>

#include "hush/common/enum_names.hpp"

namespace hush {
namespace {

// Each level's name first, then the other names a user may give it.
constexpr EnumName<LogLevel> level_names[] = {
    {LogLevel::debug, "debug"}, {LogLevel::info, "info"}, {LogLevel::warn, "warn"}, {LogLevel::warn, "warning"},
    {LogLevel::error, "error"}, {LogLevel::off, "off"},   {LogLevel::off, "quiet"}};

const char* level_name(LogLevel level) { return name_of(level_names, level, "info"); }

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
  const auto level = value_named(level_names, text);
  if (level) out = *level;
  return level.has_value();
}

bool parse_log_format(std::string_view text, LogFormat& out) {
  if (text == "text") out = LogFormat::text;
  else if (text == "json") out = LogFormat::json;
  else return false;
  return true;
}

}  // namespace hush
