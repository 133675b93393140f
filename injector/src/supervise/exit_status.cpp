#include "hush/injector/exit_status.hpp"

#include <sys/wait.h>

#include <cerrno>

namespace hush::injector {

int exit_code_from_wait_status(int status) noexcept {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return exit_signal_base + WTERMSIG(status);
  return exit_signal_base;
}

int exit_code_from_exec_errno(int error) noexcept {
  // ENOTDIR: a path component is a file, which shells also report as "not found".
  return (error == ENOENT || error == ENOTDIR) ? exit_not_found : exit_not_executable;
}

}  // namespace hush::injector
