#include "peer_process.hpp"

#include <poll.h>
#include <signal.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <stdexcept>

namespace hush_stores {

PeerProcess::PeerProcess(const std::vector<std::string>& argv) {
  int out[2];
  if (pipe(out) != 0) throw std::runtime_error("pipe failed");
  pid_ = fork();
  if (pid_ < 0) throw std::runtime_error("fork failed");
  if (pid_ == 0) {
    dup2(out[1], STDOUT_FILENO);
    close(out[0]);
    close(out[1]);
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    execvp(args[0], args.data());
    _exit(127);
  }
  close(out[1]);
  std::FILE* stream = fdopen(out[0], "r");
  char line[256] = {};
  const bool got = stream != nullptr && std::fgets(line, sizeof line, stream) != nullptr;
  if (stream != nullptr) std::fclose(stream);  // the peer's later output goes nowhere; it must not block on it
  if (!got || std::sscanf(line, "LISTENING %d", &port_) != 1) {
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
    throw std::runtime_error("test peer did not start: " + argv.front());
  }
}

namespace {

// Whether `pid` exited within `timeout_ms`, waited on through a pidfd (a readiness event, not a
// sleep). False also when pidfds are unavailable.
bool exits_within(pid_t pid, int timeout_ms) {
  const auto fd = static_cast<int>(syscall(SYS_pidfd_open, pid, 0));
  if (fd < 0) return false;
  pollfd ready{fd, POLLIN, 0};
  const bool exited = poll(&ready, 1, timeout_ms) == 1;
  close(fd);
  return exited;
}

}  // namespace

PeerProcess::~PeerProcess() {
  if (pid_ <= 0) return;
  // A peer that hangs on its way out must not hang the test run: it gets a bounded time to stop
  // (a peer may have its own child to stop), then it is killed.
  kill(pid_, SIGTERM);
  if (!exits_within(pid_, 10000)) kill(pid_, SIGKILL);
  waitpid(pid_, nullptr, 0);
}

std::optional<int> fixture_peer_port(const char* variable) {
  const char* state = std::getenv(variable);
  if (state == nullptr || *state == '\0') return std::nullopt;
  std::ifstream in(state);
  long pid = 0;
  int port = 0;
  if (!(in >> pid >> port) || port <= 0) return std::nullopt;
  return port;
}

std::string PeerProcess::base_url(const std::string& scheme) const {
  return scheme + "://127.0.0.1:" + std::to_string(port_);
}

}  // namespace hush_stores
