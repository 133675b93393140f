#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>

#include "catch.hpp"
#include "hush/common/error.hpp"
#include "hush/common/log.hpp"
#include "hush/scanner/config.hpp"
#include "hush/scanner/matcher.hpp"
#include "hush/scanner/ruleset.hpp"
#include "hush/scanner/sources/filesystem.hpp"
#include "sources/chunked.hpp"
#include "test_support.hpp"

using namespace hush::scanner;
using hush::test::TempDir;

namespace {

const char* token_rule = R"([[rule]]
id = "tok"
regex = '''\b(tok_[A-Za-z0-9]{12})\b'''
secret_group = 1
)";

// Windows of 4 KiB overlapping by 256 bytes, with a 64-byte guard: boundaries a test can reach.
WindowOptions small_windows() {
  WindowOptions options;
  options.window = 4096;
  options.overlap = 256;
  options.guard = 64;
  return options;
}

struct Env {
  Env()
      : set(RuleSet::build(parse_rules(token_rule, "s.toml", "s"), RuleSetOptions{}, hush::Logger::null())),
        scanner(set, Allowlist{}) {}
  std::vector<Finding> scan(const std::vector<std::string>& roots, FsScanOptions options = {}) {
    counters = ScanCounters{};
    options.threads = std::max(options.threads, 2u);
    return scan_paths(scanner, roots_as_given(roots), options, counters, hush::Logger::null());
  }
  RuleSet set;
  Scanner scanner;
  ScanCounters counters;
};

std::vector<std::string> paths_of(const std::vector<Finding>& findings) {
  std::vector<std::string> out;
  for (const auto& f : findings) out.push_back(f.path);
  return out;
}

// Feeds `text` through a pipe, as stdin would arrive. A pipe holds 64 KiB by default, more than
// these inputs, so the writer never blocks and no second thread is needed.
std::vector<Finding> scan_through_pipe(Env& env, Matcher& matcher, const std::string& text,
                                       const WindowOptions& options, ScanCounters& counters) {
  int fds[2];
  REQUIRE(::pipe(fds) == 0);
  REQUIRE(::write(fds[1], text.data(), text.size()) == static_cast<ssize_t>(text.size()));
  ::close(fds[1]);
  std::vector<Finding> out;
  CHECK(scan_fd_windows(env.scanner, matcher, fds[0], "-", options, out, counters, nullptr) == ReadOutcome::scanned);
  ::close(fds[0]);
  return out;
}

}  // namespace

TEST_CASE("directory scans report paths relative to the root, sorted, and skip .git") {
  TempDir dir;
  dir.write("b.txt", "tok_AbCdEf123456\n");
  dir.write("a/deep/c.cfg", "x\ny tok_ZyXwVu987654\n");
  dir.write(".git/config", "tok_AbCdEf123456\n");
  dir.write("clean.txt", "nothing here\n");
  Env env;
  const auto found = env.scan({dir.path().string()});
  CHECK(paths_of(found) == std::vector<std::string>{"a/deep/c.cfg", "b.txt"});
  CHECK(found[0].line == 2);
  CHECK(env.counters.files_scanned == 3);
}

TEST_CASE("several roots are reported with their root prefix, a file root keeps its path") {
  TempDir one, two;
  one.write("x.txt", "tok_AbCdEf123456");
  two.write("y.txt", "tok_AbCdEf123456");
  Env env;
  const std::string file = (two.path() / "y.txt").string();
  const auto found = env.scan({one.path().string(), file});
  REQUIRE(found.size() == 2);
  const auto paths = paths_of(found);
  CHECK(std::find(paths.begin(), paths.end(), (one.path() / "x.txt").string()) != paths.end());
  CHECK(std::find(paths.begin(), paths.end(), file) != paths.end());
}

TEST_CASE("binary, oversized and excluded files are skipped and counted") {
  TempDir dir;
  dir.write("bin.dat", std::string("tok_AbCdEf123456\0\x01", 18));
  dir.write("big.txt", std::string(2000, 'x') + " tok_AbCdEf123456");
  dir.write("vendor/lib.js", "tok_AbCdEf123456");
  dir.write("web/app.min.js", "tok_AbCdEf123456");
  dir.write("keep.txt", "tok_AbCdEf123456");
  Env env;
  FsScanOptions options;
  options.max_file_size = 1000;
  options.exclude = PathExcludes({"vendor/", "*.min.js"});
  const auto found = env.scan({dir.path().string()}, options);
  CHECK(paths_of(found) == std::vector<std::string>{"keep.txt"});
  CHECK(env.counters.skipped_binary == 1);
  CHECK(env.counters.skipped_size == 1);
  CHECK(env.counters.skipped_excluded == 2);  // vendor/ is pruned: the directory counts once, its files are not read
  options.include_binary = true;
  options.exclude = {};
  options.max_file_size = 1 << 20;
  CHECK(env.scan({dir.path().string()}, options).size() == 5);
}

TEST_CASE("symlinks are not followed unless asked, and loops terminate") {
  TempDir dir, outside;
  outside.write("target.txt", "tok_AbCdEf123456");
  dir.write("real/file.txt", "clean");
  std::filesystem::create_symlink(outside.path() / "target.txt", dir.path() / "link.txt");
  std::filesystem::create_directory_symlink(dir.path() / "real", dir.path() / "real/loop");
  Env env;
  CHECK(env.scan({dir.path().string()}).empty());
  FsScanOptions follow;
  follow.follow_symlinks = true;
  CHECK(paths_of(env.scan({dir.path().string()}, follow)) == std::vector<std::string>{"link.txt"});
  // A link the user names explicitly is what they asked to scan.
  const std::string named = (dir.path() / "link.txt").string();
  CHECK(paths_of(env.scan({named})) == std::vector<std::string>{named});
  CHECK(env.counters.unreadable == 0);
}

TEST_CASE("unreadable files are counted, not fatal") {
  if (::geteuid() == 0) SUCCEED("running as root: permissions do not stop reads");
  else {
    TempDir dir;
    dir.write("locked.txt", "tok_AbCdEf123456");
    dir.write("open.txt", "tok_AbCdEf123456");
    std::filesystem::permissions(dir.path() / "locked.txt", std::filesystem::perms::none);
    Env env;
    CHECK(env.scan({dir.path().string()}).size() == 1);
    CHECK(env.counters.unreadable == 1);
  }
}

TEST_CASE("a missing root is a usage error") {
  Env env;
  try {
    (void)env.scan({"/nonexistent/hush/path"});
    FAIL("no error");
  } catch (const hush::Error& e) {
    CHECK(e.kind() == hush::ErrorKind::usage);
  }
}

TEST_CASE("windowed scanning finds a secret across every boundary exactly once") {
  Env env;
  Matcher matcher(env.set);
  const WindowOptions options = small_windows();
  // Slide the secret across the first boundary byte by byte.
  for (std::size_t pos = 3800; pos < 4100; pos += 7) {
    std::string text(pos, 'x');
    for (std::size_t i = 100; i < pos; i += 100) text[i] = '\n';
    text += " tok_AbCdEf123456 ";
    text += std::string(5000, 'y');
    ScanCounters counters;
    const auto out = scan_through_pipe(env, matcher, text, options, counters);
    REQUIRE(out.size() == 1);
    const auto newlines =
        static_cast<std::uint64_t>(std::count(text.begin(), text.begin() + static_cast<long>(pos), '\n'));
    CHECK(out[0].offset == pos + 1);
    CHECK(out[0].line == newlines + 1);
    const std::size_t last_nl = text.rfind('\n', pos);
    CHECK(out[0].column == pos + 1 - (last_nl == std::string::npos ? 0 : last_nl + 1) + 1);
    CHECK(counters.bytes_scanned == text.size());
  }
}

TEST_CASE("a token glued to the byte before a window start is still judged in context") {
  Env env;
  Matcher matcher(env.set);
  const WindowOptions options = small_windows();
  const std::size_t next_window_start = options.window - options.overlap;
  for (const bool glued : {true, false}) {
    std::string text(next_window_start, 'x');
    text.back() = glued ? 'Q' : ' ';
    text += "tok_AbCdEf123456 " + std::string(5000, 'y');
    ScanCounters counters;
    CHECK(scan_through_pipe(env, matcher, text, options, counters).size() == (glued ? 0u : 1u));
  }
}
