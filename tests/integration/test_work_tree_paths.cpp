// A directory or file scanned inside a Git work tree is named from the work tree's root and reads
// the work tree's .hush.toml and .hushignore, whichever directory is scanned and from where.
#include "catch.hpp"
#include "git_repo.hpp"

using namespace hush_it;

namespace {

struct WorkTree {
  Repo repo;
  WorkTree() {
    repo.write(".hush.toml", "exclude = [\"/sub/skip/\"]\n");
    repo.write("sub/app.env", "TOKEN=" + make_github_token(501) + "\n");
    repo.write("sub/skip/other.env", "TOKEN=" + make_github_token(502) + "\n");
    repo.commit_all("base");
  }
};

nlohmann::json scan_in(const fs::path& cwd, const std::vector<std::string>& paths, int expected_exit) {
  std::vector<std::string> args = {"scan", "--no-progress"};
  args.insert(args.end(), paths.begin(), paths.end());
  return scan_json(args, expected_exit, &cwd);
}

}  // namespace

TEST_CASE("work tree paths: a subdirectory scan reports paths from the work tree's root and uses its .hush.toml",
          "[work-tree]") {
  WorkTree wt;
  const auto from_sub = scan_in(wt.repo.path() / "sub", {"."}, 1);
  REQUIRE(from_sub["findings"].size() == 1);
  CHECK(from_sub["findings"][0]["path"] == "sub/app.env");
  // The root's anchored exclude applies to the subdirectory's files.
  CHECK(from_sub["summary"]["skipped_excluded"] == 1);

  // The same finding, named the same, from the root, from a file path and from the history.
  const auto from_root = scan_in(wt.repo.path(), {"."}, 1);
  const auto one_file = scan_in(wt.repo.path(), {"sub/app.env"}, 1);
  const auto history = scan_in(wt.repo.path(), {"--git", "."}, 1);
  REQUIRE(from_root["findings"].size() == 1);
  REQUIRE(one_file["findings"].size() == 1);
  CHECK(from_root["findings"][0]["path"] == "sub/app.env");
  CHECK(one_file["findings"][0]["path"] == "sub/app.env");
  CHECK(from_root["findings"][0]["fingerprint"] == from_sub["findings"][0]["fingerprint"]);
  CHECK(one_file["findings"][0]["fingerprint"] == from_sub["findings"][0]["fingerprint"]);
  bool in_history = false;
  for (const auto& f : history["findings"]) in_history = in_history || f["path"] == "sub/app.env";
  CHECK(in_history);
}

TEST_CASE("work tree paths: the root's .hushignore suppresses a finding when a subdirectory is scanned",
          "[work-tree]") {
  WorkTree wt;
  const auto before = scan_in(wt.repo.path() / "sub", {"."}, 1);
  REQUIRE(before["findings"].size() == 1);
  wt.repo.write(".hushignore", before["findings"][0]["fingerprint"].get<std::string>() + "\n");
  const auto after = scan_in(wt.repo.path() / "sub", {"."}, 0);
  CHECK(after["findings"].empty());
  CHECK(after["summary"]["baseline_suppressed"] == 1);
}

TEST_CASE("work tree paths: roots outside any work tree keep the paths as given", "[work-tree]") {
  TempDir plain;
  write_file(plain / "a/app.env", "TOKEN=" + make_github_token(503) + "\n");
  write_file(plain / "b/app.env", "TOKEN=" + make_github_token(504) + "\n");
  const auto one = scan_in(plain.path(), {"a"}, 1);
  REQUIRE(one["findings"].size() == 1);
  CHECK(one["findings"][0]["path"] == "app.env");
  const auto two = scan_in(plain.path(), {"a", "b"}, 1);
  REQUIRE(two["findings"].size() == 2);
  CHECK(two["findings"][0]["path"] == "a/app.env");
  CHECK(two["findings"][1]["path"] == "b/app.env");
}

TEST_CASE("HUSH_CONFIG names the scan's configuration when --config does not, before GITLEAKS_CONFIG",
          "[work-tree][config]") {
  TempDir dir;
  write_file(dir / "src/app.env", "TOKEN=" + make_github_token(505) + "\n");
  write_file(dir / "vendor/lib.env", "TOKEN=" + make_github_token(506) + "\n");
  // One file for both commands: the scan reads its keys and skips `hush run`'s [env].
  write_file(dir / "conf/hush.toml", "exclude = [\"vendor/\"]\n\n[env]\nLOG_LEVEL = \"info\"\n");
  write_file(dir / "conf/gitleaks.toml", "[extend]\nuseDefault = true\n");
  RunOptions o;
  o.cwd = dir.path() / "src";
  o.env = {{"HUSH_CONFIG", (dir / "conf/hush.toml").string()},
           {"GITLEAKS_CONFIG", (dir / "conf/gitleaks.toml").string()}};
  const RunResult r = run_hush({"scan", "--no-progress", "-f", "json", dir.str()}, o);
  INFO(r.err);
  REQUIRE(r.exit_code == 1);
  const auto report = parse_json(r.out);
  REQUIRE(report["findings"].size() == 1);
  CHECK(report["findings"][0]["path"] == "src/app.env");
  CHECK(report["summary"]["skipped_excluded"] == 1);
}
