// --gitignore: a directory scan inside a work tree skips what git ignores, by every source git
// reads ignores from, and never what git tracks.
#include <algorithm>

#include "catch.hpp"
#include "git_repo.hpp"

using namespace hush_it;

namespace {

std::vector<std::string> sorted_paths(const nlohmann::json& report) {
  std::vector<std::string> paths;
  for (const auto& f : report["findings"]) paths.push_back(f["path"]);
  std::sort(paths.begin(), paths.end());
  return paths;
}

// A work tree where each way git ignores a file ignores one that holds a token, beside files
// that look ignored and are not (re-included, tracked).
struct IgnoreFixture {
  Repo repo;
  TempDir home;
  fs::path global_excludes = home / "global-ignore";
  fs::path global_config = home / "gitconfig";
  std::uint32_t seed = 400;

  void plant(const std::string& rel) { repo.write(rel, "TOKEN=" + make_github_token(++seed) + "\n"); }

  IgnoreFixture() {
    repo.write(".gitignore", "node_modules/\n*.local\n!keep.local\nbuild/\n");
    repo.write("sub/.gitignore", "secret.txt\n");
    repo.write(".git/info/exclude", "info-excluded.env\n");
    write_file(global_excludes, "global-excluded.env\n");
    write_file(global_config, "[core]\n\texcludesFile = " + global_excludes.string() + "\n");
    for (const char* rel : {"kept.env", "keep.local", "sub/kept.env", "node_modules/pkg/config.env", "a.local",
                            "sub/secret.txt", "info-excluded.env", "build/untracked.env"})
      plant(rel);
    repo.commit_all("base");
    // After the commit: the fixture's own git runs without the global configuration.
    plant("global-excluded.env");
    // Tracked despite a pattern that matches it: git never ignores what it tracks.
    plant("tracked.local");
    plant("build/tracked.env");
    repo.git({"add", "-f", "tracked.local", "build/tracked.env"});
  }

  RunOptions options(const fs::path& cwd) const {
    RunOptions o;
    o.cwd = cwd;
    o.env = {{"GIT_CONFIG_GLOBAL", global_config.string()}, {"GIT_CONFIG_NOSYSTEM", "1"}};
    return o;
  }

  nlohmann::json scan(std::vector<std::string> args, const fs::path& cwd) const {
    args.insert(args.begin(), "scan");
    args.insert(args.end(), {"--format", "json", "--no-progress"});
    const RunResult r = run_hush(args, options(cwd));
    INFO("stderr: " << r.err);
    REQUIRE(r.exit_code == 1);
    return parse_json(r.out);
  }
};

const std::vector<std::string> not_ignored = {"build/tracked.env", "keep.local", "kept.env", "sub/kept.env",
                                              "tracked.local"};

}  // namespace

TEST_CASE("gitignore: --gitignore skips what .gitignore, info/exclude and core.excludesFile ignore", "[gitignore]") {
  IgnoreFixture fx;
  const auto report = fx.scan({"--gitignore", "."}, fx.repo.path());
  CHECK(sorted_paths(report) == not_ignored);
  // node_modules/ counts once: it is not entered.
  CHECK(report["summary"]["skipped_gitignored"] == 6);
}

TEST_CASE("gitignore: off by default, everything under the root is scanned", "[gitignore]") {
  IgnoreFixture fx;
  const auto report = fx.scan({"."}, fx.repo.path());
  CHECK(report["findings"].size() == 11);
  CHECK(report["summary"]["skipped_gitignored"] == 0);
}

TEST_CASE("gitignore: `gitignore = true` in .hush.toml, and --no-gitignore overrides it", "[gitignore]") {
  IgnoreFixture fx;
  fx.repo.write(".hush.toml", "gitignore = true\n");
  CHECK(sorted_paths(fx.scan({"."}, fx.repo.path())) == not_ignored);
  CHECK(fx.scan({"--no-gitignore", "."}, fx.repo.path())["findings"].size() == 11);
  const RunResult both = run_hush({"scan", "--gitignore", "--no-gitignore", "."}, fx.options(fx.repo.path()));
  CHECK(both.exit_code == 2);
}

TEST_CASE("gitignore: a subdirectory scan applies the ignores of the whole work tree", "[gitignore]") {
  IgnoreFixture fx;
  const auto report = fx.scan({"--gitignore", fx.repo.str() + "/sub"}, fx.repo.path());
  CHECK(sorted_paths(report) == std::vector<std::string>{"sub/kept.env"});
  CHECK(report["summary"]["skipped_gitignored"] == 1);
}

TEST_CASE(
    "gitignore: outside a work tree, or in an ignored directory named as the root, nothing is skipped and a warning "
    "says why",
    "[gitignore]") {
  TempDir plain;
  write_file(plain / "a.env", "TOKEN=" + make_github_token(450) + "\n");
  RunOptions o;
  o.cwd = plain.path();
  const RunResult outside = run_hush({"scan", "--gitignore", "--no-progress", "-f", "json", "."}, o);
  CHECK(outside.exit_code == 1);
  CHECK(parse_json(outside.out)["findings"].size() == 1);
  CHECK(outside.err.find("--gitignore") != std::string::npos);

  IgnoreFixture fx;
  const auto named = fx.scan({"--gitignore", "node_modules"}, fx.repo.path());
  CHECK(sorted_paths(named) == std::vector<std::string>{"node_modules/pkg/config.env"});
}
