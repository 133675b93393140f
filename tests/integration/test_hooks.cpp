// `hush hook install|uninstall` in real repositories made with git, and the installed hook driven by
// `git commit`. Tests tagged [staged] need `hush scan --staged`; run the rest alone with
// `hush_integration_tests "[hooks]~[staged]"`.
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <iterator>
#include <map>
#include <optional>
#include <stdexcept>

#include "catch.hpp"
#include "harness.hpp"

extern char** environ;

using namespace hush_it;

namespace {

struct ProgramResult {
  int exit_code = -1;
  std::string output;  // stdout and stderr interleaved, as a person at a terminal sees them
};

using Env = std::vector<std::pair<std::string, std::string>>;

// Runs argv[0] (looked up in PATH unless it has a slash) with stdin from /dev/null and both output
// streams in one file, which is simpler than pipes and cannot deadlock on a chatty child.
ProgramResult run_program(const std::vector<std::string>& args, const fs::path& cwd, const Env& env,
                          const fs::path& output_file) {
  std::map<std::string, std::string> vars;
  for (char** e = environ; e && *e; ++e) {
    const std::string entry(*e);
    const auto eq = entry.find('=');
    if (eq != std::string::npos) vars[entry.substr(0, eq)] = entry.substr(eq + 1);
  }
  // A test runner started from inside a git hook must not aim git at the outer repository.
  for (const char* name :
       {"GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_COMMON_DIR", "GIT_CONFIG", "XDG_CACHE_HOME"})
    vars.erase(name);
  for (const auto& [k, v] : env) vars[k] = v;
  std::vector<std::string> env_storage;
  for (const auto& [k, v] : vars) env_storage.push_back(k + "=" + v);
  std::vector<char*> envp;
  for (auto& e : env_storage) envp.push_back(e.data());
  envp.push_back(nullptr);
  std::vector<std::string> argv_storage = args;
  std::vector<char*> argv;
  for (auto& a : argv_storage) argv.push_back(a.data());
  argv.push_back(nullptr);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, output_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
  posix_spawn_file_actions_addchdir_np(&actions, cwd.c_str());
  pid_t pid = -1;
  const int rc = ::posix_spawnp(&pid, argv[0], &actions, nullptr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) throw std::runtime_error("posix_spawnp " + args[0] + ": " + std::strerror(rc));
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) throw std::runtime_error(std::string("waitpid: ") + std::strerror(errno));
  }
  ProgramResult result;
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  result.output = read_file(output_file);
  return result;
}

// A fresh repository at <tmp>/repo with its own HOME, so neither git nor libgit2 reads the
// developer's global configuration (a global core.hooksPath would move every hook).
class TestRepo {
 public:
  explicit TestRepo(bool bare = false) {
    fs::create_directories(home());
    fs::create_directories(cache());
    std::vector<std::string> init = {"git", "init", "-q", "-b", "main"};
    if (bare) init.push_back("--bare");
    init.push_back(root().string());
    require_git(init, base_.path());
    if (bare) return;
    require_git({"git", "config", "user.name", "Hush Test"});
    require_git({"git", "config", "user.email", "hush-test@example.invalid"});
  }

  [[nodiscard]] fs::path root() const { return base_ / "repo"; }
  [[nodiscard]] fs::path base() const { return base_.path(); }
  [[nodiscard]] fs::path hooks() const { return root() / ".git/hooks"; }
  [[nodiscard]] fs::path hook() const { return hooks() / "pre-commit"; }
  [[nodiscard]] fs::path chained() const { return hooks() / "pre-commit.local"; }

  [[nodiscard]] Env env(const Env& extra = {}) const {
    Env e = {{"HOME", home().string()},
             {"XDG_CONFIG_HOME", (home() / ".config").string()},
             {"GIT_CONFIG_NOSYSTEM", "1"},
             {"HUSH_CACHE_DIR", cache().string()},
             {"NO_COLOR", "1"}};
    e.insert(e.end(), extra.begin(), extra.end());
    return e;
  }

  ProgramResult git(const std::vector<std::string>& args, const std::optional<fs::path>& cwd = {},
                    const Env& extra = {}) const {
    return run_program(args, cwd.value_or(root()), env(extra), base_ / "program-output");
  }

  void require_git(const std::vector<std::string>& args, const std::optional<fs::path>& cwd = {}) const {
    const auto r = git(args, cwd);
    INFO(args[1] << ": " << r.output);
    REQUIRE(r.exit_code == 0);
  }

  // Writes `rel`, stages it and commits it with `message`, through the hooks: git's result.
  ProgramResult commit_file(const std::string& rel, const std::string& content, const std::string& message) const {
    write_file(root() / rel, content);
    require_git({"git", "add", rel});
    return git({"git", "commit", "-m", message});
  }

  // `hush ARGS` with the repository's isolated HOME, from `cwd` (default: the work tree's top).
  RunResult hush(const std::vector<std::string>& args, const std::optional<fs::path>& cwd = {}) const {
    RunOptions options;
    options.cwd = cwd.value_or(root());
    options.env = env();
    return run_hush(args, options);
  }

  [[nodiscard]] std::string head() const {
    const auto r = git({"git", "rev-parse", "--verify", "-q", "HEAD"});
    return r.exit_code == 0 ? r.output : std::string();
  }

 private:
  [[nodiscard]] fs::path home() const { return base_ / "home"; }
  [[nodiscard]] fs::path cache() const { return base_ / "cache"; }
  TempDir base_;
};

bool executable(const fs::path& p) { return ::access(p.c_str(), X_OK) == 0; }

// A hook in the way hush would find it: records that it ran by appending to `marker`.
std::string foreign_hook(const fs::path& marker, int exit_code = 0) {
  return "#!/bin/sh\n# someone else's hook\necho ran >> '" + marker.string() + "'\nexit " + std::to_string(exit_code) +
         "\n";
}

void write_executable(const fs::path& p, const std::string& content) {
  write_file(p, content);
  fs::permissions(p, fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec, fs::perm_options::replace);
}

void install_ok(const TestRepo& repo, const std::vector<std::string>& extra = {},
                const std::optional<fs::path>& cwd = {}) {
  std::vector<std::string> args = {"hook", "install"};
  args.insert(args.end(), extra.begin(), extra.end());
  const auto r = repo.hush(args, cwd);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
}

}  // namespace

TEST_CASE("hook install writes an executable pre-commit hook running hush scan --staged", "[hooks]") {
  TestRepo repo;
  fs::create_directories(repo.root() / "src/deep");
  const auto r = repo.hush({"hook", "install"}, repo.root() / "src/deep");  // from a subdirectory
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(contains(r.err, "installed"));
  CHECK(contains(r.err, repo.hook().string()));
  REQUIRE(fs::exists(repo.hook()));
  CHECK(executable(repo.hook()));
  const std::string text = read_file(repo.hook());
  CHECK(text.rfind("#!/bin/sh\n", 0) == 0);
  CHECK(contains(text, "# hush-managed-hook: pre-commit\n"));
  CHECK(contains(text, "scan --staged"));
  // The absolute path of the hush that installed it, so git finds it without PATH.
  CHECK(contains(text, std::string("\nhush_bin='") + HUSH_BINARY + "'\n"));
  CHECK_FALSE(fs::exists(repo.chained()));
}

TEST_CASE("the installed hook is hooks/pre-commit with the path of hush filled in", "[hooks]") {
  const fs::path template_path = fs::path(HUSH_SOURCE_DIR) / "hooks/pre-commit";
  REQUIRE(fs::exists(template_path));
  CHECK(executable(template_path));
  TestRepo repo;
  install_ok(repo);
  std::string installed = read_file(repo.hook());
  const std::string line = std::string("\nhush_bin='") + HUSH_BINARY + "'\n";
  const auto at = installed.find(line);
  REQUIRE(at != std::string::npos);
  installed.replace(at, line.size(), "\nhush_bin='hush'\n");
  CHECK(installed == read_file(template_path));
}

TEST_CASE("installing twice is idempotent", "[hooks]") {
  TestRepo repo;
  install_ok(repo);
  const std::string first = read_file(repo.hook());
  const auto again = repo.hush({"hook", "install"});
  CHECK(again.exit_code == 0);
  CHECK(contains(again.err, "already installed"));
  CHECK(read_file(repo.hook()) == first);
  CHECK_FALSE(fs::exists(repo.chained()));  // our own hook is never chained to itself
  install_ok(repo, {"--force"});
  CHECK(read_file(repo.hook()) == first);
  CHECK_FALSE(fs::exists(repo.chained()));
  const auto entries = std::distance(fs::directory_iterator(repo.hooks()), fs::directory_iterator());
  install_ok(repo);
  CHECK(std::distance(fs::directory_iterator(repo.hooks()), fs::directory_iterator()) ==
        entries);  // no temp files left

  // A hook written by an older hush, or by one that has moved since, is rewritten in place.
  write_executable(repo.hook(), "#!/bin/sh\n# hush-managed-hook: pre-commit\nexec /old/hush scan --staged\n");
  const auto update = repo.hush({"hook", "install"});
  CHECK(update.exit_code == 0);
  CHECK(contains(update.err, "updated"));
  CHECK(read_file(repo.hook()) == first);
  CHECK_FALSE(fs::exists(repo.chained()));
}

TEST_CASE("an existing pre-commit hook is kept, run first, and put back by uninstall", "[hooks]") {
  TestRepo repo;
  const fs::path marker = repo.base() / "foreign-ran";
  const std::string foreign = foreign_hook(marker);
  write_executable(repo.hook(), foreign);

  const auto r = repo.hush({"hook", "install"});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(contains(r.err, "kept"));
  CHECK(contains(r.err, repo.chained().string()));
  CHECK(read_file(repo.chained()) == foreign);
  CHECK(executable(repo.chained()));
  CHECK(contains(read_file(repo.hook()), "# hush-managed-hook: pre-commit"));

  // Both run: the chained hook first, then hush (skipped here, so this needs no --staged).
  const auto ran = repo.git({repo.hook().string()}, {}, {{"HUSH_SKIP", "1"}});
  INFO(ran.output);
  CHECK(ran.exit_code == 0);
  CHECK(read_file(marker) == "ran\n");
  CHECK(contains(ran.output, "HUSH_SKIP=1"));

  // The chained hook's failure is the commit's failure, and hush does not run after it.
  write_executable(repo.chained(), foreign_hook(marker, 7));
  const auto failed = repo.git({repo.hook().string()}, {}, {{"HUSH_SKIP", "1"}});
  CHECK(failed.exit_code == 7);
  CHECK(read_file(marker) == "ran\nran\n");
  CHECK_FALSE(contains(failed.output, "HUSH_SKIP=1"));
  write_executable(repo.chained(), foreign);

  // Re-installing keeps the chain as it is.
  install_ok(repo);
  CHECK(read_file(repo.chained()) == foreign);

  const auto un = repo.hush({"hook", "uninstall"});
  INFO(un.err);
  CHECK(un.exit_code == 0);
  CHECK(contains(un.err, "put back"));
  CHECK(read_file(repo.hook()) == foreign);
  CHECK(executable(repo.hook()));
  CHECK_FALSE(fs::exists(repo.chained()));
}

TEST_CASE("hook install --force replaces a hook that is not hush's", "[hooks]") {
  TestRepo repo;
  write_executable(repo.hook(), foreign_hook(repo.base() / "marker"));
  const auto r = repo.hush({"hook", "install", "--force"});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(contains(r.err, "replaced"));
  CHECK(contains(read_file(repo.hook()), "# hush-managed-hook: pre-commit"));
  CHECK_FALSE(contains(read_file(repo.hook()), "someone else's hook"));
  CHECK_FALSE(fs::exists(repo.chained()));

  CHECK(repo.hush({"hook", "uninstall"}).exit_code == 0);
  CHECK_FALSE(fs::exists(repo.hook()));
}

TEST_CASE("a foreign hook is not overwritten when pre-commit.local is taken", "[hooks]") {
  TestRepo repo;
  write_executable(repo.hook(), "#!/bin/sh\nexit 0\n");
  write_executable(repo.chained(), "#!/bin/sh\nexit 1\n");
  const auto r = repo.hush({"hook", "install"});
  CHECK(r.exit_code == 2);
  CHECK(contains(r.err, "--force"));
  CHECK(read_file(repo.hook()) == "#!/bin/sh\nexit 0\n");
  CHECK(read_file(repo.chained()) == "#!/bin/sh\nexit 1\n");
}

TEST_CASE("uninstall leaves a foreign hook alone and does nothing without a hook", "[hooks]") {
  TestRepo repo;
  const auto none = repo.hush({"hook", "uninstall"});
  CHECK(none.exit_code == 0);
  CHECK(contains(none.err, "nothing to do"));

  write_executable(repo.hook(), "#!/bin/sh\nexit 0\n");
  const auto foreign = repo.hush({"hook", "uninstall"});
  CHECK(foreign.exit_code == 0);
  CHECK(contains(foreign.err, "not hush's"));
  CHECK(read_file(repo.hook()) == "#!/bin/sh\nexit 0\n");
}

TEST_CASE("core.hooksPath is honoured, relative to the work tree or absolute", "[hooks]") {
  TestRepo repo;
  repo.require_git({"git", "config", "core.hooksPath", ".githooks"});
  fs::create_directories(repo.root() / "sub");
  install_ok(repo, {}, repo.root() / "sub");
  CHECK(fs::exists(repo.root() / ".githooks/pre-commit"));
  CHECK(executable(repo.root() / ".githooks/pre-commit"));
  CHECK_FALSE(fs::exists(repo.hook()));

  const fs::path shared = repo.base() / "shared hooks";
  repo.require_git({"git", "config", "core.hooksPath", shared.string()});
  install_ok(repo);
  CHECK(fs::exists(shared / "pre-commit"));

  // The hook lands where git itself looks.
  const auto where = repo.git({"git", "rev-parse", "--git-path", "hooks"});
  CHECK(fs::equivalent(fs::path(where.output.substr(0, where.output.find('\n'))), shared));
}

TEST_CASE("in a linked worktree the hook goes to the repository's common hooks", "[hooks]") {
  TestRepo repo;
  repo.require_git({"git", "commit", "-q", "--allow-empty", "-m", "root"});
  const fs::path worktree = repo.base() / "wt";
  repo.require_git({"git", "worktree", "add", "-q", "-b", "side", worktree.string()});
  install_ok(repo, {}, worktree);
  CHECK(fs::exists(repo.hook()));
  const auto where = repo.git({"git", "rev-parse", "--git-path", "hooks/pre-commit"}, worktree);
  const fs::path git_says = fs::absolute(worktree / where.output.substr(0, where.output.find('\n')));
  CHECK(fs::equivalent(git_says, repo.hook()));
}

TEST_CASE("hook install --path names the repository from elsewhere", "[hooks]") {
  TestRepo repo;
  fs::create_directories(repo.root() / "a/b");
  const auto r = repo.hush({"hook", "install", "--path", (repo.root() / "a/b").string()}, repo.base());
  INFO(r.err);
  CHECK(r.exit_code == 0);
  CHECK(fs::exists(repo.hook()));
  CHECK(repo.hush({"hook", "uninstall", "-C", repo.root().string()}, repo.base()).exit_code == 0);
  CHECK_FALSE(fs::exists(repo.hook()));
}

TEST_CASE("hook: not a repository, a bare repository and bad arguments exit 2", "[hooks][errors]") {
  TestRepo repo;
  const auto outside = repo.hush({"hook", "install"}, repo.base());
  CHECK(outside.exit_code == 2);
  CHECK(contains(outside.err, "not a git repository"));
  const auto missing = repo.hush({"hook", "install", "--path", (repo.base() / "nope").string()});
  CHECK(missing.exit_code == 2);
  CHECK(contains(missing.err, "nope"));

  TestRepo bare(true);
  const auto b = bare.hush({"hook", "install"}, bare.root());
  CHECK(b.exit_code == 2);
  CHECK(contains(b.err, "bare"));

  CHECK(repo.hush({"hook"}).exit_code == 2);
  CHECK(repo.hush({"hook", "frobnicate"}).exit_code == 2);
  CHECK(repo.hush({"hook", "install", "--bogus"}).exit_code == 2);
  CHECK(repo.hush({"hook", "install", "extra"}).exit_code == 2);
  CHECK(repo.hush({"hook", "uninstall", "--force"}).exit_code == 2);
  CHECK_FALSE(fs::exists(repo.hook()));
  CHECK(repo.hush({"hook", "--help"}).exit_code == 0);
}

// ---- End to end through `git commit`; these need `hush scan --staged`. ----

TEST_CASE("git commit of a fake secret is refused with a readable message", "[hooks][staged]") {
  TestRepo repo;
  install_ok(repo);
  write_file(repo.root() / "README", "hello\n");
  repo.require_git({"git", "add", "README"});
  repo.require_git({"git", "commit", "-q", "-m", "first"});  // the hook passes a clean first commit
  const std::string before = repo.head();
  REQUIRE_FALSE(before.empty());

  const std::string token = make_github_token(301);
  const auto r = repo.commit_file("config/app.env", "GITHUB_TOKEN=" + token + "\n", "add config");
  INFO(r.output);
  CHECK(r.exit_code != 0);
  CHECK(repo.head() == before);
  CHECK(contains(r.output, "config/app.env"));
  CHECK(contains(r.output, "commit refused"));
  CHECK(contains(r.output, "hush:allow"));
  CHECK(contains(r.output, ".hushignore"));
  CHECK(contains(r.output, "git commit --no-verify"));
  CHECK_FALSE(contains(r.output, token));  // the report is redacted

  // Skipping is possible and says so.
  const auto skipped = repo.git({"git", "commit", "-q", "-m", "add config"}, {}, {{"HUSH_SKIP", "1"}});
  INFO(skipped.output);
  CHECK(skipped.exit_code == 0);
  CHECK(contains(skipped.output, "skipped"));
  CHECK(repo.head() != before);
}

TEST_CASE("the very first commit is scanned too", "[hooks][staged]") {
  TestRepo repo;
  install_ok(repo);
  const auto r = repo.commit_file("token.txt", make_github_token(302) + "\n", "first");
  INFO(r.output);
  CHECK(r.exit_code != 0);
  CHECK(repo.head().empty());
}

TEST_CASE("a clean commit passes the hook", "[hooks][staged]") {
  TestRepo repo;
  install_ok(repo);
  const auto r = repo.commit_file("main.c", "int main(void) { return 0; }\n", "clean");
  INFO(r.output);
  CHECK(r.exit_code == 0);
  CHECK_FALSE(repo.head().empty());
}

TEST_CASE("a secret already committed does not block later clean commits", "[hooks][staged]") {
  TestRepo repo;
  write_file(repo.root() / "old.env", "T=" + make_github_token(303) + "\n");
  repo.require_git({"git", "add", "old.env"});
  repo.require_git({"git", "commit", "-q", "-m", "before hush"});
  install_ok(repo);
  const auto r = repo.commit_file("old.env", "T=" + make_github_token(303) + "\nOTHER=1\n", "only adds a clean line");
  INFO(r.output);
  CHECK(r.exit_code == 0);
}

TEST_CASE("git commit -a is scanned: the hook sees the index being committed", "[hooks][staged]") {
  TestRepo repo;
  write_file(repo.root() / "settings.py", "DEBUG = True\n");
  repo.require_git({"git", "add", "settings.py"});
  repo.require_git({"git", "commit", "-q", "-m", "first"});
  install_ok(repo);
  const std::string before = repo.head();
  // Not added: `git commit -a` stages it into a temporary index that only GIT_INDEX_FILE names.
  write_file(repo.root() / "settings.py", "DEBUG = True\nTOKEN = '" + make_github_token(304) + "'\n");
  const auto r = repo.git({"git", "commit", "-a", "-m", "token"});
  INFO(r.output);
  CHECK(r.exit_code != 0);
  CHECK(repo.head() == before);
}

TEST_CASE("a fingerprint in .hushignore or an inline hush:allow lets the commit pass", "[hooks][staged]") {
  TestRepo repo;
  install_ok(repo);
  const std::string token = make_github_token(305);
  write_file(repo.root() / "fixtures/token.txt", "fake: " + token + "\n");
  const auto scan = repo.hush({"scan", "--format", "json", "fixtures/token.txt"});
  REQUIRE(scan.exit_code == 1);
  const auto doc = parse_json(scan.out);
  REQUIRE(doc["findings"].size() == 1);
  const std::string fingerprint = doc["findings"][0]["fingerprint"];

  repo.require_git({"git", "add", "fixtures/token.txt"});
  CHECK(repo.git({"git", "commit", "-q", "-m", "fixture"}).exit_code != 0);
  const auto r = repo.commit_file(".hushignore", "# test fixture, not a real token\n" + fingerprint + "\n", "fixture");
  INFO(r.output);
  CHECK(r.exit_code == 0);
  CHECK_FALSE(repo.head().empty());

  const auto inline_allowed =
      repo.commit_file("docs/example.md", "token: " + make_github_token(306) + "  <!-- hush:allow -->\n", "docs");
  INFO(inline_allowed.output);
  CHECK(inline_allowed.exit_code == 0);
}

TEST_CASE("a chained hook and hush both run on git commit", "[hooks][staged]") {
  TestRepo repo;
  const fs::path marker = repo.base() / "foreign-ran";
  write_executable(repo.hook(), foreign_hook(marker));
  install_ok(repo);

  const auto refused = repo.commit_file("key.env", "K=" + make_github_token(307) + "\n", "key");
  INFO(refused.output);
  CHECK(refused.exit_code != 0);
  CHECK(read_file(marker) == "ran\n");
  CHECK(repo.head().empty());

  repo.require_git({"git", "rm", "-q", "--cached", "key.env"});
  const auto passed = repo.commit_file("ok.txt", "fine\n", "ok");
  INFO(passed.output);
  CHECK(passed.exit_code == 0);
  CHECK(read_file(marker) == "ran\nran\n");
}

TEST_CASE("the pre-commit framework's hook refuses a secret with the native hook's advice",
          "[hooks][staged][pre-commit]") {
  TestRepo repo;
  const std::string path =
      fs::path(HUSH_BINARY).parent_path().string() + ":" + (std::getenv("PATH") ? std::getenv("PATH") : "");
  if (repo.git({"sh", "-c", "command -v pre-commit"}, {}, {{"PATH", path}}).exit_code != 0) {
    WARN("skipped: the pre-commit framework is not installed (pip install pre-commit)");
    SUCCEED("skipped");
    return;
  }
  // The framework clones the hook repository at a commit: one made of this checkout's hook files.
  const fs::path hook_repo = repo.base() / "hook-repo";
  fs::create_directories(hook_repo / "hooks");
  fs::copy_file(fs::path(HUSH_SOURCE_DIR) / ".pre-commit-hooks.yaml", hook_repo / ".pre-commit-hooks.yaml");
  fs::copy_file(fs::path(HUSH_SOURCE_DIR) / "hooks/pre-commit", hook_repo / "hooks/pre-commit");
  repo.require_git({"git", "init", "-q", hook_repo.string()});
  repo.require_git({"git", "-C", hook_repo.string(), "add", "-A"});
  repo.require_git({"git", "-C", hook_repo.string(), "-c", "user.name=Hush Test", "-c",
                    "user.email=hush-test@example.invalid", "commit", "-q", "-m", "hooks"});

  const std::string token = make_github_token(308);
  write_file(repo.root() / "config/app.env", "GITHUB_TOKEN=" + token + "\n");
  repo.require_git({"git", "add", "config/app.env"});
  const Env env = {{"PATH", path}, {"PRE_COMMIT_HOME", (repo.base() / "pre-commit-home").string()}};
  const auto refused = repo.git({"pre-commit", "try-repo", hook_repo.string(), "hush"}, {}, env);
  INFO(refused.output);
  CHECK(refused.exit_code != 0);
  CHECK(contains(refused.output, "config/app.env"));
  CHECK(contains(refused.output, "commit refused"));
  CHECK(contains(refused.output, "hush:allow"));
  CHECK(contains(refused.output, "git commit --no-verify"));
  CHECK_FALSE(contains(refused.output, token));

  repo.require_git({"git", "rm", "-q", "--cached", "config/app.env"});
  write_file(repo.root() / "ok.txt", "fine\n");
  repo.require_git({"git", "add", "ok.txt"});
  const auto passed = repo.git({"pre-commit", "try-repo", hook_repo.string(), "hush"}, {}, env);
  INFO(passed.output);
  CHECK(passed.exit_code == 0);
}
