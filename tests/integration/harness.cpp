#include "harness.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <map>
#include <random>
#include <sstream>
#include <stdexcept>

#include "catch.hpp"
#include "hush/scanner/validators.hpp"

extern char** environ;

namespace hush_it {
namespace {

[[noreturn]] void fail_errno(const std::string& what) { throw std::runtime_error(what + ": " + std::strerror(errno)); }

struct Pipe {
  int fd[2] = {-1, -1};
  Pipe() {
    if (::pipe2(fd, O_CLOEXEC) != 0) fail_errno("pipe2");
  }
  ~Pipe() {
    close_read();
    close_write();
  }
  void close_read() {
    if (fd[0] >= 0) ::close(fd[0]);
    fd[0] = -1;
  }
  void close_write() {
    if (fd[1] >= 0) ::close(fd[1]);
    fd[1] = -1;
  }
};

// Tests share compiled databases unless they opt out: across the test processes of one CTest run
// when it names a directory (CTest starts one process per case), else within this process.
const fs::path& shared_cache_dir() {
  static const fs::path dir = [] {
    const char* given = std::getenv("HUSH_TEST_SHARED_CACHE_DIR");
    if (given != nullptr && *given != '\0') return fs::path(given);
    static TempDir own;
    return own.path();
  }();
  return dir;
}

std::vector<std::string> child_environment(const RunOptions& options) {
  std::map<std::string, std::string> vars;
  for (char** e = environ; e && *e; ++e) {
    const std::string entry(*e);
    const auto eq = entry.find('=');
    if (eq == std::string::npos) continue;
    vars[entry.substr(0, eq)] = entry.substr(eq + 1);
  }
  vars["HUSH_CACHE_DIR"] = (options.cache_dir ? *options.cache_dir : shared_cache_dir()).string();
  vars["NO_COLOR"] = "1";
  vars.erase("XDG_CACHE_HOME");
  for (const auto& [k, v] : options.env) vars[k] = v;
  std::vector<std::string> out;
  for (const auto& [k, v] : vars) out.push_back(k + "=" + v);
  return out;
}

// posix_spawnp (`program` may be a bare name looked up on PATH: git) with `actions`, then the
// working directory of `options`, the environment child_environment() makes, SIGPIPE at its
// default and no signal blocked. Destroys `actions`; returns posix_spawnp's result.
int spawn(pid_t& pid, const std::string& program, const std::vector<std::string>& args, const RunOptions& options,
          posix_spawn_file_actions_t& actions) {
  if (options.cwd) posix_spawn_file_actions_addchdir_np(&actions, options.cwd->c_str());
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  sigset_t defaults;
  sigemptyset(&defaults);
  sigaddset(&defaults, SIGPIPE);
  posix_spawnattr_setsigdefault(&attr, &defaults);
  sigset_t none;
  sigemptyset(&none);
  posix_spawnattr_setsigmask(&attr, &none);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK);

  std::vector<std::string> argv_storage{program};
  argv_storage.insert(argv_storage.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : argv_storage) argv.push_back(a.data());
  argv.push_back(nullptr);
  std::vector<std::string> env_storage = child_environment(options);
  std::vector<char*> envp;
  for (auto& e : env_storage) envp.push_back(e.data());
  envp.push_back(nullptr);

  const int rc = ::posix_spawnp(&pid, program.c_str(), &actions, &attr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  return rc;
}

void set_nonblocking(int fd) {
  const int flags = ::fcntl(fd, F_GETFL);
  if (flags < 0 || ::fcntl(fd, F_SETFL, flags | O_NONBLOCK) != 0) fail_errno("fcntl");
}

}  // namespace

RunResult run_hush(const std::vector<std::string>& args, const RunOptions& options) {
  return run_program(HUSH_BINARY, args, options);
}

RunResult run_hush_traced(const std::vector<std::string>& args) {
  RunOptions traced;
  traced.env = {{"LD_DEBUG", "files"}};
  RunResult result = run_hush(args, traced);
  CHECK(contains(result.err, "file=libc.so"));  // the loader traced at all
  return result;
}

RunResult run_program(const std::string& program, const std::vector<std::string>& args, const RunOptions& options) {
  // A child that exits without reading all of stdin must not kill the test runner.
  static const bool sigpipe_ignored = [] {
    ::signal(SIGPIPE, SIG_IGN);
    return true;
  }();
  (void)sigpipe_ignored;

  Pipe in, out, err;
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, in.fd[0], STDIN_FILENO);
  posix_spawn_file_actions_adddup2(&actions, out.fd[1], STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&actions, err.fd[1], STDERR_FILENO);

  pid_t pid = -1;
  const int rc = spawn(pid, program, args, options, actions);
  if (rc != 0) {
    errno = rc;
    fail_errno("posix_spawn " + program);
  }
  in.close_read();
  out.close_write();
  err.close_write();

  RunResult result;
  std::size_t written = 0;
  if (options.stdin_data.empty()) in.close_write();
  else set_nonblocking(in.fd[1]);

  char buf[65536];
  while (out.fd[0] >= 0 || err.fd[0] >= 0) {
    pollfd fds[3];
    nfds_t n = 0;
    int idx_in = -1, idx_out = -1, idx_err = -1;
    if (in.fd[1] >= 0) {
      idx_in = static_cast<int>(n);
      fds[n++] = {in.fd[1], POLLOUT, 0};
    }
    if (out.fd[0] >= 0) {
      idx_out = static_cast<int>(n);
      fds[n++] = {out.fd[0], POLLIN, 0};
    }
    if (err.fd[0] >= 0) {
      idx_err = static_cast<int>(n);
      fds[n++] = {err.fd[0], POLLIN, 0};
    }
    if (::poll(fds, n, -1) < 0) {
      if (errno == EINTR) continue;
      fail_errno("poll");
    }
    if (idx_in >= 0 && fds[idx_in].revents != 0) {
      const ssize_t w = ::write(in.fd[1], options.stdin_data.data() + written, options.stdin_data.size() - written);
      if (w > 0) written += static_cast<std::size_t>(w);
      if ((w < 0 && errno != EAGAIN && errno != EINTR) || written == options.stdin_data.size()) in.close_write();
    }
    auto drain = [&](int idx, Pipe& p, std::string& sink) {
      if (idx < 0 || fds[idx].revents == 0) return;
      const ssize_t r = ::read(p.fd[0], buf, sizeof buf);
      if (r > 0) sink.append(buf, static_cast<std::size_t>(r));
      else if (r == 0 || (errno != EINTR && errno != EAGAIN)) p.close_read();
    };
    drain(idx_out, out, result.out);
    drain(idx_err, err, result.err);
  }
  in.close_write();

  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) fail_errno("waitpid");
  }
  if (WIFEXITED(status)) result.exit_code = WEXITSTATUS(status);
  else if (WIFSIGNALED(status)) result.exit_code = 128 + WTERMSIG(status);
  return result;
}

void write_file(const fs::path& path, const std::string& content) {
  if (path.has_parent_path()) fs::create_directories(path.parent_path());
  std::ofstream f(path, std::ios::binary | std::ios::trunc);
  f.write(content.data(), static_cast<std::streamsize>(content.size()));
  if (!f) throw std::runtime_error("cannot write " + path.string());
}

std::string read_file(const fs::path& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) throw std::runtime_error("cannot read " + path.string());
  std::ostringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

std::string make_github_token(std::uint32_t seed, const std::string& prefix) {
  static constexpr char alphabet[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  std::mt19937 rng(seed);
  std::uniform_int_distribution<int> pick(0, 61);
  std::string random;
  for (int i = 0; i < 30; ++i) random.push_back(alphabet[pick(rng)]);
  return github_token_with_body(prefix, random);
}

std::string github_token_with_body(const std::string& prefix, const std::string& random30) {
  return prefix + random30 + hush::scanner::base62_encode(hush::scanner::crc32(random30), 6);
}

nlohmann::json parse_json(const std::string& text) {
  nlohmann::json doc = nlohmann::json::parse(text, nullptr, false);
  INFO("output: " << text.substr(0, 2000));
  REQUIRE_FALSE(doc.is_discarded());
  return doc;
}

nlohmann::json scan_json(const std::vector<std::string>& args, int expected_exit, const fs::path* cwd) {
  RunOptions options;
  if (cwd) options.cwd = *cwd;
  return scan_json(args, expected_exit, options);
}

nlohmann::json scan_json(const std::vector<std::string>& args, int expected_exit, const RunOptions& options) {
  std::vector<std::string> full = args;
  full.insert(full.end(), {"--format", "json"});
  const RunResult r = run_hush(full, options);
  INFO("stderr: " << r.err << "\nstdout: " << r.out);
  REQUIRE(r.exit_code == expected_exit);
  return parse_json(r.out);
}

std::vector<std::string> finding_values(const nlohmann::json& report, const std::string& field) {
  std::vector<std::string> out;
  for (const auto& f : report["findings"]) out.push_back(f[field].get<std::string>());
  return out;
}

bool tool_available(const std::string& program, const std::vector<std::string>& args, const std::string& missing) {
  if (run_program(program, args).exit_code == 0) return true;
  WARN(missing);
  SUCCEED("skipped");
  return false;
}

std::vector<fs::path> cache_files(const fs::path& dir) {
  std::vector<fs::path> out;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec))
    if (e.path().extension() == ".hsdb") out.push_back(e.path());
  return out;
}

bool running_as_root() { return ::geteuid() == 0; }

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

std::size_t count_occurrences(const std::string& haystack, const std::string& needle) {
  std::size_t n = 0;
  for (std::size_t pos = haystack.find(needle); pos != std::string::npos; pos = haystack.find(needle, pos + 1)) ++n;
  return n;
}

}  // namespace hush_it

namespace hush_it {

Spawned::Spawned(const std::string& program, const std::vector<std::string>& args, const RunOptions& options) {
  int out[2], err[2];
  if (::pipe2(out, O_CLOEXEC) != 0 || ::pipe2(err, O_CLOEXEC) != 0) fail_errno("pipe");
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&actions, err[1], STDERR_FILENO);
  const int rc = spawn(pid_, program, args, options, actions);
  ::close(out[1]);
  ::close(err[1]);
  out_ = out[0];
  err_ = err[0];
  if (rc != 0) {
    errno = rc;
    fail_errno("posix_spawn " + program);
  }
}

Spawned::~Spawned() {
  if (!exit_code_ && pid_ > 0) {
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
  }
  if (out_ >= 0) ::close(out_);
  if (err_ >= 0) ::close(err_);
}

std::optional<std::string> Spawned::line_from(int& fd, std::string& pending, int timeout_ms, std::string* record) {
  for (;;) {
    if (const auto nl = pending.find('\n'); nl != std::string::npos) {
      std::string line = pending.substr(0, nl);
      pending.erase(0, nl + 1);
      return line;
    }
    if (fd < 0) return std::nullopt;
    pollfd p{fd, POLLIN, 0};
    const int ready = ::poll(&p, 1, timeout_ms);
    if (ready == 0) return std::nullopt;
    if (ready < 0) {
      if (errno == EINTR) continue;
      return std::nullopt;
    }
    char buf[4096];
    const ssize_t n = ::read(fd, buf, sizeof buf);
    if (n <= 0) {
      ::close(fd);
      fd = -1;
      if (!pending.empty()) {
        std::string rest = std::move(pending);
        pending.clear();
        return rest;
      }
      return std::nullopt;
    }
    pending.append(buf, static_cast<std::size_t>(n));
    if (record != nullptr) record->append(buf, static_cast<std::size_t>(n));
  }
}

std::optional<std::string> Spawned::out_line(int timeout_ms) {
  return line_from(out_, out_pending_, timeout_ms, nullptr);
}
std::optional<std::string> Spawned::err_line(int timeout_ms) {
  return line_from(err_, err_pending_, timeout_ms, &err_all_);
}

bool Spawned::err_line_with(const std::vector<std::string>& parts) {
  while (const auto line = err_line()) {
    bool all = true;
    for (const auto& part : parts) all = all && line->find(part) != std::string::npos;
    if (all) return true;
  }
  return false;
}

void Spawned::signal(int sig) {
  if (pid_ > 0 && !exit_code_) ::kill(pid_, sig);
}

int Spawned::wait() {
  while (out_line(60000)) {}
  while (err_line(60000)) {}
  if (!exit_code_) {
    int status = 0;
    ::waitpid(pid_, &status, 0);
    exit_code_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  }
  return *exit_code_;
}

Spawned spawn_hush(const std::vector<std::string>& args, const RunOptions& options) {
  return Spawned(HUSH_BINARY, args, options);
}

void expect_unchanged_refreshes(Spawned& hush, int count, const std::string& restarting) {
  int unchanged = 0;
  while (unchanged < count) {
    const auto line = hush.err_line();
    REQUIRE(line);
    CHECK_FALSE(contains(*line, restarting));
    if (contains(*line, "refresh: unchanged")) ++unchanged;
  }
}

void stop_after_restart(Spawned& hush, const std::vector<std::string>& values) {
  hush.signal(SIGTERM);
  CHECK(hush.wait() == 128 + SIGTERM);
  CHECK(contains(hush.err_seen(), "restarting"));
  for (const std::string& value : values) CHECK_FALSE(contains(hush.err_seen(), value));
}

}  // namespace hush_it
