#pragma once
// Which signals the supervisor takes over, and what it does with each.
#include <signal.h>

namespace hush::injector {

// Every signal the supervisor reads from its signalfd: the forwarded ones plus SIGCHLD and the
// ones it consumes (SIGPIPE, SIGTTIN, SIGTTOU).
[[nodiscard]] sigset_t supervised_signals() noexcept;

// True for the signals passed on to the child. Not forwarded: SIGCHLD (reaping), SIGKILL and
// SIGSTOP (uncatchable), the synchronous faults (SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGTRAP,
// SIGSYS, SIGABRT: they describe hush itself), and SIGPIPE, SIGTTIN, SIGTTOU, which the kernel
// raises for hush's own writes and terminal reads and which mean nothing to the child.
[[nodiscard]] bool is_forwarded(int sig) noexcept;

// The calling thread's mask with the supervised signals removed: what a child starts with.
[[nodiscard]] sigset_t child_signal_mask() noexcept;

}  // namespace hush::injector
