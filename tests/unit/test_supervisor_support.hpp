#pragma once
// Helpers for the supervisor tests: pipes, line readers with a hang guard, and process spawning
// with chosen inherited descriptors. The helper programs come from tests/supervise.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <fstream>
#include <functional>
#include <initializer_list>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "hush/common/secret.hpp"
#include "hush/common/unique_fd.hpp"
#include "hush/injector/environment_block.hpp"

namespace hush::test {

inline const std::string supervise_child = HUSH_SUPERVISE_CHILD;
inline const std::string supervise_probe = HUSH_SUPERVISE_PROBE;

using Fd = hush::UniqueFd;

// A descriptor as a child's argument names it.
inline std::string number(const Fd& fd) { return std::to_string(fd.get()); }

// Both ends close-on-exec: a test makes exactly the end a child needs inheritable.
struct Pipe {
  Fd read;
  Fd write;
  Pipe() {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) throw std::runtime_error("pipe2 failed");
    read = Fd(fds[0]);
    write = Fd(fds[1]);
  }
};

inline void inheritable(const Fd& fd) { ::fcntl(fd.get(), F_SETFD, 0); }

// Reads lines; gives up after a generous guard so a broken supervisor fails the test instead of
// hanging it (the guard is never what the test waits for).
class LineReader {
 public:
  explicit LineReader(int fd) : fd_(fd) {}

  std::optional<std::string> next(std::chrono::seconds guard = std::chrono::seconds(30)) {
    while (true) {
      const std::size_t newline = buffer_.find('\n');
      if (newline != std::string::npos) {
        std::string line = buffer_.substr(0, newline);
        buffer_.erase(0, newline + 1);
        return line;
      }
      if (!fill(guard)) return std::nullopt;
    }
  }

  // The first line starting with prefix; earlier lines are kept in seen().
  std::optional<std::string> until(const std::string& prefix) {
    while (auto line = next()) {
      seen_.push_back(*line);
      if (line->rfind(prefix, 0) == 0) return line;
    }
    return std::nullopt;
  }

  // Every remaining line until EOF (or the guard).
  std::vector<std::string> rest() {
    std::vector<std::string> lines;
    while (auto line = next()) lines.push_back(*line);
    return lines;
  }

  // Raw bytes until EOF.
  std::string all() {
    while (fill(std::chrono::seconds(30))) {}
    return std::exchange(buffer_, {});
  }

  [[nodiscard]] const std::vector<std::string>& seen() const { return seen_; }

  bool fill(std::chrono::seconds guard) {
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(std::chrono::milliseconds(guard).count())) <= 0) return false;
    char chunk[4096];
    const ssize_t got = ::read(fd_, chunk, sizeof chunk);
    if (got <= 0) return false;
    buffer_.append(chunk, static_cast<std::size_t>(got));
    return true;
  }
  [[nodiscard]] const std::string& buffered() const { return buffer_; }

 private:
  int fd_;
  std::string buffer_;
  std::vector<std::string> seen_;
};

// The number after "word " in "word N ...".
inline long field(const std::string& line, std::size_t index) {
  std::size_t at = 0;
  for (std::size_t i = 0; i < index; ++i) at = line.find(' ', at) + 1;
  return std::stol(line.substr(at));
}

inline hush::injector::EnvironmentBlock environment_of(std::initializer_list<std::string> entries) {
  hush::injector::EnvironmentBlock out;
  for (const std::string& entry : entries) out.add(entry);
  return out;
}

// fork + exec with the test's own environment; descriptors stay as the caller prepared them.
inline pid_t start_process(const std::vector<std::string>& argv) {
  std::vector<char*> args;
  for (const std::string& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
  args.push_back(nullptr);
  const pid_t pid = ::fork();
  if (pid == 0) {
    sigset_t none;
    sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);
    ::execvp(args[0], args.data());
    ::_exit(127);
  }
  return pid;
}

// Exit code the way a shell reports it.
inline int wait_process(pid_t pid) {
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) return -1;
  }
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  return 128 + WTERMSIG(status);
}

inline bool process_exists(pid_t pid) { return std::filesystem::exists("/proc/" + std::to_string(pid)); }

// SIGKILLs every direct child of the test process (adopted orphans included).
inline void kill_own_children() {
  for (const auto& entry : std::filesystem::directory_iterator("/proc")) {
    const std::string name = entry.path().filename().string();
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    std::ifstream stat(entry.path() / "stat");
    std::string text;
    std::getline(stat, text);
    const std::size_t close = text.rfind(')');
    if (close == std::string::npos || close + 4 >= text.size()) continue;
    if (std::stol(text.substr(close + 4)) == ::getpid()) ::kill(static_cast<pid_t>(std::stol(name)), SIGKILL);
  }
}

// A broken supervisor must fail a test, not hang it: after a generous guard the watchdog kills
// the test's children (every second from then on), which ends any run(). Create it after the
// Supervisor, so its thread inherits the blocked signals and cannot swallow a SIGCHLD.
class Watchdog {
 public:
  explicit Watchdog(std::chrono::seconds guard = std::chrono::seconds(30))
      : thread_([this, guard] {
          std::unique_lock lock(mutex_);
          if (cv_.wait_for(lock, guard, [this] { return done_; })) return;
          while (!cv_.wait_for(lock, std::chrono::seconds(1), [this] { return done_; })) kill_own_children();
        }) {}
  ~Watchdog() {
    {
      std::lock_guard lock(mutex_);
      done_ = true;
    }
    cv_.notify_all();
    thread_.join();
  }
  Watchdog(const Watchdog&) = delete;
  Watchdog& operator=(const Watchdog&) = delete;

 private:
  std::mutex mutex_;
  std::condition_variable cv_;
  bool done_ = false;
  std::thread thread_;
};

}  // namespace hush::test
