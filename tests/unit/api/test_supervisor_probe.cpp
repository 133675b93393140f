// The supervisor as a process of its own (tests/supervise/probe.cpp): real signals sent to it are
// forwarded, and as PID 1 of a new PID namespace it reaps and kills orphans.
#include <signal.h>

#include <algorithm>
#include <string>
#include <vector>

#include "catch.hpp"
#include "test_supervisor_support.hpp"

using namespace hush::test;

namespace {

bool contains(const std::vector<std::string>& lines, const std::string& line) {
  return std::find(lines.begin(), lines.end(), line) != lines.end();
}

std::ptrdiff_t index_of(const std::vector<std::string>& lines, const std::string& line) {
  return std::find(lines.begin(), lines.end(), line) - lines.begin();
}

// The probe supervising a child that reports and exits on SIGTERM/SIGINT/SIGQUIT.
struct SignalProbe {
  Pipe report;
  pid_t pid;
  pid_t child = 0;
  pid_t child_group = 0;
  long blocked = -1;
  LineReader reader;

  Watchdog watchdog;

  explicit SignalProbe(const std::vector<std::string>& flags) : pid(0), reader(report.read.get()) {
    inheritable(report.write);
    std::vector<std::string> argv{supervise_probe, "--report", number(report.write)};
    argv.insert(argv.end(), flags.begin(), flags.end());
    argv.insert(argv.end(), {"--", supervise_child, "wait-signal", number(report.write)});
    pid = start_process(argv);
    report.write.reset();
    if (const auto ready = reader.until("ready")) {
      child = static_cast<pid_t>(field(*ready, 1));
      child_group = static_cast<pid_t>(field(*ready, 2));
      blocked = field(*ready, 3);
    }
  }

  // Sends sig to the probe and waits until the child reports it. When it never arrives, the
  // child is killed directly so that the probe ends and the test fails instead of hanging.
  bool deliver(int sig) {
    ::kill(pid, sig);
    if (reader.until("signal " + std::to_string(sig))) return true;
    if (child > 0) ::kill(child, SIGKILL);
    return false;
  }
};

// The probe over the "orphans" child, which leaves a grandchild that lives until `hold` closes and,
// when the child is given `ctrl`, exits only once that closes too. The test's copies of the ends
// the processes use are closed once started.
struct OrphansProbe {
  Watchdog watchdog;
  Pipe report;
  Pipe hold;
  Pipe ctrl;
  pid_t pid = 0;
  LineReader reader{report.read.get()};

  // The probe with `flags`, run through `wrapper` (empty: directly); `mode` is the child's "plain"
  // or "ignore-term".
  OrphansProbe(std::vector<std::string> wrapper, const std::vector<std::string>& flags, bool use_ctrl,
               const std::string& mode) {
    inheritable(report.write);
    inheritable(hold.read);
    if (use_ctrl) inheritable(ctrl.read);
    std::vector<std::string> command = std::move(wrapper);
    command.insert(command.end(), {supervise_probe, "--report", number(report.write)});
    command.insert(command.end(), flags.begin(), flags.end());
    command.insert(command.end(), {"--", supervise_child, "orphans", number(report.write), number(hold.read),
                                   use_ctrl ? number(ctrl.read) : "-", mode});
    pid = start_process(command);
    report.write.reset();
    hold.read.reset();
    ctrl.read.reset();
  }
};

// Runs what follows as PID 1 of a new PID namespace (in a new user namespace, as root there).
const std::vector<std::string> in_pid_namespace{"unshare", "--user", "--map-root-user", "--pid", "--fork"};

bool unshare_works() {
  std::vector<std::string> command = in_pid_namespace;
  command.emplace_back("true");
  const pid_t pid = start_process(command);
  return pid > 0 && wait_process(pid) == 0;
}

}  // namespace

TEST_CASE("hush forwards SIGTERM to the child and exits with its code", "[supervisor][signals]") {
  SignalProbe probe({});
  REQUIRE(probe.child > 0);
  CHECK(probe.blocked == 0);  // the child starts with the supervised signals unblocked
  CHECK(probe.child_group != probe.child);
  CHECK(probe.deliver(SIGTERM));
  CHECK(wait_process(probe.pid) == 10 + SIGTERM);
  CHECK(contains(probe.reader.rest(), "exit " + std::to_string(probe.child) + " 25"));
}

TEST_CASE("hush forwards SIGINT to the child and exits with its code", "[supervisor][signals]") {
  SignalProbe probe({});
  REQUIRE(probe.child > 0);
  CHECK(probe.deliver(SIGINT));
  CHECK(wait_process(probe.pid) == 10 + SIGINT);
}

TEST_CASE("hush forwards other catchable signals and keeps supervising", "[supervisor][signals]") {
  SignalProbe probe({});
  REQUIRE(probe.child > 0);
  for (const int sig : {SIGHUP, SIGUSR1, SIGUSR2, SIGWINCH, SIGCONT}) {
    INFO("signal " << sig);
    CHECK(probe.deliver(sig));
  }
  CHECK(probe.deliver(SIGQUIT));
  CHECK(wait_process(probe.pid) == 10 + SIGQUIT);
}

TEST_CASE("hush with a signal group puts the child in its own group and signals the group", "[supervisor][signals]") {
  SignalProbe probe({"--signal-group"});
  REQUIRE(probe.child > 0);
  CHECK(probe.child_group == probe.child);
  CHECK(probe.deliver(SIGUSR1));
  CHECK(probe.deliver(SIGTERM));
  CHECK(wait_process(probe.pid) == 25);
}

TEST_CASE("hush with a signal group reaches grandchildren in the group", "[supervisor][signals]") {
  // No stop signal and a long grace at shutdown: only the group signal can end the grandchild
  // promptly (otherwise it is killed after 20 s and the test fails on the exit code below).
  OrphansProbe probe({}, {"--signal-group", "--stop-signal", "0", "--grace", "20000"}, true, "plain");
  const pid_t pid = probe.pid;
  LineReader& reader = probe.reader;
  const auto grandchild = reader.until("grandchild");
  REQUIRE(grandchild);
  REQUIRE(reader.until("child ready"));
  ::kill(pid, SIGTERM);
  CHECK(wait_process(pid) == 128 + SIGTERM);
  const std::vector<std::string> rest = reader.rest();
  CHECK(contains(rest, "reaped " + std::to_string(field(*grandchild, 1)) + " 143"));
}

TEST_CASE("hush as PID 1 reaps orphans while the child runs", "[supervisor][pid1]") {
  if (!unshare_works()) {
    WARN("skipped: unshare --user --pid is not permitted here");
    return;
  }
  OrphansProbe probe(in_pid_namespace, {}, true, "plain");
  LineReader& reader = probe.reader;
  CHECK(reader.next() == "pid 1");
  const auto grandchild = reader.until("grandchild");
  REQUIRE(grandchild);
  const std::string grandchild_pid = std::to_string(field(*grandchild, 1));
  REQUIRE(reader.until("child ready"));
  probe.hold.write.reset();  // the orphan, now PID 1's child, exits
  const auto reaped = reader.until("reaped");
  REQUIRE(reaped);
  CHECK(*reaped == "reaped " + grandchild_pid + " 0");
  probe.ctrl.write.reset();  // only now does the child exit
  CHECK(wait_process(probe.pid) == 7);
  CHECK(reader.until("exit"));
}

TEST_CASE("hush as PID 1 kills orphans left after the child exits", "[supervisor][pid1]") {
  if (!unshare_works()) {
    WARN("skipped: unshare --user --pid is not permitted here");
    return;
  }
  OrphansProbe probe(in_pid_namespace, {"--grace", "100"}, false, "ignore-term");
  LineReader& reader = probe.reader;
  CHECK(reader.next() == "pid 1");
  const auto grandchild = reader.until("grandchild");
  REQUIRE(grandchild);
  const std::string grandchild_pid = std::to_string(field(*grandchild, 1));
  CHECK(wait_process(probe.pid) == 3);
  std::vector<std::string> lines = reader.seen();
  const std::vector<std::string> rest = reader.rest();
  lines.insert(lines.end(), rest.begin(), rest.end());
  CHECK(contains(lines, "term " + grandchild_pid));
  CHECK(contains(lines, "reaped " + grandchild_pid + " 137"));
  CHECK_FALSE(contains(lines, "released " + grandchild_pid));
  CHECK(index_of(lines, "term " + grandchild_pid) < index_of(lines, "reaped " + grandchild_pid + " 137"));
}
