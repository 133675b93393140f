#include "supervise/signals.hpp"

#include <pthread.h>

#include "hush/injector/supervisor.hpp"

namespace hush::injector {
namespace {

bool is_consumed(int sig) noexcept { return sig == SIGCHLD || sig == SIGPIPE || sig == SIGTTIN || sig == SIGTTOU; }

bool is_untouched(int sig) noexcept {
  switch (sig) {
    case SIGKILL:
    case SIGSTOP:
    case SIGSEGV:
    case SIGBUS:
    case SIGFPE:
    case SIGILL:
    case SIGTRAP:
    case SIGSYS:
    case SIGABRT:
      return true;
    default:
      // The C library keeps the first few real-time signals for its threads.
      return sig > SIGSYS && sig < SIGRTMIN;
  }
}

}  // namespace

bool is_forwarded(int sig) noexcept {
  if (sig <= 0 || sig > SIGRTMAX) return false;
  return !is_untouched(sig) && !is_consumed(sig);
}

sigset_t supervised_signals() noexcept {
  sigset_t set;
  sigemptyset(&set);
  for (int sig = 1; sig <= SIGRTMAX; ++sig) {
    if (is_forwarded(sig) || is_consumed(sig)) sigaddset(&set, sig);
  }
  return set;
}

sigset_t child_signal_mask() noexcept {
  sigset_t mask;
  sigemptyset(&mask);
  pthread_sigmask(SIG_SETMASK, nullptr, &mask);
  const sigset_t supervised = supervised_signals();
  for (int sig = 1; sig <= SIGRTMAX; ++sig) {
    if (sigismember(&supervised, sig) == 1) sigdelset(&mask, sig);
  }
  return mask;
}

void block_supervised_signals() noexcept {
  const sigset_t set = supervised_signals();
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
}

}  // namespace hush::injector
