#include "supervise/exec_plan.hpp"

#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <string_view>

#include "hush/common/error.hpp"
#include "hush/common/unique_fd.hpp"
#include "hush/injector/exit_status.hpp"

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
  exec_size_ = (argv_.size() + envp_.size()) * sizeof(char*);
  for (const std::string& arg : argv_storage_) exec_size_ += arg.size() + 1;
  for (std::size_t i = 0; i < environment_.size(); ++i) {
    const std::string_view entry = environment_.entry(i);
    exec_size_ += entry.size() + 1;
    if (entry.size() + 1 > largest_size_) {
      largest_size_ = entry.size() + 1;
      largest_name_ = std::string(entry.substr(0, entry.find('=')));
    }
  }
}

std::string ExecPlan::describe_too_big() const {
  // Linux takes at most 32 pages for one argument or variable (MAX_ARG_STRLEN), and for all of
  // them a quarter of the stack limit, capped at 6 MiB and never under 32 pages.
  const auto page = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
  const std::size_t one_string = 32 * page;
  if (!largest_name_.empty() && largest_size_ > one_string) {
    return "the variable " + largest_name_ + " is " + std::to_string(largest_size_ - 1) +
           " bytes with its name, over the " + std::to_string(one_string) + " bytes Linux allows one variable";
  }
  rlimit stack{};
  ::getrlimit(RLIMIT_STACK, &stack);
  std::size_t all = std::size_t{6} << 20;
  if (stack.rlim_cur != RLIM_INFINITY) all = std::min<std::size_t>(all, stack.rlim_cur / 4);
  all = std::max(all, one_string);
  std::string out = "the environment and arguments take " + std::to_string(exec_size_) + " bytes, over the " +
                    std::to_string(all) + " bytes Linux allows a new program (a quarter of the stack limit)";
  if (!largest_name_.empty())
    out += "; the largest variable is " + largest_name_ + " (" + std::to_string(largest_size_ - 1) + " bytes)";
  return out;
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
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
  }
  return result;
}

void report_exec_failure(Logger* diagnostics, const ExecPlan& plan, int error) {
  Logger text(stderr, LogFormat::text, LogLevel::error);
  Logger& out = diagnostics != nullptr ? *diagnostics : text;
  const std::string command = plan.command().empty() ? "(empty command)" : plan.command();
  if (error == ENOENT && plan.searched()) out.failure(command + ": command not found");
  else if (error == E2BIG) out.failure(command + ": " + std::strerror(error) + ": " + plan.describe_too_big());
  else out.failure(command + ": " + std::strerror(error));
}

}  // namespace hush::injector
