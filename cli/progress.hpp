#pragma once
// A one-line progress display for long operations on a terminal. It stays silent for the first
// second so quick runs (a pre-commit hook) never flicker, and it is never shown in CI.
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

namespace hush {

class ProgressLine {
 public:
  using Render = std::function<std::string()>;

  // Starts only when `enabled`; the caller decides (terminal, not CI, not quiet).
  ProgressLine(bool enabled, Render render, std::FILE* sink = stderr,
               std::chrono::milliseconds delay = std::chrono::seconds(1));
  ~ProgressLine();
  ProgressLine(const ProgressLine&) = delete;
  ProgressLine& operator=(const ProgressLine&) = delete;

  // Stops and erases the line; idempotent.
  void stop();

  // True when stderr is a terminal and no CI environment variable is set.
  [[nodiscard]] static bool should_show(std::FILE* sink = stderr);

 private:
  void run(std::chrono::milliseconds delay);

  Render render_;
  std::FILE* sink_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  bool drawn_ = false;
  std::thread thread_;
};

}  // namespace hush
