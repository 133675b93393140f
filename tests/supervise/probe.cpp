// Runs the supervisor as a process of its own, so tests can send it real signals and start it as
// PID 1 of a new PID namespace. Reports on --report FD, one line per event:
//   "pid P" (its own pid), "start P", "exit P CODE", "reaped P CODE".
//
//   hush_supervise_probe [--report FD] [--signal-group] [--grace MS] [--stop-signal N]
//                        [--set NAME=VALUE]... -- COMMAND [ARGS...]
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "hush/common/error.hpp"
#include "hush/common/secret.hpp"
#include "hush/injector/supervisor.hpp"

extern char** environ;

namespace {

void say(int fd, const std::string& line) {
  if (fd < 0) return;
  const std::string text = line + "\n";
  ssize_t ignored = ::write(fd, text.data(), text.size());
  (void)ignored;
}

}  // namespace

int main(int argc, char** argv) {
  hush::injector::block_supervised_signals();
  hush::injector::SupervisorOptions options;
  int report = -1;
  hush::injector::EnvironmentBlock environment;
  for (char** entry = environ; *entry != nullptr; ++entry) environment.add(*entry);
  int i = 1;
  for (; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--") {
      ++i;
      break;
    }
    if (i + 1 >= argc) return 64;
    if (arg == "--report") {
      report = std::atoi(argv[++i]);
    } else if (arg == "--signal-group") {
      options.signal_group = true;
    } else if (arg == "--grace") {
      options.descendant_grace = std::chrono::milliseconds(std::atoi(argv[++i]));
    } else if (arg == "--stop-signal") {
      options.descendant_stop_signal = std::atoi(argv[++i]);
    } else if (arg == "--set") {
      environment.add(argv[++i]);
    } else {
      return 64;
    }
  }
  const std::vector<std::string> command(argv + i, argv + argc);
  say(report, "pid " + std::to_string(::getpid()));
  options.on_child_start = [report](pid_t pid) { say(report, "start " + std::to_string(pid)); };
  options.on_child_exit = [report](pid_t pid, int code) {
    say(report, "exit " + std::to_string(pid) + " " + std::to_string(code));
  };
  options.on_descendant_reaped = [report](pid_t pid, int code) {
    say(report, "reaped " + std::to_string(pid) + " " + std::to_string(code));
  };
  try {
    hush::injector::Supervisor supervisor(std::move(options));
    return supervisor.run(command, std::move(environment));
  } catch (const hush::Error& e) {
    std::fprintf(stderr, "hush_supervise_probe: %s\n", e.what());
    return 3;
  }
}
