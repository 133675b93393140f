#pragma once
// Finding and signalling what is left of the child's process tree.
#include <sys/types.h>

#include <vector>

namespace hush::injector {

// Every process whose parent chain leads to root, read from /proc.
[[nodiscard]] std::vector<pid_t> list_descendants(pid_t root);

// Sends sig to every descendant of the calling process. As PID 1 that is everything else in the
// PID namespace (kill(-1) also works where /proc belongs to another namespace).
void signal_descendants(int sig);

}  // namespace hush::injector
