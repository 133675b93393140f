#pragma once
// Drives the built `hush` binary: spawn without a shell, feed stdin, capture stdout, stderr and the
// exit status. Every test builds its fixture tree in a fresh temporary directory.
#include <sys/types.h>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "../support/temp_dir.hpp"

namespace hush_it {

namespace fs = std::filesystem;

struct RunResult {
  int exit_code = -1;  // the process's exit status, or 128+signal when it was killed
  std::string out;
  std::string err;
};

struct RunOptions {
  std::string stdin_data;  // written to the child's stdin, which is then closed
  std::optional<fs::path> cwd;
  std::optional<fs::path> cache_dir;                     // HUSH_CACHE_DIR; defaults to a per-process temp dir
  std::vector<std::pair<std::string, std::string>> env;  // extra or overriding variables
};

// Runs HUSH_BINARY with `args` (argv[0] is added).
RunResult run_hush(const std::vector<std::string>& args, const RunOptions& options = {});
// Runs hush with the dynamic loader tracing what it loads (LD_DEBUG=files) into `err`: which
// shared libraries a run opens. The test fails when the loader traced nothing.
RunResult run_hush_traced(const std::vector<std::string>& args);
// Runs any program (looked up on PATH when not a path) the same way.
RunResult run_program(const std::string& program, const std::vector<std::string>& args, const RunOptions& options = {});

using TempDir = hush_test::TempDir;

// Writes `content` to `path`, creating parent directories.
void write_file(const fs::path& path, const std::string& content);
[[nodiscard]] std::string read_file(const fs::path& path);

// A syntactically valid token whose trailing 6 characters are the base62 CRC32 of its 30 random
// characters, so the "base62-crc32" validator accepts it. `prefix` is e.g. "ghp_" or "gho_".
[[nodiscard]] std::string make_github_token(std::uint32_t seed, const std::string& prefix = "ghp_");
// The same with a chosen 30-character random part.
[[nodiscard]] std::string github_token_with_body(const std::string& prefix, const std::string& random30);

// Parses stdout as JSON, failing the test (REQUIRE) when it is not.
[[nodiscard]] nlohmann::json parse_json(const std::string& text);

// Runs hush with `args` and "--format json", requires the exit code `expected_exit` (showing
// stderr and stdout when it differs) and returns the parsed report; in `cwd` when given.
nlohmann::json scan_json(const std::vector<std::string>& args, int expected_exit, const fs::path* cwd = nullptr);
nlohmann::json scan_json(const std::vector<std::string>& args, int expected_exit, const RunOptions& options);

// One field of every finding of a JSON report, in report order (e.g. "path", "secret").
[[nodiscard]] std::vector<std::string> finding_values(const nlohmann::json& report, const std::string& field);

// Whether `program` with `args` runs and succeeds (a tool a test needs); when not, the test warns
// with `missing` (what is absent and how to get it) and counts as skipped: the caller returns.
[[nodiscard]] bool tool_available(const std::string& program, const std::vector<std::string>& args,
                                  const std::string& missing);

// Every `.hsdb` file directly in `dir`.
[[nodiscard]] std::vector<fs::path> cache_files(const fs::path& dir);

[[nodiscard]] bool running_as_root();

[[nodiscard]] bool contains(const std::string& haystack, const std::string& needle);
[[nodiscard]] std::size_t count_occurrences(const std::string& haystack, const std::string& needle);

}  // namespace hush_it

namespace hush_it {

// A program left running while the test talks to it: its stdout and stderr are pipes the test
// reads line by line (blocking, so the program's own output is the synchronisation).
class Spawned {
 public:
  Spawned(const std::string& program, const std::vector<std::string>& args, const RunOptions& options = {});
  ~Spawned();  // SIGKILLs and reaps the program if it is still running
  Spawned(const Spawned&) = delete;
  Spawned& operator=(const Spawned&) = delete;

  [[nodiscard]] pid_t pid() const noexcept { return pid_; }
  // The next line (without '\n') from stdout or stderr; nullopt at end of stream or after
  // `timeout_ms` without a complete line (a bound for a hung program, not a synchronisation).
  std::optional<std::string> out_line(int timeout_ms = 20000);
  std::optional<std::string> err_line(int timeout_ms = 20000);
  // Reads stderr until a line holds every one of `parts`; false when the stream ends first.
  bool err_line_with(const std::vector<std::string>& parts);
  void signal(int sig);
  // Waits for the exit and returns the exit code (128+signal when killed); drains the pipes.
  int wait();
  [[nodiscard]] const std::string& err_seen() const noexcept { return err_all_; }

 private:
  std::optional<std::string> line_from(int& fd, std::string& pending, int timeout_ms, std::string* record);
  pid_t pid_ = -1;
  int out_ = -1;
  int err_ = -1;
  std::string out_pending_, err_pending_, err_all_;
  std::optional<int> exit_code_;
};

Spawned spawn_hush(const std::vector<std::string>& args, const RunOptions& options = {});

// Reads a `hush run --refresh` log until `count` lines say "refresh: unchanged"; the test fails
// on a line holding `restarting` (a restart nothing asked for) or when the log ends first.
void expect_unchanged_refreshes(Spawned& hush, int count, const std::string& restarting);
// Stops `hush run` with SIGTERM once it has restarted its child: it exits 128 + SIGTERM, its log
// says it restarted and holds none of `values`.
void stop_after_restart(Spawned& hush, const std::vector<std::string>& values);

}  // namespace hush_it
