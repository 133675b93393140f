// A child with scripted behaviour for the supervisor tests. Every report is one write() of one
// line, so lines from several processes sharing a pipe never interleave.
//
//   exit N                        exit with N
//   die SIG                       kill itself with SIG (default action)
//   wait-signal REPORT            "ready PID PGID BLOCKED", then "signal N" per signal; exits
//                                 10 + N on SIGTERM, SIGINT or SIGQUIT
//   env-wait NAME REPORT          "env NAME=VALUE" (or "env NAME unset") on REPORT and stdout,
//                                 then as wait-signal
//   print-env NAME                writes VALUE and a newline to stdout
//   print-split FD CTRL A B       writes A to FD, waits for a byte on CTRL, writes B, exits 0
//   orphans REPORT HOLD CTRL MODE forks a grandchild that outlives this child: it reports
//                                 "grandchild PID", waits for EOF on HOLD, reports "released PID"
//                                 and exits 0; MODE ignore-term makes it report "term PID" on
//                                 SIGTERM and carry on. This child then reports "child ready"
//                                 and exits 3 (CTRL "-") or waits for EOF on CTRL and exits 7.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

namespace {

int report_fd = -1;  // for the SIGTERM handler of the grandchild

void say(int fd, const std::string& line) {
  const std::string text = line + "\n";
  ssize_t ignored = ::write(fd, text.data(), text.size());
  (void)ignored;
}

int number(const char* text) { return std::atoi(text); }

void wait_eof(int fd) {
  char byte = 0;
  while (true) {
    const ssize_t got = ::read(fd, &byte, 1);
    if (got == 0 || (got < 0 && errno != EINTR)) return;
  }
}

sigset_t watched() {
  sigset_t set;
  sigemptyset(&set);
  for (int sig : {SIGTERM, SIGINT, SIGQUIT, SIGHUP, SIGUSR1, SIGUSR2, SIGWINCH, SIGCONT}) sigaddset(&set, sig);
  return set;
}

int wait_signals(int fd) {
  const sigset_t set = watched();
  while (true) {
    const int sig = sigwaitinfo(&set, nullptr);
    if (sig < 0) continue;
    say(fd, "signal " + std::to_string(sig));
    if (sig == SIGTERM || sig == SIGINT || sig == SIGQUIT) return 10 + sig;
  }
}

int blocked_at_start() {
  sigset_t current;
  sigprocmask(SIG_SETMASK, nullptr, &current);
  int count = 0;
  for (int sig : {SIGTERM, SIGINT, SIGHUP, SIGCHLD, SIGUSR1, SIGPIPE}) count += sigismember(&current, sig);
  return count;
}

void on_term(int /*sig*/) {
  char line[64];
  const int n = std::snprintf(line, sizeof line, "term %d\n", static_cast<int>(::getpid()));
  ssize_t ignored = ::write(report_fd, line, static_cast<std::size_t>(n));
  (void)ignored;
}

int orphans(int report, int hold, const char* ctrl, bool ignore_term) {
  int sync[2];
  if (::pipe(sync) != 0) return 90;
  const pid_t middle = ::fork();
  if (middle < 0) return 91;
  if (middle == 0) {
    const pid_t grandchild = ::fork();
    if (grandchild < 0) ::_exit(92);
    if (grandchild == 0) {
      ::close(sync[0]);
      report_fd = report;
      if (ignore_term) {
        struct sigaction action {};
        action.sa_handler = on_term;
        sigemptyset(&action.sa_mask);
        ::sigaction(SIGTERM, &action, nullptr);
      }
      say(report, "grandchild " + std::to_string(::getpid()));
      ::close(sync[1]);  // ready: the middle process may exit now
      wait_eof(hold);
      say(report, "released " + std::to_string(::getpid()));
      ::_exit(0);
    }
    ::close(sync[1]);
    wait_eof(sync[0]);
    ::_exit(0);  // orphans the grandchild
  }
  ::close(sync[1]);
  ::close(sync[0]);
  int status = 0;
  ::waitpid(middle, &status, 0);
  say(report, "child ready");
  if (std::strcmp(ctrl, "-") == 0) return 3;
  wait_eof(number(ctrl));
  return 7;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string mode = argc > 1 ? argv[1] : "";
  if (mode == "exit" && argc == 3) return number(argv[2]);
  if (mode == "die" && argc == 3) {
    const int sig = number(argv[2]);
    ::signal(sig, SIG_DFL);
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, sig);
    sigprocmask(SIG_UNBLOCK, &set, nullptr);
    ::raise(sig);
    return 99;
  }
  if ((mode == "wait-signal" && argc == 3) || (mode == "env-wait" && argc == 4)) {
    const int blocked = blocked_at_start();
    const sigset_t set = watched();
    sigprocmask(SIG_BLOCK, &set, nullptr);
    const int fd = number(argv[argc - 1]);
    if (mode == "env-wait") {
      const char* value = std::getenv(argv[2]);
      const std::string line =
          std::string("env ") + argv[2] + (value ? std::string("=") + value : std::string(" unset"));
      say(fd, line);
      say(STDOUT_FILENO, line);
    }
    say(fd, "ready " + std::to_string(::getpid()) + " " + std::to_string(::getpgrp()) + " " + std::to_string(blocked));
    return wait_signals(fd);
  }
  if (mode == "print-env" && argc == 3) {
    const char* value = std::getenv(argv[2]);
    say(STDOUT_FILENO, value ? value : "(unset)");
    return 0;
  }
  if (mode == "print-split" && argc == 6) {
    const int fd = number(argv[2]);
    ssize_t ignored = ::write(fd, argv[4], std::strlen(argv[4]));
    char byte = 0;
    ignored = ::read(number(argv[3]), &byte, 1);
    ignored = ::write(fd, argv[5], std::strlen(argv[5]));
    (void)ignored;
    return 0;
  }
  if (mode == "orphans" && argc == 6) {
    return orphans(number(argv[2]), number(argv[3]), argv[4], std::strcmp(argv[5], "ignore-term") == 0);
  }
  std::fprintf(stderr, "hush_supervise_child: bad arguments\n");
  return 64;
}
