#include "hush/git/git_command.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <utility>

#include "hush/common/error.hpp"
#include "hush/common/text.hpp"

extern char** environ;  // NOLINT(readability-redundant-declaration): POSIX requires the program to declare it

namespace hush::git {
namespace {

// Lines git prints here are ids and paths; anything longer is not git's output.
constexpr std::size_t max_line = 1u << 20;
constexpr std::size_t max_errors = 64u * 1024;

class Pipe {
 public:
  Pipe() {
    if (::pipe2(fd_.data(), O_CLOEXEC) != 0)
      throw Error(ErrorKind::runtime, std::string("cannot create a pipe: ") + std::strerror(errno));
  }
  ~Pipe() {
    for (const int fd : fd_)
      if (fd >= 0) ::close(fd);
  }
  Pipe(const Pipe&) = delete;
  Pipe& operator=(const Pipe&) = delete;
  [[nodiscard]] int read_end() const noexcept { return fd_[0]; }
  [[nodiscard]] int write_end() const noexcept { return fd_[1]; }
  int take_read_end() noexcept { return std::exchange(fd_[0], -1); }

 private:
  std::array<int, 2> fd_{-1, -1};
};

class SpawnActions {
 public:
  SpawnActions() { posix_spawn_file_actions_init(&actions_); }
  ~SpawnActions() { posix_spawn_file_actions_destroy(&actions_); }
  SpawnActions(const SpawnActions&) = delete;
  SpawnActions& operator=(const SpawnActions&) = delete;
  posix_spawn_file_actions_t* get() noexcept { return &actions_; }

 private:
  posix_spawn_file_actions_t actions_{};
};

}  // namespace

bool git_command_available() {
  const char* path = std::getenv("PATH");
  std::string_view rest = path ? path : "/usr/bin:/bin";
  while (!rest.empty()) {
    const std::size_t colon = rest.find(':');
    const std::string dir(rest.substr(0, colon));
    if (!dir.empty() && ::access((dir + "/git").c_str(), X_OK) == 0) return true;
    rest = colon == std::string_view::npos ? std::string_view{} : rest.substr(colon + 1);
  }
  return false;
}

GitCommand::GitCommand(const std::string& repository, const std::vector<std::string>& args) {
  Pipe out, err;
  SpawnActions actions;
  posix_spawn_file_actions_addopen(actions.get(), STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(actions.get(), out.write_end(), STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(actions.get(), err.write_end(), STDERR_FILENO);
  std::vector<std::string> argv_storage = {"git", "-C", repository};
  argv_storage.insert(argv_storage.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : argv_storage) argv.push_back(a.data());
  argv.push_back(nullptr);
  const int rc = ::posix_spawnp(&pid_, "git", actions.get(), nullptr, argv.data(), environ);
  if (rc != 0) throw Error(ErrorKind::runtime, std::string("cannot run git: ") + std::strerror(rc));
  out_ = out.take_read_end();
  err_ = err.take_read_end();
}

GitCommand::~GitCommand() {
  if (out_ >= 0) ::close(out_);
  if (err_ >= 0) ::close(err_);
  if (pid_ > 0) {
    ::kill(pid_, SIGKILL);
    int status = 0;
    while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {}
  }
}

bool GitCommand::fill() {
  if (used_ > 0 && used_ == buffer_.size()) {
    buffer_.clear();
    used_ = 0;
  }
  std::array<char, 65536> chunk{};
  while (!out_done_) {
    std::array<pollfd, 2> fds{pollfd{out_, POLLIN, 0}, pollfd{err_, POLLIN, 0}};
    const nfds_t n = err_ >= 0 ? 2 : 1;
    if (::poll(fds.data(), n, -1) < 0) {
      if (errno == EINTR) continue;
      throw Error(ErrorKind::runtime, std::string("cannot read git's output: ") + std::strerror(errno));
    }
    if (n == 2 && fds[1].revents != 0) take_errors();
    if (fds[0].revents != 0) {
      const ssize_t got = ::read(out_, chunk.data(), chunk.size());
      if (got > 0) {
        buffer_.append(chunk.data(), static_cast<std::size_t>(got));
        return true;
      }
      if (got == 0 || errno != EINTR) out_done_ = true;
    }
  }
  return false;
}

void GitCommand::take_errors() {
  std::array<char, 4096> chunk{};
  const ssize_t got = ::read(err_, chunk.data(), chunk.size());
  if (got > 0) {
    const std::size_t room = max_errors - std::min(max_errors, errors_.size());
    errors_.append(chunk.data(), std::min(static_cast<std::size_t>(got), room));
  } else if (got == 0 || errno != EINTR) {
    ::close(err_);
    err_ = -1;
  }
}

bool GitCommand::read_line(std::string& line) {
  for (;;) {
    const std::size_t nl = buffer_.find('\n', used_);
    if (nl != std::string::npos) {
      line.assign(buffer_, used_, nl - used_);
      used_ = nl + 1;
      return true;
    }
    if (buffer_.size() - used_ > max_line)
      throw Error(ErrorKind::runtime, "git printed a line longer than any it should");
    if (!fill()) {
      if (used_ == buffer_.size()) return false;
      line.assign(buffer_, used_);
      used_ = buffer_.size();
      return true;
    }
  }
}

bool GitCommand::read_exact(std::size_t n, std::string& out) {
  out.clear();
  while (out.size() < n) {
    if (used_ == buffer_.size() && !fill()) return false;
    const std::size_t take = std::min(n - out.size(), buffer_.size() - used_);
    out.append(buffer_, used_, take);
    used_ += take;
  }
  return true;
}

void GitCommand::read_rest(std::string& out) {
  out.clear();
  do {
    out.append(buffer_, used_);
    used_ = buffer_.size();
  } while (fill());
}

void GitCommand::finish(const std::string& what) {
  while (fill()) used_ = buffer_.size();  // drain what was not read, so git is not blocked
  while (err_ >= 0) take_errors();
  int status = 0;
  while (::waitpid(pid_, &status, 0) < 0) {
    if (errno != EINTR) throw Error(ErrorKind::runtime, "cannot wait for git: " + std::string(std::strerror(errno)));
  }
  pid_ = -1;
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return;
  std::string message = what + ": git failed";
  if (const std::string_view detail = trim(errors_); !detail.empty()) message += ": " + std::string(detail);
  throw Error(ErrorKind::runtime, message);
}

std::string git_output(const std::string& repository, const std::vector<std::string>& args, const std::string& what) {
  GitCommand command(repository, args);
  std::string out;
  command.read_rest(out);
  command.finish(what);
  return out;
}

}  // namespace hush::git
