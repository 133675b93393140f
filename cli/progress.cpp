#include "progress.hpp"

#include <unistd.h>

#include <cstdlib>

namespace hush {

ProgressLine::ProgressLine(bool enabled, Render render, std::FILE* sink, std::chrono::milliseconds delay)
    : render_(std::move(render)), sink_(sink) {
  if (enabled) thread_ = std::thread([this, delay] { run(delay); });
}

ProgressLine::~ProgressLine() { stop(); }

void ProgressLine::stop() {
  {
    const std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
  if (drawn_) {
    std::fputs("\r\x1b[2K", sink_);
    std::fflush(sink_);
    drawn_ = false;
  }
}

bool ProgressLine::should_show(std::FILE* sink) {
  if (!::isatty(::fileno(sink))) return false;
  for (const char* var : {"CI", "GITHUB_ACTIONS", "GITLAB_CI", "BUILDKITE", "JENKINS_URL", "TF_BUILD"}) {
    const char* v = std::getenv(var);
    if (v && *v && std::string(v) != "false" && std::string(v) != "0") return false;
  }
  return true;
}

void ProgressLine::run(std::chrono::milliseconds delay) {
  std::unique_lock lock(mutex_);
  if (wake_.wait_for(lock, delay, [&] { return stopping_; })) return;
  while (!stopping_) {
    const std::string line = render_();
    std::fprintf(sink_, "\r\x1b[2K%s", line.c_str());
    std::fflush(sink_);
    drawn_ = true;
    wake_.wait_for(lock, std::chrono::milliseconds(250), [&] { return stopping_; });
  }
}

}  // namespace hush
