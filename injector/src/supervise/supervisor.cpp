#include "hush/injector/supervisor.hpp"

#include <poll.h>
#include <pthread.h>
#include <sys/eventfd.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <termios.h>

#include <cerrno>
#include <cstring>
#include <mutex>
#include <optional>
#include <utility>

#include "hush/common/error.hpp"
#include "hush/common/unique_fd.hpp"
#include "hush/injector/exit_status.hpp"
#include "hush/injector/masking.hpp"
#include "supervise/descendants.hpp"
#include "supervise/exec_plan.hpp"
#include "supervise/output_pump.hpp"
#include "supervise/signals.hpp"

namespace hush::injector {
namespace {

using Clock = std::chrono::steady_clock;

enum class Phase { idle, running, restarting, draining, done };

struct RestartRequest {
  EnvironmentBlock environment;
  std::vector<SecretBuffer> masked_values;
  int stop_signal = SIGTERM;
  std::chrono::milliseconds grace{0};
};

// A cross-thread request: a task, or a restart (move-only, so not a std::function).
struct Request {
  std::function<void(Supervisor&)> task;
  std::optional<RestartRequest> restart;
};

struct PendingRestart {
  EnvironmentBlock environment;
  std::shared_ptr<const MaskSet> masks;
};

// Restores the caller's signal mask when the supervisor goes away.
class MaskRestore {
 public:
  MaskRestore() {
    const sigset_t set = supervised_signals();
    pthread_sigmask(SIG_BLOCK, &set, &previous_);
  }
  ~MaskRestore() { pthread_sigmask(SIG_SETMASK, &previous_, nullptr); }
  MaskRestore(const MaskRestore&) = delete;
  MaskRestore& operator=(const MaskRestore&) = delete;

 private:
  sigset_t previous_{};
};

// A descriptor that becomes readable when pid exits, so the child's exit wakes the loop even if
// some thread that does not block SIGCHLD took the signal. -1 on kernels without pidfd.
int open_pidfd(pid_t pid) {
#ifdef SYS_pidfd_open
  return static_cast<int>(::syscall(SYS_pidfd_open, pid, 0));
#else
  (void)pid;
  return -1;
#endif
}

bool has_children() {
  siginfo_t info{};
  return ::waitid(P_ALL, 0, &info, WEXITED | WNOHANG | WNOWAIT) == 0;
}

// Terminating signals that cancel a pending restart: the operator wants the child gone.
bool cancels_restart(int sig) { return sig == SIGTERM || sig == SIGINT || sig == SIGQUIT; }

}  // namespace

struct Supervisor::Impl {
  explicit Impl(SupervisorOptions opts) : options(std::move(opts)) {}

  SupervisorOptions options;
  MaskRestore mask_restore;  // first: blocked before the signalfd exists
  UniqueFd signal_fd;
  UniqueFd wake_fd;
  sigset_t child_mask{};
  bool is_init = false;
  int previous_subreaper = 0;
  bool subreaper_set = false;

  std::vector<std::string> argv;
  bool take_terminal = false;
  std::unique_ptr<OutputPump> out;
  std::unique_ptr<OutputPump> err;

  Phase phase = Phase::idle;
  pid_t child = -1;
  UniqueFd child_exit_fd;  // pidfd of child
  int exit_code = 0;
  int restarts = 0;
  std::optional<PendingRestart> pending_restart;
  std::optional<Clock::time_point> restart_deadline;
  std::optional<Clock::time_point> descendant_deadline;
  bool descendants_killed = false;
  std::optional<Clock::time_point> next_tick;

  std::mutex mutex;
  std::vector<Request> requests;

  void wake() const noexcept {
    const std::uint64_t one = 1;
    ssize_t ignored = ::write(wake_fd.get(), &one, sizeof one);
    (void)ignored;
  }
};

namespace {

void kill_child(const Supervisor::Impl& s, int sig) {
  if (s.child <= 0) return;
  if (s.options.signal_group) {
    ::kill(-s.child, sig);
  } else {
    ::kill(s.child, sig);
  }
}

void use_masks(Supervisor::Impl& s, const std::shared_ptr<const MaskSet>& masks) {
  if (s.out) s.out->use_mask(masks);
  if (s.err) s.err->use_mask(masks);
}

void drain_outputs(Supervisor::Impl& s) {
  if (s.out) s.out->drain();
  if (s.err) s.err->drain();
}

// Returns 0 when the child runs, else the exec failure's exit code.
int start_child(Supervisor::Impl& s, EnvironmentBlock environment) {
  ExecPlan plan(s.argv, std::move(environment));
  SpawnSetup setup;
  setup.new_group = s.options.signal_group;
  setup.take_terminal = s.take_terminal;
  setup.stdout_fd = s.out ? s.out->child_fd() : -1;
  setup.stderr_fd = s.err ? s.err->child_fd() : -1;
  setup.mask = s.child_mask;
  const SpawnResult result = spawn(plan, setup);
  if (result.exec_error != 0) {
    report_exec_failure(s.options.diagnostics, plan, result.exec_error);
    const int code = exit_code_from_exec_errno(result.exec_error);
    if (s.options.on_child_exit) s.options.on_child_exit(result.pid, code);
    return code;
  }
  s.child = result.pid;
  s.child_exit_fd.reset(open_pidfd(result.pid));
  if (s.options.on_child_start) s.options.on_child_start(result.pid);
  return 0;
}

void begin_shutdown(Supervisor::Impl& s, int code) {
  s.exit_code = code;
  s.phase = Phase::draining;
  s.pending_restart.reset();
  s.restart_deadline.reset();
  if (!has_children()) return;
  if (s.options.descendant_stop_signal != 0) signal_descendants(s.options.descendant_stop_signal);
  s.descendant_deadline = Clock::now() + s.options.descendant_grace;
}

void child_exited(Supervisor::Impl& s, int code) {
  const pid_t pid = std::exchange(s.child, -1);
  s.child_exit_fd.reset();
  if (s.options.on_child_exit) s.options.on_child_exit(pid, code);
  if (s.phase != Phase::restarting || !s.pending_restart) {
    begin_shutdown(s, code);
    return;
  }
  PendingRestart next = std::move(*s.pending_restart);
  s.pending_restart.reset();
  s.restart_deadline.reset();
  // What the old child wrote is all in the pipes now; it goes out under the old masks.
  drain_outputs(s);
  if (s.out || s.err) use_masks(s, next.masks);
  ++s.restarts;
  const int rc = start_child(s, std::move(next.environment));
  if (rc != 0) {
    begin_shutdown(s, rc);
  } else {
    s.phase = Phase::running;
  }
}

void reap(Supervisor::Impl& s) {
  bool children_left = true;
  while (true) {
    int status = 0;
    const pid_t pid = ::waitpid(-1, &status, WNOHANG);
    if (pid == 0) break;
    if (pid < 0) {
      if (errno == EINTR) continue;
      children_left = false;  // ECHILD
      break;
    }
    const int code = exit_code_from_wait_status(status);
    if (pid == s.child) {
      child_exited(s, code);
    } else if (s.options.on_descendant_reaped) {
      s.options.on_descendant_reaped(pid, code);
    }
  }
  if (s.phase != Phase::draining) return;
  if (!children_left) {
    s.phase = Phase::done;
  } else if (s.descendants_killed) {
    // Orphans re-parented since the last round, or forked just before it.
    signal_descendants(SIGKILL);
  }
}

void forward(Supervisor::Impl& s, int sig) {
  switch (s.phase) {
    case Phase::running:
      kill_child(s, sig);
      break;
    case Phase::restarting:
      kill_child(s, sig);
      if (cancels_restart(sig)) {
        s.pending_restart.reset();
        s.restart_deadline.reset();
        s.phase = Phase::running;  // its exit now ends supervision
      }
      break;
    case Phase::draining:
      signal_descendants(sig);
      break;
    case Phase::idle:
    case Phase::done:
      break;
  }
}

void read_signals(Supervisor::Impl& s) {
  signalfd_siginfo info{};
  while (::read(s.signal_fd.get(), &info, sizeof info) == static_cast<ssize_t>(sizeof info)) {
    const int sig = static_cast<int>(info.ssi_signo);
    if (is_forwarded(sig)) forward(s, sig);
  }
}

void run_timers(Supervisor::Impl& s, Supervisor& self) {
  const Clock::time_point now = Clock::now();
  if (s.restart_deadline && now >= *s.restart_deadline) {
    s.restart_deadline.reset();
    kill_child(s, SIGKILL);
  }
  if (s.phase == Phase::draining && s.descendant_deadline && now >= *s.descendant_deadline) {
    s.descendant_deadline.reset();
    s.descendants_killed = true;
    signal_descendants(SIGKILL);
  }
  if (s.next_tick && now >= *s.next_tick && s.phase != Phase::done) {
    s.next_tick = *s.next_tick + s.options.tick_interval;
    if (*s.next_tick <= now) s.next_tick = now + s.options.tick_interval;  // fell behind: skip, do not burst
    if (s.options.on_tick) s.options.on_tick(self);
  }
}

int poll_timeout(const Supervisor::Impl& s) {
  std::optional<Clock::time_point> earliest;
  auto consider = [&](const std::optional<Clock::time_point>& t) {
    if (t && (!earliest || *t < *earliest)) earliest = t;
  };
  consider(s.restart_deadline);
  if (s.phase == Phase::draining) consider(s.descendant_deadline);
  consider(s.next_tick);
  if (!earliest) return -1;
  const auto left = std::chrono::ceil<std::chrono::milliseconds>(*earliest - Clock::now()).count();
  return left <= 0 ? 0 : static_cast<int>(std::min<long long>(left, 60'000));
}

}  // namespace

Supervisor::Supervisor(SupervisorOptions options) : impl_(std::make_unique<Impl>(std::move(options))) {
  Impl& s = *impl_;
  const sigset_t set = supervised_signals();
  s.signal_fd.reset(::signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC));
  if (!s.signal_fd) throw Error(ErrorKind::runtime, std::string("signalfd: ") + std::strerror(errno));
  s.wake_fd.reset(::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC));
  if (!s.wake_fd) throw Error(ErrorKind::runtime, std::string("eventfd: ") + std::strerror(errno));
  s.child_mask = child_signal_mask();
  s.is_init = ::getpid() == 1;
  if (!s.is_init && s.options.become_subreaper) {
    ::prctl(PR_GET_CHILD_SUBREAPER, &s.previous_subreaper, 0, 0, 0);
    s.subreaper_set = ::prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0;
  }
}

Supervisor::~Supervisor() {
  Impl& s = *impl_;
  if (s.subreaper_set) ::prctl(PR_SET_CHILD_SUBREAPER, s.previous_subreaper, 0, 0, 0);
  // Signals that came after the end are the child's business, not a reason to kill hush when
  // the mask is restored.
  signalfd_siginfo info{};
  while (::read(s.signal_fd.get(), &info, sizeof info) == static_cast<ssize_t>(sizeof info)) {}
}

int Supervisor::run(const std::vector<std::string>& argv, EnvironmentBlock environment,
                    std::span<const std::string_view> masked_values) {
  Impl& s = *impl_;
  if (s.phase != Phase::idle) throw Error(ErrorKind::runtime, "a supervisor runs one command");
  s.argv = argv;
  s.take_terminal = s.options.signal_group && ::isatty(STDIN_FILENO) == 1 && ::tcgetpgrp(STDIN_FILENO) == ::getpgrp();
  if (s.options.mask_output) {
    s.out = std::make_unique<OutputPump>(s.options.output_fd);
    s.err = std::make_unique<OutputPump>(s.options.error_fd);
    use_masks(s, std::make_shared<const MaskSet>(masked_values));
  }
  if (s.options.tick_interval.count() > 0) s.next_tick = Clock::now() + s.options.tick_interval;

  const int rc = start_child(s, std::move(environment));
  if (rc != 0) {
    begin_shutdown(s, rc);
  } else {
    s.phase = Phase::running;
  }

  while (s.phase != Phase::done) {
    pollfd fds[5] = {{s.signal_fd.get(), POLLIN, 0},
                     {s.wake_fd.get(), POLLIN, 0},
                     {-1, POLLIN, 0},
                     {-1, POLLIN, 0},
                     {s.child_exit_fd.get(), POLLIN, 0}};
    if (s.out) fds[2].fd = s.out->read_fd();
    if (s.err) fds[3].fd = s.err->read_fd();
    const int ready = ::poll(fds, 5, poll_timeout(s));
    if (ready < 0 && errno != EINTR) throw Error(ErrorKind::runtime, std::string("poll: ") + std::strerror(errno));
    if (ready > 0 && (fds[0].revents & POLLIN) != 0) read_signals(s);
    // Every wake-up reaps, whatever woke it: a lost SIGCHLD must not leave a zombie.
    reap(s);
    if (ready > 0 && (fds[1].revents & POLLIN) != 0) {
      std::uint64_t count = 0;
      ssize_t ignored = ::read(s.wake_fd.get(), &count, sizeof count);
      (void)ignored;
      std::vector<Request> requests;
      {
        std::lock_guard lock(s.mutex);
        requests.swap(s.requests);
      }
      for (Request& request : requests) {
        if (request.task) request.task(*this);
        if (request.restart) {
          std::vector<std::string_view> views;
          for (const SecretBuffer& value : request.restart->masked_values) views.push_back(value.view());
          restart(std::move(request.restart->environment), views, request.restart->stop_signal, request.restart->grace);
        }
      }
      reap(s);
    }
    if (s.out && ready > 0 && (fds[2].revents & (POLLIN | POLLHUP)) != 0) s.out->pump();
    if (s.err && ready > 0 && (fds[3].revents & (POLLIN | POLLHUP)) != 0) s.err->pump();
    run_timers(s, *this);
  }
  if (s.out) s.out->finish();
  if (s.err) s.err->finish();
  return s.exit_code;
}

void Supervisor::send_signal(int sig) {
  Impl& s = *impl_;
  if (s.phase == Phase::running || s.phase == Phase::restarting) kill_child(s, sig);
}

void Supervisor::restart(EnvironmentBlock environment, std::span<const std::string_view> masked_values, int stop_signal,
                         std::chrono::milliseconds grace) {
  Impl& s = *impl_;
  if (s.phase != Phase::running && s.phase != Phase::restarting) return;
  std::shared_ptr<const MaskSet> masks;
  if (s.options.mask_output) masks = std::make_shared<const MaskSet>(masked_values);
  const bool in_progress = s.phase == Phase::restarting && s.pending_restart;
  s.pending_restart = PendingRestart{std::move(environment), std::move(masks)};
  if (in_progress) return;
  s.phase = Phase::restarting;
  s.restart_deadline = Clock::now() + grace;
  if (stop_signal != 0) kill_child(s, stop_signal);
}

pid_t Supervisor::child_pid() const noexcept { return impl_->child; }
int Supervisor::restarts() const noexcept { return impl_->restarts; }

void Supervisor::post(std::function<void(Supervisor&)> task) {
  {
    std::lock_guard lock(impl_->mutex);
    impl_->requests.push_back(Request{std::move(task), std::nullopt});
  }
  impl_->wake();
}

void Supervisor::request_signal(int sig) {
  post([sig](Supervisor& self) { self.send_signal(sig); });
}

void Supervisor::request_restart(EnvironmentBlock environment, std::vector<SecretBuffer> masked_values, int stop_signal,
                                 std::chrono::milliseconds grace) {
  {
    std::lock_guard lock(impl_->mutex);
    impl_->requests.push_back(
        Request{{}, RestartRequest{std::move(environment), std::move(masked_values), stop_signal, grace}});
  }
  impl_->wake();
}

int exec_replace(const std::vector<std::string>& argv, EnvironmentBlock environment, Logger* diagnostics) {
  ExecPlan plan(argv, std::move(environment));
  const sigset_t mask = child_signal_mask();
  sigset_t previous;
  pthread_sigmask(SIG_SETMASK, &mask, &previous);
  const int error = plan.try_exec();
  pthread_sigmask(SIG_SETMASK, &previous, nullptr);
  plan.wipe();
  report_exec_failure(diagnostics, plan, error);
  return exit_code_from_exec_errno(error);
}

}  // namespace hush::injector
