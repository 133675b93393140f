// --state DIR: a history scan remembers what it covered; later runs scan only new commits and
// report only new findings, whatever happened to branches and packs in between.
#include <filesystem>
#include <fstream>

#include "catch.hpp"
#include "git_repo.hpp"

using namespace hush_it;

namespace {

struct StateFixture {
  Repo repo;
  TempDir state;

  nlohmann::json scan(const std::vector<std::string>& extra, int expected_exit, std::string* err = nullptr) const {
    std::vector<std::string> args = {"scan", "--git", "--state", state.str(), "--no-progress", "-f", "json"};
    args.insert(args.end(), extra.begin(), extra.end());
    args.push_back(repo.str());
    const RunResult r = run_hush(args);
    INFO("stderr: " << r.err);
    REQUIRE(r.exit_code == expected_exit);
    if (err) *err = r.err;
    return parse_json(r.out);
  }

  std::vector<fs::path> state_files() const {
    std::vector<fs::path> files;
    for (const auto& e : fs::directory_iterator(state.path())) files.push_back(e.path());
    return files;
  }
};

std::vector<std::string> paths_of(const nlohmann::json& report) {
  std::vector<std::string> paths;
  for (const auto& f : report["findings"]) paths.push_back(f["path"]);
  std::sort(paths.begin(), paths.end());
  return paths;
}

}  // namespace

TEST_CASE("scan --state: the first run scans the whole history, later runs only what is new", "[git][state]") {
  StateFixture fx;
  fx.repo.write("a.env", "TOKEN=" + make_github_token(601) + "\n");
  fx.repo.commit_all("one");
  const auto first = fx.scan({}, 1);
  CHECK(paths_of(first) == std::vector<std::string>{"a.env"});
  REQUIRE(fx.state_files().size() == 1);
  // The state holds no secret.
  CHECK(read_file(fx.state_files().front()).find(make_github_token(601)) == std::string::npos);

  // Nothing new: nothing scanned, nothing reported.
  const auto again = fx.scan({}, 0);
  CHECK(again["findings"].empty());
  CHECK(again["summary"]["files_scanned"] == 0);

  // A new commit: its new secret is reported; the old secret copied into another file is known.
  fx.repo.write("b.env", "TOKEN=" + make_github_token(602) + "\n");
  fx.repo.write("copy.env", "# copied\nOLD_TOKEN=" + make_github_token(601) + "\n");
  const std::string added = fx.repo.commit_all("two");
  const auto second = fx.scan({}, 1);
  REQUIRE(paths_of(second) == std::vector<std::string>{"b.env"});
  CHECK(second["findings"][0]["commit"] == added);

  // --all-findings scans everything again and reports every finding.
  const auto all = fx.scan({"--all-findings"}, 1);
  CHECK(paths_of(all) == std::vector<std::string>{"a.env", "b.env", "copy.env"});
}

TEST_CASE("scan --state: a force-push scans only the commits that are new, whatever branch they are on",
          "[git][state]") {
  StateFixture fx;
  fx.repo.write("a.env", "TOKEN=" + make_github_token(611) + "\n");
  fx.repo.commit_all("one");
  fx.repo.write("b.txt", "nothing\n");
  fx.repo.commit_all("two");
  CHECK(paths_of(fx.scan({}, 1)) == std::vector<std::string>{"a.env"});
  // Rewrite the branch: drop "two", add another commit with a new secret, repack everything.
  fx.repo.git({"reset", "-q", "--hard", "HEAD~1"});
  fx.repo.write("c.env", "TOKEN=" + make_github_token(612) + "\n");
  fx.repo.commit_all("rewritten");
  fx.repo.git({"repack", "-q", "-a", "-d"});
  CHECK(paths_of(fx.scan({}, 1)) == std::vector<std::string>{"c.env"});
  CHECK(fx.scan({}, 0)["findings"].empty());
}

TEST_CASE("scan --state: a damaged or foreign state file is rebuilt with a full scan and a warning", "[git][state]") {
  StateFixture fx;
  fx.repo.write("a.env", "TOKEN=" + make_github_token(621) + "\n");
  fx.repo.commit_all("one");
  fx.scan({}, 1);
  const fs::path file = fx.state_files().front();

  SECTION("one byte changed") {
    std::string bytes = read_file(file);
    bytes[bytes.size() / 2] ^= 0x01;
    write_file(file, bytes);
    std::string err;
    CHECK(paths_of(fx.scan({}, 1, &err)) == std::vector<std::string>{"a.env"});
    CHECK(err.find("damaged") != std::string::npos);
    // Rebuilt: the next run has nothing new.
    CHECK(fx.scan({}, 0)["findings"].empty());
  }
  SECTION("another repository's state under this repository's name") {
    StateFixture other;
    other.repo.write("x.txt", "x\n");
    other.repo.commit_all("x");
    other.scan({}, 0);
    fs::copy_file(other.state_files().front(), file, fs::copy_options::overwrite_existing);
    std::string err;
    CHECK(paths_of(fx.scan({}, 1, &err)) == std::vector<std::string>{"a.env"});
    CHECK(err.find("another repository") != std::string::npos);
  }
  SECTION("not a state file at all") {
    write_file(file, "hello\n");
    std::string err;
    CHECK(paths_of(fx.scan({}, 1, &err)) == std::vector<std::string>{"a.env"});
    CHECK(err.find("not a hush state file") != std::string::npos);
  }
}

TEST_CASE("scan --state: only with a whole-history scan, --all-findings only with --state", "[git][state]") {
  Repo repo;
  repo.write("a.txt", "x\n");
  repo.commit_all("one");
  CHECK(run_hush({"scan", "--git", "--range", "HEAD", "--state", "/tmp", repo.str()}).exit_code == 2);
  CHECK(run_hush({"scan", "--staged", "--state", "/tmp", repo.str()}).exit_code == 2);
  CHECK(run_hush({"scan", "--git", "--all-findings", repo.str()}).exit_code == 2);
}
