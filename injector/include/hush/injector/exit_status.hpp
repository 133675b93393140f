#pragma once
// How a supervisor turns what happened to its child into its own exit code, the way shells do.
namespace hush::injector {

inline constexpr int exit_not_executable = 126;
inline constexpr int exit_not_found = 127;
inline constexpr int exit_signal_base = 128;

// The exit code for a wait status: the child's exit code, or 128 + the terminating signal.
[[nodiscard]] int exit_code_from_wait_status(int status) noexcept;

// The exit code for an execve failure errno: 127 when the command does not exist, else 126.
[[nodiscard]] int exit_code_from_exec_errno(int error) noexcept;

}  // namespace hush::injector
