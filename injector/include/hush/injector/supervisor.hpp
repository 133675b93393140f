#pragma once
// Runs one command as hush's child and supervises it the way a container init should:
//
// - Signals: every catchable signal except SIGCHLD is forwarded to the child (or to its process
//   group with signal_group). Not forwarded: the synchronous faults (SIGSEGV, SIGBUS, SIGFPE,
//   SIGILL, SIGTRAP, SIGSYS, SIGABRT describe hush itself), and SIGPIPE, SIGTTIN, SIGTTOU, which
//   the kernel raises for hush's own output and terminal use. SIGTSTP is forwarded and hush keeps
//   running, so interactive job control suspends the child only. Signals are read from a signalfd
//   by one poll loop; nothing runs in a signal handler.
// - Reaping: as PID 1 every zombie is reaped; otherwise hush becomes a child subreaper so orphans
//   of the child are re-parented to it and reaped too.
// - Exit: the child's exit code, or 128 + the number of the signal that killed it; 127 when the
//   command is not found, 126 when it is found but cannot be executed (a message naming the
//   command goes to the diagnostics stream, never the environment).
// - Shutdown: once the child has exited, remaining descendants get descendant_stop_signal, then
//   descendant_grace to exit, then SIGKILL.
// - Environment: entries ("NAME=value") are copied into one guarded block right before fork and
//   every parent copy is wiped as soon as the exec has succeeded or failed (reported through a
//   close-on-exec pipe).
//
// While a Supervisor runs it owns every child of the process: it reaps with waitpid(-1).
// Signals must be blocked in every thread, or a thread that does not block them may take a
// signal meant for the child: call block_supervised_signals() first thing in main, or at least
// before starting any thread; threads started later inherit the mask. The Supervisor blocks them
// in its own thread as well, and children start with them unblocked.
#include <signal.h>
#include <sys/types.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "hush/common/log.hpp"
#include "hush/common/secret.hpp"
#include "hush/injector/environment_block.hpp"

namespace hush::injector {

// Blocks, in the calling thread, every signal the supervisor handles.
void block_supervised_signals() noexcept;

class Supervisor;

struct SupervisorOptions {
  bool signal_group = false;             // child in its own process group; signals go to the group
  bool become_subreaper = true;          // when not PID 1
  int descendant_stop_signal = SIGTERM;  // 0: only wait for leftovers
  std::chrono::milliseconds descendant_grace{std::chrono::seconds(10)};

  // Pipe the child's stdout and stderr through maskers (see masking.hpp) to output_fd/error_fd.
  bool mask_output = false;
  int output_fd = STDOUT_FILENO;
  int error_fd = STDERR_FILENO;

  Logger* diagnostics = nullptr;  // exec failure messages (Logger::failure); null: text on stderr

  // Called on the loop thread every tick_interval (zero: never).
  std::chrono::milliseconds tick_interval{0};
  std::function<void(Supervisor&)> on_tick;

  // Observation hooks, called on the loop thread.
  std::function<void(pid_t pid)> on_child_start;
  std::function<void(pid_t pid, int exit_code)> on_child_exit;         // every child, restarts too
  std::function<void(pid_t pid, int exit_code)> on_descendant_reaped;  // adopted orphans
};

class Supervisor {
 public:
  // Blocks the supervised signals in the calling thread (restored by the destructor), opens the
  // signalfd and wake-up eventfd, and becomes a subreaper if asked. Construct it on the thread
  // that will call run().
  explicit Supervisor(SupervisorOptions options);
  ~Supervisor();
  Supervisor(const Supervisor&) = delete;
  Supervisor& operator=(const Supervisor&) = delete;

  // Starts argv with exactly this environment and supervises until the child has exited and its
  // descendants are gone; returns hush's exit code. masked_values are read during the call only
  // (with mask_output). Call once. Throws hush::Error(runtime) when a pipe or fork fails.
  int run(const std::vector<std::string>& argv, EnvironmentBlock environment,
          std::span<const std::string_view> masked_values = {});

  // --- Loop thread only: from on_tick, a hook, or a task given to post(). ---

  // Sends sig to the child (or its group). Dropped when no child is running.
  void send_signal(int sig);
  // Stops the child with stop_signal, waits up to grace, then SIGKILL, then starts the same argv
  // with the new environment and masked values. A restart requested while one is in progress
  // replaces its environment. Ignored once the child has exited on its own.
  void restart(EnvironmentBlock environment, std::span<const std::string_view> masked_values, int stop_signal = SIGTERM,
               std::chrono::milliseconds grace = std::chrono::seconds(10));
  [[nodiscard]] pid_t child_pid() const noexcept;
  [[nodiscard]] int restarts() const noexcept;

  // --- Any thread. ---

  // Runs task on the loop thread soon (wakes the loop through an eventfd).
  void post(std::function<void(Supervisor&)> task);
  void request_signal(int sig);
  void request_restart(EnvironmentBlock environment, std::vector<SecretBuffer> masked_values, int stop_signal = SIGTERM,
                       std::chrono::milliseconds grace = std::chrono::seconds(10));

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

// --exec mode: replaces the process image with argv (PATH searched in the given environment)
// with supervised signals unblocked. Returns only on failure: 126 or 127, after the message.
int exec_replace(const std::vector<std::string>& argv, EnvironmentBlock environment, Logger* diagnostics = nullptr);

}  // namespace hush::injector
