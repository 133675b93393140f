#pragma once
// A command made ready to exec. Everything the child touches between fork and exec is allocated
// here, before fork: a threaded process may only make async-signal-safe calls in that window.
#include <signal.h>
#include <sys/types.h>

#include <cstdio>
#include <string>
#include <vector>

#include "hush/common/log.hpp"
#include "hush/injector/environment_block.hpp"

namespace hush::injector {

class ExecPlan {
 public:
  // Takes the block over; wipe() ends it. The PATH used for the search is the one in the given
  // environment, as execvp would see it.
  ExecPlan(const std::vector<std::string>& argv, EnvironmentBlock environment);
  ~ExecPlan() { wipe(); }
  ExecPlan(const ExecPlan&) = delete;
  ExecPlan& operator=(const ExecPlan&) = delete;

  // Tries every candidate path like execvp (a file without a #! line runs under /bin/sh).
  // Returns only on failure, with the errno that decides 126 or 127. Async-signal-safe.
  int try_exec() noexcept;

  void wipe() noexcept;  // the environment block, once the exec has happened or failed

  [[nodiscard]] const std::string& command() const noexcept { return command_; }
  [[nodiscard]] bool searched() const noexcept { return searched_; }
  // Why the kernel could refuse this exec with E2BIG: the variable over the limit for one string,
  // or else the total and the largest variable. Names and sizes only, never a value.
  [[nodiscard]] std::string describe_too_big() const;

 private:
  std::string command_;
  bool searched_ = false;  // no slash in the command: looked up in PATH
  std::vector<std::string> argv_storage_;
  std::vector<char*> argv_;
  std::vector<char*> shell_argv_;  // /bin/sh CANDIDATE ARGS...: slot 1 filled per candidate
  std::vector<std::string> candidates_;
  EnvironmentBlock environment_;
  std::vector<char*> envp_;
  // Measured before the block can be wiped, for describe_too_big().
  std::string largest_name_;
  std::size_t largest_size_ = 0;  // its "NAME=value\0"
  std::size_t exec_size_ = 0;     // every argv and envp string and pointer
};

struct SpawnSetup {
  bool new_group = false;      // setpgid(0, 0)
  bool take_terminal = false;  // and make that group the terminal's foreground group
  int stdout_fd = -1;          // dup2'd onto 1 when >= 0
  int stderr_fd = -1;          // dup2'd onto 2 when >= 0
  sigset_t mask{};             // the child's signal mask
};

struct SpawnResult {
  pid_t pid = -1;
  int exec_error = 0;  // 0: the exec succeeded; else errno, and the child is already reaped
};

// Forks and execs the plan; returns after the exec succeeded or failed. The plan's environment
// is wiped before returning either way. Throws hush::Error(runtime) if pipe or fork fails.
SpawnResult spawn(ExecPlan& plan, const SpawnSetup& setup);

// "hush: CMD: command not found" and friends, through `diagnostics` (null: text on stderr).
void report_exec_failure(Logger* diagnostics, const ExecPlan& plan, int error);

}  // namespace hush::injector
