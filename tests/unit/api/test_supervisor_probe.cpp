// The supervisor as a process of its own (tests/supervise/probe.cpp): real signals sent to it are
// forwarded, and as PID 1 of a new PID namespace it reaps and kills orphans.
#include <signal.h>

#include <algorithm>
#include <string>
#include <vector>

#include "catch.hpp"
#include "test_supervisor_support.hpp"

using hush::test::LineReader;
using hush::test::number;
using hush::test::Pipe;
using hush::test::supervise_child;
using hush::test::supervise_probe;

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

  hush::test::Watchdog watchdog;

  explicit SignalProbe(const std::vector<std::string>& flags) : pid(0), reader(report.read.get()) {
    hush::test::inheritable(report.write);
    std::vector<std::string> argv{supervise_probe, "--report", number(report.write)};
    argv.insert(argv.end(), flags.begin(), flags.end());
    argv.insert(argv.end(), {"--", supervise_child, "wait-signal", number(report.write)});
    pid = hush::test::start_process(argv);
    report.write.reset();
    if (const auto ready = reader.until("ready")) {
      child = static_cast<pid_t>(hush::test::field(*ready, 1));
      child_group = static_cast<pid_t>(hush::test::field(*ready, 2));
      blocked = hush::test::field(*ready, 3);
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

bool unshare_works() {
  const pid_t pid = hush::test::start_process({"unshare", "--user", "--map-root-user", "--pid", "--fork", "true"});
  return pid > 0 && hush::test::wait_process(pid) == 0;
}

}  // namespace

TEST_CASE("hush forwards SIGTERM to the child and exits with its code", "[supervisor][signals]") {
  SignalProbe probe({});
  REQUIRE(probe.child > 0);
  CHECK(probe.blocked == 0);  // the child starts with the supervised signals unblocked
  CHECK(probe.child_group != probe.child);
  CHECK(probe.deliver(SIGTERM));
  CHECK(hush::test::wait_process(probe.pid) == 10 + SIGTERM);
  CHECK(contains(probe.reader.rest(), "exit " + std::to_string(probe.child) + " 25"));
}

TEST_CASE("hush forwards SIGINT to the child and exits with its code", "[supervisor][signals]") {
  SignalProbe probe({});
  REQUIRE(probe.child > 0);
  CHECK(probe.deliver(SIGINT));
  CHECK(hush::test::wait_process(probe.pid) == 10 + SIGINT);
}

TEST_CASE("hush forwards other catchable signals and keeps supervising", "[supervisor][signals]") {
  SignalProbe probe({});
  REQUIRE(probe.child > 0);
  for (const int sig : {SIGHUP, SIGUSR1, SIGUSR2, SIGWINCH, SIGCONT}) {
    INFO("signal " << sig);
    CHECK(probe.deliver(sig));
  }
  CHECK(probe.deliver(SIGQUIT));
  CHECK(hush::test::wait_process(probe.pid) == 10 + SIGQUIT);
}

TEST_CASE("hush with a signal group puts the child in its own group and signals the group", "[supervisor][signals]") {
  SignalProbe probe({"--signal-group"});
  REQUIRE(probe.child > 0);
  CHECK(probe.child_group == probe.child);
  CHECK(probe.deliver(SIGUSR1));
  CHECK(probe.deliver(SIGTERM));
  CHECK(hush::test::wait_process(probe.pid) == 25);
}

TEST_CASE("hush with a signal group reaches grandchildren in the group", "[supervisor][signals]") {
  hush::test::Watchdog watchdog;
  Pipe report;
  Pipe hold;
  Pipe ctrl;
  hush::test::inheritable(report.write);
  hush::test::inheritable(hold.read);
  hush::test::inheritable(ctrl.read);
  // No stop signal and a long grace at shutdown: only the group signal can end the grandchild
  // promptly (otherwise it is killed after 20 s and the test fails on the exit code below).
  const pid_t pid = hush::test::start_process(
      {supervise_probe, "--report", number(report.write), "--signal-group", "--stop-signal", "0", "--grace", "20000",
       "--", supervise_child, "orphans", number(report.write), number(hold.read), number(ctrl.read), "plain"});
  report.write.reset();
  hold.read.reset();
  ctrl.read.reset();
  LineReader reader(report.read.get());
  const auto grandchild = reader.until("grandchild");
  REQUIRE(grandchild);
  REQUIRE(reader.until("child ready"));
  ::kill(pid, SIGTERM);
  CHECK(hush::test::wait_process(pid) == 128 + SIGTERM);
  const std::vector<std::string> rest = reader.rest();
  CHECK(contains(rest, "reaped " + std::to_string(hush::test::field(*grandchild, 1)) + " 143"));
}

TEST_CASE("hush as PID 1 reaps orphans while the child runs", "[supervisor][pid1]") {
  if (!unshare_works()) {
    WARN("skipped: unshare --user --pid is not permitted here");
    return;
  }
  hush::test::Watchdog watchdog;
  Pipe report;
  Pipe hold;
  Pipe ctrl;
  hush::test::inheritable(report.write);
  hush::test::inheritable(hold.read);
  hush::test::inheritable(ctrl.read);
  const pid_t pid = hush::test::start_process(
      {"unshare", "--user", "--map-root-user", "--pid", "--fork", supervise_probe, "--report", number(report.write),
       "--", supervise_child, "orphans", number(report.write), number(hold.read), number(ctrl.read), "plain"});
  report.write.reset();
  hold.read.reset();
  ctrl.read.reset();
  LineReader reader(report.read.get());
  CHECK(reader.next() == "pid 1");
  const auto grandchild = reader.until("grandchild");
  REQUIRE(grandchild);
  const std::string grandchild_pid = std::to_string(hush::test::field(*grandchild, 1));
  REQUIRE(reader.until("child ready"));
  hold.write.reset();  // the orphan, now PID 1's child, exits
  const auto reaped = reader.until("reaped");
  REQUIRE(reaped);
  CHECK(*reaped == "reaped " + grandchild_pid + " 0");
  ctrl.write.reset();  // only now does the child exit
  CHECK(hush::test::wait_process(pid) == 7);
  CHECK(reader.until("exit"));
}

TEST_CASE("hush as PID 1 kills orphans left after the child exits", "[supervisor][pid1]") {
  if (!unshare_works()) {
    WARN("skipped: unshare --user --pid is not permitted here");
    return;
  }
  hush::test::Watchdog watchdog;
  Pipe report;
  Pipe hold;
  hush::test::inheritable(report.write);
  hush::test::inheritable(hold.read);
  const pid_t pid =
      hush::test::start_process({"unshare", "--user", "--map-root-user", "--pid", "--fork", supervise_probe, "--report",
                                 number(report.write), "--grace", "100", "--", supervise_child, "orphans",
                                 number(report.write), number(hold.read), "-", "ignore-term"});
  report.write.reset();
  hold.read.reset();
  LineReader reader(report.read.get());
  CHECK(reader.next() == "pid 1");
  const auto grandchild = reader.until("grandchild");
  REQUIRE(grandchild);
  const std::string grandchild_pid = std::to_string(hush::test::field(*grandchild, 1));
  CHECK(hush::test::wait_process(pid) == 3);
  std::vector<std::string> lines = reader.seen();
  const std::vector<std::string> rest = reader.rest();
  lines.insert(lines.end(), rest.begin(), rest.end());
  CHECK(contains(lines, "term " + grandchild_pid));
  CHECK(contains(lines, "reaped " + grandchild_pid + " 137"));
  CHECK_FALSE(contains(lines, "released " + grandchild_pid));
  CHECK(index_of(lines, "term " + grandchild_pid) < index_of(lines, "reaped " + grandchild_pid + " 137"));
}
