// The supervisor inside the test process: exit codes, exec failures, restarts, ticks, masking
// and orphan handling as a subreaper. Real signals to a separate hush process are in
// test_supervisor_probe.cpp.
#include <sys/stat.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <future>
#include <string>
#include <thread>
#include <vector>

#include "catch.hpp"
#include "hush/injector/supervisor.hpp"
#include "test_supervisor_support.hpp"
#include "test_support.hpp"

using hush::injector::Supervisor;
using hush::injector::SupervisorOptions;
using namespace hush::test;

namespace {

const std::string path_entry = "PATH=/usr/local/bin:/usr/bin:/bin";

int run_plain(const std::vector<std::string>& argv, SupervisorOptions options = {}) {
  Supervisor supervisor(std::move(options));
  Watchdog watchdog;
  return supervisor.run(argv, environment_of({path_entry}));
}

// Diagnostics written to a memory stream, read back after the run.
class Captured {
 public:
  Captured() : file_(::open_memstream(&data_, &size_)) {}
  ~Captured() {
    if (file_ != nullptr) std::fclose(file_);
    std::free(data_);
  }
  Captured(const Captured&) = delete;
  Captured& operator=(const Captured&) = delete;
  [[nodiscard]] std::FILE* file() const { return file_; }
  std::string text() {
    std::fflush(file_);
    return std::string(data_, size_);
  }

 private:
  char* data_ = nullptr;
  std::size_t size_ = 0;
  std::FILE* file_;
};

struct ExecFailure {
  int code;
  std::string message;
};

ExecFailure run_failing(const std::vector<std::string>& argv, const std::string& path) {
  Captured diagnostics;
  hush::Logger log(diagnostics.file(), hush::LogFormat::text, hush::LogLevel::warn);
  SupervisorOptions options;
  options.diagnostics = &log;
  Supervisor supervisor(std::move(options));
  Watchdog watchdog;
  const int code = supervisor.run(argv, environment_of({"PATH=" + path, "HUSH_TEST_SECRET=do-not-print-me"}));
  return {code, diagnostics.text()};
}

void write_file(const std::filesystem::path& path, const std::string& text, mode_t mode) {
  std::FILE* f = std::fopen(path.c_str(), "w");
  REQUIRE(f != nullptr);
  std::fputs(text.c_str(), f);
  std::fclose(f);
  ::chmod(path.c_str(), mode);
}

}  // namespace

TEST_CASE("Supervisor returns the child's exit code or 128 + the signal", "[supervisor]") {
  CHECK(run_plain({supervise_child, "exit", "0"}) == 0);
  CHECK(run_plain({supervise_child, "exit", "42"}) == 42);
  CHECK(run_plain({supervise_child, "die", "9"}) == 137);
  CHECK(run_plain({supervise_child, "die", "15"}) == 143);
  CHECK(run_plain({supervise_child, "die", "11"}) == 139);
}

TEST_CASE("Supervisor notices the child's exit even when another thread takes SIGCHLD", "[supervisor]") {
  // A thread started before the supervisor, with SIGCHLD unblocked: the kernel may hand it the
  // child's SIGCHLD, which it then discards. The child's pidfd still wakes the loop.
  Pipe idle;
  std::thread bystander([&] {
    sigset_t chld;
    sigemptyset(&chld);
    sigaddset(&chld, SIGCHLD);
    ::pthread_sigmask(SIG_UNBLOCK, &chld, nullptr);
    char byte = 0;
    while (::read(idle.read.get(), &byte, 1) < 0) {}
  });
  int code = -1;
  {
    Supervisor supervisor(SupervisorOptions{});
    Watchdog watchdog;
    code = supervisor.run({supervise_child, "exit", "4"}, environment_of({}));
  }
  idle.write.reset();
  bystander.join();
  CHECK(code == 4);
}

TEST_CASE("Supervisor maps exec failures to 127 and 126 and names only the command", "[supervisor]") {
  TempDir dir;
  const auto plain = dir.path() / "not-executable";
  write_file(plain, "#!/bin/sh\nexit 0\n", 0644);
  const auto script = dir.path() / "hush-test-script";
  write_file(script, "#!/bin/sh\nexit 5\n", 0755);
  const auto no_shebang = dir.path() / "hush-test-bare";
  write_file(no_shebang, "exit 6\n", 0755);
  const std::string path = dir.path().string() + ":/usr/bin:/bin";

  ExecFailure missing = run_failing({"/nonexistent-dir/hush-no-such-command"}, path);
  CHECK(missing.code == 127);
  CHECK(missing.message == "hush: /nonexistent-dir/hush-no-such-command: No such file or directory\n");

  ExecFailure not_in_path = run_failing({"hush-no-such-command-anywhere"}, path);
  CHECK(not_in_path.code == 127);
  CHECK(not_in_path.message == "hush: hush-no-such-command-anywhere: command not found\n");

  ExecFailure denied = run_failing({plain.string()}, path);
  CHECK(denied.code == 126);
  CHECK(denied.message.find("Permission denied") != std::string::npos);

  // Found in PATH but not executable, and nothing executable later in PATH: 126, as shells say.
  ExecFailure denied_in_path = run_failing({"not-executable"}, path);
  CHECK(denied_in_path.code == 126);

  ExecFailure directory = run_failing({dir.path().string()}, path);
  CHECK(directory.code == 126);

  ExecFailure empty = run_failing({}, path);
  CHECK(empty.code == 127);

  for (const ExecFailure* failure : {&missing, &not_in_path, &denied, &denied_in_path, &directory, &empty}) {
    CHECK(failure->message.find("do-not-print-me") == std::string::npos);
  }

  // PATH comes from the child's environment, not hush's; files without #! run under /bin/sh.
  CHECK(run_failing({"hush-test-script"}, path).code == 5);
  CHECK(run_failing({"hush-test-bare"}, path).code == 6);
}

TEST_CASE("Supervisor gives the child exactly the environment it was handed", "[supervisor]") {
  Pipe out;
  SupervisorOptions options;
  options.mask_output = true;  // with nothing to mask: only to capture stdout
  options.output_fd = out.write.get();
  {
    Supervisor supervisor(options);
    Watchdog watchdog;
    CHECK(supervisor.run({supervise_child, "print-env", "HUSH_GIVEN"}, environment_of({"HUSH_GIVEN=yes, this one"})) ==
          0);
  }
  {
    Supervisor supervisor(options);
    Watchdog watchdog;
    ::setenv("HUSH_NOT_GIVEN", "leaked", 1);
    CHECK(supervisor.run({supervise_child, "print-env", "HUSH_NOT_GIVEN"}, environment_of({path_entry})) == 0);
    ::unsetenv("HUSH_NOT_GIVEN");
  }
  out.write.reset();
  CHECK(LineReader(out.read.get()).all() == "yes, this one\n(unset)\n");
}

TEST_CASE("Supervisor masks values in the child's output across reads", "[supervisor][mask]") {
  for (const int stream : {1, 2}) {
    INFO("child writes to fd " << stream);
    Pipe out;
    Pipe ctrl;
    inheritable(ctrl.read);
    SupervisorOptions options;
    options.mask_output = true;
    (stream == 1 ? options.output_fd : options.error_fd) = out.write.get();
    const std::string secret = "abcdef123-secret";
    const std::vector<std::string_view> masked{secret};

    Supervisor supervisor(options);
    Watchdog watchdog;
    std::string before_second_write;
    std::thread driver([&] {
      LineReader reader(out.read.get());
      while (reader.buffered().find('\n') == std::string::npos && reader.fill(std::chrono::seconds(30))) {}
      before_second_write = reader.buffered();
      const char byte = 'x';
      ssize_t ignored = ::write(ctrl.write.get(), &byte, 1);
      (void)ignored;
    });
    const int code = supervisor.run({supervise_child, "print-split", std::to_string(stream), number(ctrl.read),
                                     "line1\nabcdef1", "23-secret tail\n"},
                                    environment_of({"HUSH_SECRET=" + secret}), masked);
    driver.join();
    out.write.reset();
    const std::string after = LineReader(out.read.get()).all();
    CHECK(code == 0);
    // The start of the value was held back while the child waited; nothing of it leaked.
    CHECK(before_second_write == "line1\n");
    CHECK(before_second_write + after == "line1\n****** tail\n");
  }
}

TEST_CASE("Supervisor restart stops the child and starts it with the new environment", "[supervisor]") {
  Pipe report;
  Pipe out;
  inheritable(report.write);
  SupervisorOptions options;
  options.mask_output = true;
  options.output_fd = out.write.get();
  std::vector<int> exits;
  std::vector<pid_t> starts;
  options.on_child_exit = [&](pid_t, int code) { exits.push_back(code); };
  options.on_child_start = [&](pid_t pid) { starts.push_back(pid); };

  Supervisor supervisor(options);
  Watchdog watchdog;
  std::vector<std::string> lines;
  std::thread driver([&] {
    LineReader reader(report.read.get());
    if (!reader.until("ready")) return;
    std::vector<hush::SecretBuffer> masked;
    masked.emplace_back("second-value");
    supervisor.request_restart(environment_of({"HUSH_ROTATED=second-value"}), std::move(masked), SIGTERM,
                               std::chrono::seconds(30));
    if (!reader.until("ready")) return;
    supervisor.request_signal(SIGTERM);
    if (reader.until("signal")) lines = reader.seen();
  });
  const std::vector<std::string_view> masked{"first-value"};
  const int code = supervisor.run({supervise_child, "env-wait", "HUSH_ROTATED", number(report.write)},
                                  environment_of({"HUSH_ROTATED=first-value"}), masked);
  driver.join();
  out.write.reset();

  CHECK(code == 25);
  CHECK(supervisor.restarts() == 1);
  CHECK(exits == std::vector<int>{25, 25});
  REQUIRE(starts.size() == 2);
  CHECK(starts[0] != starts[1]);
  REQUIRE(lines.size() == 6);
  CHECK(lines[0] == "env HUSH_ROTATED=first-value");
  CHECK(lines[2] == "signal 15");
  CHECK(lines[3] == "env HUSH_ROTATED=second-value");
  CHECK(lines[5] == "signal 15");
  // Each generation's output is masked with its own values.
  CHECK(LineReader(out.read.get()).all() == "env HUSH_ROTATED=******\nenv HUSH_ROTATED=******\n");
}

namespace {

struct EnvWaitRun {
  int code = -1;
  int restarts = -1;
  std::vector<int> exits;  // each child's exit code, in order
};

// The "env-wait" child (reports "ready" and its HUSH_ROTATED, then waits for signals) under a
// supervisor; `drive` runs on a thread of its own with a reader of the child's reports.
EnvWaitRun run_env_wait(const std::function<void(Supervisor&, LineReader&)>& drive) {
  EnvWaitRun run;
  Pipe report;
  inheritable(report.write);
  SupervisorOptions options;
  options.on_child_exit = [&](pid_t, int code) { run.exits.push_back(code); };
  Supervisor supervisor(options);
  Watchdog watchdog;
  std::thread driver([&] {
    LineReader reader(report.read.get());
    drive(supervisor, reader);
  });
  run.code = supervisor.run({supervise_child, "env-wait", "HUSH_ROTATED", number(report.write)},
                            environment_of({"HUSH_ROTATED=1"}));
  driver.join();
  run.restarts = supervisor.restarts();
  return run;
}

// The "orphans" child, which leaves a grandchild that lives until `hold` closes, run to its end
// under a supervisor; each descendant it reaps is added to `events` as "reaped PID CODE".
struct LeftoverRun {
  Pipe report;
  Pipe hold;
  std::vector<std::string> events;
  int code = -1;
  pid_t grandchild = 0;
  std::vector<std::string> rest;  // what the processes reported after the grandchild's pid

  void run(SupervisorOptions options, const std::string& child_mode) {
    inheritable(report.write);
    inheritable(hold.read);
    options.on_descendant_reaped = [this](pid_t pid, int status) {
      events.push_back("reaped " + std::to_string(pid) + " " + std::to_string(status));
    };
    Supervisor supervisor(options);
    Watchdog watchdog;
    code = supervisor.run({supervise_child, "orphans", number(report.write), number(hold.read), "-", child_mode},
                          environment_of({}));
    report.write.reset();
    hold.read.reset();
    LineReader reader(report.read.get());
    const auto line = reader.until("grandchild");
    REQUIRE(line);
    grandchild = static_cast<pid_t>(field(*line, 1));
    rest = reader.rest();  // to EOF: every writer is gone
  }
};

}  // namespace

TEST_CASE("Supervisor restart kills a child that ignores the stop signal after the grace period", "[supervisor]") {
  const EnvWaitRun run = run_env_wait([](Supervisor& supervisor, LineReader& reader) {
    if (!reader.until("ready")) return;
    // The child reports SIGUSR1 and carries on, so only SIGKILL ends it.
    supervisor.request_restart(environment_of({"HUSH_ROTATED=2"}), {}, SIGUSR1, std::chrono::milliseconds(50));
    if (!reader.until("ready")) return;
    supervisor.request_signal(SIGINT);
  });
  CHECK(run.code == 12);
  CHECK(run.exits == std::vector<int>{137, 12});
}

TEST_CASE("Supervisor drops a pending restart when told to terminate", "[supervisor]") {
  const EnvWaitRun run = run_env_wait([](Supervisor& supervisor, LineReader& reader) {
    if (!reader.until("ready")) return;
    // A stop signal the child ignores keeps the restart pending...
    supervisor.request_restart(environment_of({"HUSH_ROTATED=2"}), {}, SIGUSR1, std::chrono::seconds(60));
    if (!reader.until("signal " + std::to_string(SIGUSR1))) return;
    // ...until hush itself is told to terminate: forwarded, and no new child afterwards.
    ::kill(::getpid(), SIGTERM);
  });
  CHECK(run.code == 25);
  CHECK(run.restarts == 0);
  CHECK(run.exits == std::vector<int>{25});
}

TEST_CASE("Supervisor runs its tick callback on the loop thread", "[supervisor]") {
  Pipe report;
  inheritable(report.write);
  std::atomic<bool> ready{false};
  int ticks_after_ready = 0;
  SupervisorOptions options;
  options.tick_interval = std::chrono::milliseconds(5);
  options.on_tick = [&](Supervisor& self) {
    if (ready && ++ticks_after_ready == 3) self.send_signal(SIGTERM);
  };
  Supervisor supervisor(options);
  Watchdog watchdog;
  std::thread driver([&] {
    LineReader reader(report.read.get());
    if (reader.until("ready")) ready = true;
  });
  const int code = supervisor.run({supervise_child, "wait-signal", number(report.write)}, environment_of({}));
  driver.join();
  CHECK(code == 25);
  // The third tick sends the signal; more may run before the child's exit reaches the loop.
  CHECK(ticks_after_ready >= 3);
}

TEST_CASE("Supervisor as subreaper stops leftover descendants, then kills them after the grace period",
          "[supervisor]") {
  LeftoverRun run;
  SupervisorOptions options;
  options.descendant_grace = std::chrono::milliseconds(100);
  options.on_child_exit = [&](pid_t pid, int code) {
    run.events.push_back("exit " + std::to_string(pid) + " " + std::to_string(code));
  };
  run.run(options, "ignore-term");
  const pid_t pid = run.grandchild;
  const std::vector<std::string>& rest = run.rest;

  CHECK(run.code == 3);
  // It got the stop signal, ignored it, and was killed: it never saw its pipe close.
  CHECK(std::find(rest.begin(), rest.end(), "term " + std::to_string(pid)) != rest.end());
  CHECK(std::find(rest.begin(), rest.end(), "released " + std::to_string(pid)) == rest.end());
  REQUIRE(run.events.size() == 2);
  CHECK(run.events[1] == "reaped " + std::to_string(pid) + " 137");
  CHECK_FALSE(process_exists(pid));  // reaped, not a zombie
}

TEST_CASE("Supervisor as subreaper waits for a leftover descendant that finishes by itself", "[supervisor]") {
  LeftoverRun run;
  SupervisorOptions options;
  options.descendant_stop_signal = 0;
  options.descendant_grace = std::chrono::seconds(60);
  // Once the child is gone, let the grandchild finish: the supervisor must still be waiting.
  options.on_child_exit = [&](pid_t, int code) {
    run.events.push_back("exit " + std::to_string(code));
    run.hold.write.reset();
  };
  run.run(options, "plain");
  const pid_t pid = run.grandchild;
  CHECK(run.code == 3);
  CHECK(std::find(run.rest.begin(), run.rest.end(), "released " + std::to_string(pid)) != run.rest.end());
  CHECK(run.events == std::vector<std::string>{"exit 3", "reaped " + std::to_string(pid) + " 0"});
  CHECK_FALSE(process_exists(pid));
}

TEST_CASE("Supervisor reaps adopted orphans while the child is still running", "[supervisor]") {
  Pipe report;
  Pipe hold;
  Pipe ctrl;
  inheritable(report.write);
  inheritable(hold.read);
  inheritable(ctrl.read);
  std::vector<std::string> events;
  std::promise<void> reaped;
  SupervisorOptions options;
  options.on_child_exit = [&](pid_t, int code) { events.push_back("exit " + std::to_string(code)); };
  options.on_descendant_reaped = [&](pid_t pid, int code) {
    events.push_back("reaped " + std::to_string(pid) + " " + std::to_string(code));
    reaped.set_value();
  };
  Supervisor supervisor(options);
  Watchdog watchdog;
  pid_t grandchild = 0;
  std::thread driver([&] {
    LineReader reader(report.read.get());
    const auto line = reader.until("grandchild");
    if (line) grandchild = static_cast<pid_t>(field(*line, 1));
    reader.until("child ready");
    hold.write.reset();  // the orphan exits now; the child keeps running
    reaped.get_future().wait_for(std::chrono::seconds(30));
    ctrl.write.reset();  // now let the child finish
  });
  const int code =
      supervisor.run({supervise_child, "orphans", number(report.write), number(hold.read), number(ctrl.read), "plain"},
                     environment_of({}));
  driver.join();
  CHECK(code == 7);
  REQUIRE(grandchild > 0);
  CHECK(events == std::vector<std::string>{"reaped " + std::to_string(grandchild) + " 0", "exit 7"});
  CHECK_FALSE(process_exists(grandchild));
}

TEST_CASE("exec_replace runs the command in place with signals unblocked", "[supervisor]") {
  Watchdog watchdog;
  Pipe report;
  inheritable(report.write);
  const pid_t pid = ::fork();
  if (pid == 0) {
    hush::injector::block_supervised_signals();
    const int rc = hush::injector::exec_replace({supervise_child, "wait-signal", number(report.write)},
                                                environment_of({path_entry}));
    ::_exit(rc);
  }
  report.write.reset();
  LineReader reader(report.read.get());
  const auto ready = reader.until("ready");
  REQUIRE(ready);
  CHECK(field(*ready, 1) == pid);  // the same process, replaced
  CHECK(field(*ready, 3) == 0);    // nothing blocked
  ::kill(pid, SIGTERM);
  CHECK(wait_process(pid) == 25);

  const pid_t failing = ::fork();
  if (failing == 0) {
    hush::Logger quiet(std::fopen("/dev/null", "w"), hush::LogFormat::text, hush::LogLevel::warn);
    ::_exit(hush::injector::exec_replace({"hush-no-such-command-anywhere"}, environment_of({path_entry}), &quiet));
  }
  CHECK(wait_process(failing) == 127);
}
