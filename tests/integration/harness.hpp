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

// Every `.hsdb` file directly in `dir`.
[[nodiscard]] std::vector<fs::path> cache_files(const fs::path& dir);

[[nodiscard]] bool running_as_root();

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

}  // namespace hush_it
