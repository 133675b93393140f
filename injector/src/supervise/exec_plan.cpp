#include "supervise/exec_plan.hpp"

#include <fcntl.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string_view>

#include "hush/common/error.hpp"
#include "hush/injector/exit_status.hpp"
#include "supervise/unique_fd.hpp"

namespace hush::injector {
namespace {

// What execvp uses when the environment has no PATH.
constexpr std::string_view default_path = "/bin:/usr/bin";

std::string_view path_of(const EnvironmentBlock& environment) {
  return environment.find("PATH").value_or(default_path);
}

std::vector<std::string> candidates_for(const std::string& command, std::string_view path) {
  std::vector<std::string> out;
  if (command.empty()) return out;
  if (command.find('/') != std::string::npos) {
    out.push_back(command);
    return out;
  }
  while (true) {
    const std::size_t colon = path.find(':');
    const std::string_view dir = path.substr(0, colon);
    // An empty element means the current directory, as in execvp.
    out.push_back(dir.empty() ? command : std::string(dir) + "/" + command);
    if (colon == std::string_view::npos) break;
    path.remove_prefix(colon + 1);
  }
  return out;
}

// Errors after which execvp tries the next PATH element.
bool try_next(int error) noexcept {
  return error == ENOENT || error == ENOTDIR || error == ESTALE || error == ENODEV || error == ETIMEDOUT;
}

}  // namespace

ExecPlan::ExecPlan(const std::vector<std::string>& argv, EnvironmentBlock environment)
    : command_(argv.empty() ? std::string() : argv.front()), argv_storage_(argv), environment_(std::move(environment)) {
  searched_ = !command_.empty() && command_.find('/') == std::string::npos;
  candidates_ = candidates_for(command_, path_of(environment_));
  for (std::string& arg : argv_storage_) argv_.push_back(arg.data());
  argv_.push_back(nullptr);
  static const char* const shell = "/bin/sh";
  shell_argv_.push_back(const_cast<char*>(shell));
  shell_argv_.push_back(nullptr);
  for (std::size_t i = 1; i < argv_storage_.size(); ++i) shell_argv_.push_back(argv_storage_[i].data());
  shell_argv_.push_back(nullptr);
  envp_ = environment_.pointers();
}

int ExecPlan::try_exec() noexcept {
  if (candidates_.empty()) return ENOENT;
  bool denied = false;
  int error = ENOENT;
  for (std::string& candidate : candidates_) {
    ::execve(candidate.c_str(), argv_.data(), envp_.data());
    error = errno;
    if (error == ENOEXEC) {
      shell_argv_[1] = candidate.data();
      ::execve(shell_argv_[0], shell_argv_.data(), envp_.data());
      return ENOEXEC;
    }
    if (error == EACCES) {
      denied = true;
      continue;
    }
    if (!try_next(error)) return error;
  }
  return denied ? EACCES : error;
}

void ExecPlan::wipe() noexcept {
  environment_.wipe();
  for (char*& p : envp_) p = nullptr;
}

SpawnResult spawn(ExecPlan& plan, const SpawnSetup& setup) {
  int report[2];
  if (::pipe2(report, O_CLOEXEC) != 0) {
    plan.wipe();
    throw Error(ErrorKind::runtime, std::string("cannot start the child: pipe: ") + std::strerror(errno));
  }
  UniqueFd report_read(report[0]);
  UniqueFd report_write(report[1]);

  const pid_t pid = ::fork();
  if (pid < 0) {
    const int error = errno;
    plan.wipe();
    throw Error(ErrorKind::runtime, std::string("cannot start the child: fork: ") + std::strerror(error));
  }
  if (pid == 0) {
    // Child: async-signal-safe calls only.
    if (setup.new_group) {
      ::setpgid(0, 0);
      // SIGTTOU is still blocked here, so a background caller may take the terminal.
      if (setup.take_terminal) ::tcsetpgrp(STDIN_FILENO, ::getpid());
    }
    if (setup.stdout_fd >= 0) {
      if (setup.stdout_fd == STDOUT_FILENO) ::fcntl(STDOUT_FILENO, F_SETFD, 0);
      else ::dup2(setup.stdout_fd, STDOUT_FILENO);
    }
    if (setup.stderr_fd >= 0) {
      if (setup.stderr_fd == STDERR_FILENO) ::fcntl(STDERR_FILENO, F_SETFD, 0);
      else ::dup2(setup.stderr_fd, STDERR_FILENO);
    }
    ::sigprocmask(SIG_SETMASK, &setup.mask, nullptr);
    int error = plan.try_exec();
    ssize_t ignored = ::write(report[1], &error, sizeof error);
    (void)ignored;
    ::_exit(exit_code_from_exec_errno(error));
  }

  report_write.reset();
  // Also from the parent, so signals to the group cannot race the child's own setpgid.
  if (setup.new_group) ::setpgid(pid, pid);
  SpawnResult result;
  result.pid = pid;
  int error = 0;
  ssize_t got = 0;
  do {
    got = ::read(report_read.get(), &error, sizeof error);
  } while (got < 0 && errno == EINTR);
  plan.wipe();
  if (got == static_cast<ssize_t>(sizeof error)) {
    result.exec_error = error;
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
  }
  return result;
}

void report_exec_failure(std::FILE* diagnostics, const ExecPlan& plan, int error) {
  if (diagnostics == nullptr) return;
  const std::string& command = plan.command();
  if (error == ENOENT && plan.searched()) {
    std::fprintf(diagnostics, "hush: %s: command not found\n", command.c_str());
  } else {
    std::fprintf(diagnostics, "hush: %s: %s\n", command.empty() ? "(empty command)" : command.c_str(),
                 std::strerror(error));
  }
  std::fflush(diagnostics);
}

}  // namespace hush::injector
