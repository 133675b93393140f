#pragma once
// An environment variable set (or, with nullopt, unset) for one scope, its old value put back at
// the end: proxy, trust and credential settings come from the environment.
#include <stdlib.h>

#include <cstdlib>
#include <optional>
#include <string>

namespace hush_test {

class ScopedEnv {
 public:
  ScopedEnv(const char* name, const std::optional<std::string>& value) : name_(name), old_(get(name)) {
    put(name, value);
  }
  ~ScopedEnv() { put(name_, old_); }
  ScopedEnv(const ScopedEnv&) = delete;
  ScopedEnv& operator=(const ScopedEnv&) = delete;

 private:
  static std::optional<std::string> get(const char* name) {
    const char* value = std::getenv(name);
    return value == nullptr ? std::nullopt : std::optional<std::string>(value);
  }
  static void put(const char* name, const std::optional<std::string>& value) {
    if (value) ::setenv(name, value->c_str(), 1);
    else ::unsetenv(name);
  }

  const char* name_;
  std::optional<std::string> old_;
};

}  // namespace hush_test
