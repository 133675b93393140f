// --exclude and `exclude` in .hush.toml mean the same gitignore patterns in every mode: the
// directory walk, --staged, --range and --git.
#include "catch.hpp"
#include "git_repo.hpp"

using namespace hush_it;

namespace {

// One secret in each of: vendor/, a nested vendor/, a minified file, and one kept file.
struct ExcludeFixture {
  Repo repo;
  std::string base;
  ExcludeFixture() {
    repo.write("README.md", "hello\n");
    base = repo.commit_all("base");
    repo.write("vendor/lib/config.env", "T=" + make_github_token(301) + "\n");
    repo.write("web/vendor/pkg.env", "T=" + make_github_token(302) + "\n");
    repo.write("web/app.min.js", "var t='" + make_github_token(303) + "';\n");
    repo.write("src/keep.env", "T=" + make_github_token(304) + "\n");
  }
};

std::vector<std::string> paths_of(const nlohmann::json& report) {
  std::vector<std::string> paths;
  for (const auto& f : report["findings"]) paths.push_back(f["path"]);
  return paths;
}

}  // namespace

TEST_CASE("excludes: the same gitignore patterns in --staged, --range, --git and the directory walk", "[excludes]") {
  ExcludeFixture fx;
  const std::vector<std::string> excludes = {"-e", "vendor/", "-e", "*.min.js"};
  auto with = [&](std::vector<std::string> args) {
    args.insert(args.end(), excludes.begin(), excludes.end());
    return args;
  };

  SECTION("staged") {
    fx.repo.git({"add", "-A"});
    const auto report = scan_json(with({"scan", "--staged"}), 1, &fx.repo.path());
    CHECK(paths_of(report) == std::vector<std::string>{"src/keep.env"});
    CHECK(report["summary"]["skipped_excluded"] == 3);
  }
  SECTION("range") {
    fx.repo.commit_all("add files");
    const auto report = scan_json(with({"scan", "--git", "--range", fx.base + "..HEAD", fx.repo.str()}), 1);
    CHECK(paths_of(report) == std::vector<std::string>{"src/keep.env"});
    CHECK(report["summary"]["skipped_excluded"] == 3);
  }
  SECTION("history") {
    fx.repo.commit_all("add files");
    const auto report = scan_json(with({"scan", "--git", fx.repo.str()}), 1);
    CHECK(paths_of(report) == std::vector<std::string>{"src/keep.env"});
    // History counts the excluded file versions that held findings (the only ones it has paths for).
    CHECK(report["summary"]["skipped_excluded"] == 3);
  }
  SECTION("directory walk: an excluded directory is not entered and counts once") {
    const auto report = scan_json(with({"scan", fx.repo.str()}), 1);
    CHECK(paths_of(report) == std::vector<std::string>{"src/keep.env"});
    CHECK(report["summary"]["skipped_excluded"] == 3);  // vendor/, web/vendor/ and web/app.min.js
  }
}

TEST_CASE("excludes: anchored, ** and negated patterns, from the command line and .hush.toml", "[excludes]") {
  ExcludeFixture fx;
  fx.repo.commit_all("add files");
  const auto range = fx.base + "..HEAD";
  auto found = [&](const std::vector<std::string>& extra) {
    std::vector<std::string> args = {"scan", "--git", "--range", range, fx.repo.str()};
    args.insert(args.end(), extra.begin(), extra.end());
    args.insert(args.end(), {"--format", "json"});
    const RunResult r = run_hush(args);
    INFO(r.err);
    REQUIRE((r.exit_code == 0 || r.exit_code == 1));
    return paths_of(parse_json(r.out));
  };
  // Anchored: only the top-level vendor/.
  CHECK(found({"-e", "./vendor/"}) == std::vector<std::string>{"src/keep.env", "web/app.min.js", "web/vendor/pkg.env"});
  CHECK(found({"-e", "/vendor/"}) == std::vector<std::string>{"src/keep.env", "web/app.min.js", "web/vendor/pkg.env"});
  CHECK(found({"-e", "**/vendor/**"}) == std::vector<std::string>{"src/keep.env", "web/app.min.js"});
  CHECK(found({"-e", "web/**", "-e", "!web/app.min.js"}) ==
        std::vector<std::string>{"src/keep.env", "vendor/lib/config.env", "web/app.min.js"});

  fx.repo.write(".hush.toml", "exclude = [\"vendor/\", \"*.min.js\"]\n");
  fx.repo.commit_all("config");
  CHECK(found({}) == std::vector<std::string>{"src/keep.env"});
}
