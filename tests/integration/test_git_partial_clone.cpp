// --staged (the pre-commit hook) and --range in partial clones (`git clone --filter=blob:none`):
// blobs the clone never fetched are counted as not_fetched, never an error, and blobs the scan
// does not need are not read at all.
#include "catch.hpp"
#include "git_repo.hpp"

using namespace hush_it;

namespace {

// A served repository: base, then a commit adding a token to app.env and editing notes.txt, then
// one editing notes.txt only. A blob:none clone of it has HEAD's blobs and none of the others.
struct Served {
  Repo origin;
  std::string base, adds_token, edits_notes;
  std::string token = make_github_token(501);
  Served() {
    origin.git({"config", "uploadpack.allowFilter", "true"});
    origin.write("app.env", numbered_lines(0, 8));
    origin.write("notes.txt", "one\n");
    base = origin.commit_all("base");
    origin.write("app.env", numbered_lines(0, 8) + "TOKEN=" + token + "\n");
    origin.write("notes.txt", "one\ntwo\n");
    adds_token = origin.commit_all("add a token");
    origin.write("notes.txt", "one\ntwo\nthree\n");
    edits_notes = origin.commit_all("edit notes");
  }
};

struct PartialClone {
  TempDir parent;
  fs::path path = parent / "clone";
  explicit PartialClone(const Served& served) {
    git_in(parent.path(), {"clone", "-q", "--filter=blob:none", "file://" + served.origin.str(), path.string()});
  }
  std::string git(const std::vector<std::string>& args) const { return git_in(path, args); }
  // How many objects reachable from HEAD the clone lacks.
  std::size_t missing() const {
    const std::string out = git({"rev-list", "--objects", "--missing=print", "HEAD"});
    return count_occurrences("\n" + out, "\n?");
  }
};

nlohmann::json scan(const fs::path& repo, const std::vector<std::string>& args, int expected_exit) {
  std::vector<std::string> full = {"scan", "--format", "json"};
  full.insert(full.end(), args.begin(), args.end());
  RunOptions o;
  o.cwd = repo;
  const RunResult r = run_hush(full, o);
  INFO("stderr: " << r.err);
  REQUIRE(r.exit_code == expected_exit);
  return parse_json(r.out);
}

}  // namespace

TEST_CASE("partial clone: the pre-commit hook's scan works and reads nothing it lacks", "[partial-clone][staged]") {
  Served served;
  PartialClone clone(served);
  REQUIRE(clone.missing() > 0);
  const std::string fresh = make_github_token(502);
  // An edit, a new file and a rename with an edit, each with what the clone has.
  write_file(clone.path / "app.env", numbered_lines(0, 8) + "TOKEN=" + served.token + "\nNEW=" + fresh + "\n");
  write_file(clone.path / "more.env", "OTHER=" + make_github_token(503) + "\n");
  clone.git({"mv", "notes.txt", "notes.md"});
  write_file(clone.path / "notes.md", "one\ntwo\nthree\nfour\n");
  clone.git({"add", "-A"});
  const auto report = scan(clone.path, {"--staged"}, 1);
  const auto found = by_rule(report, "github-pat");
  REQUIRE(found.size() == 2);
  CHECK(found[0]["path"] == "app.env");
  CHECK(found[0]["line"] == 10);
  CHECK(found[1]["path"] == "more.env");
  CHECK(report["summary"]["not_fetched"] == 0);
}

TEST_CASE("partial clone: a range counts the versions the clone never fetched, and says how to fetch them",
          "[partial-clone][range]") {
  Served served;
  PartialClone clone(served);
  const auto report = scan(clone.path, {"--git", "--range", served.base + "..HEAD"}, 1);
  // The token's blob is HEAD's, so it is there; notes.txt as the token's commit left it is not.
  const auto found = by_rule(report, "github-pat");
  REQUIRE(found.size() == 1);
  CHECK(found[0]["commit"] == served.adds_token);
  CHECK(found[0]["line"] == 9);
  // app.env before the token (needed to tell old lines from new) and notes.txt in the middle.
  CHECK(report["summary"]["not_fetched"] == 2);
  // Said in the report as something not scanned on purpose, with the command that fetches it.
  const auto& gaps = report["summary"]["not_scanned"];
  REQUIRE(gaps.size() == 1);
  CHECK(gaps[0]["count"] == 2);
  CHECK(gaps[0]["damaged"] == false);
  CHECK(gaps[0]["what"].get<std::string>().find("partial clone") != std::string::npos);
  CHECK(gaps[0]["fix"].get<std::string>().find("git log -p -M " + served.base + "..HEAD") != std::string::npos);

  SECTION("what the range does not need is never read") {
    // The last commit edits notes.txt, whose earlier version the clone lacks: without findings
    // in it, the earlier version is not wanted.
    const auto last = scan(clone.path, {"--git", "--range", served.adds_token + "..HEAD"}, 0);
    CHECK(last["summary"]["not_fetched"] == 0);
    CHECK(last["summary"]["not_scanned"].empty());
    CHECK(last["summary"]["files_scanned"] == 1);
  }
  SECTION("after the suggested command, nothing is missing") {
    const RunResult fetch =
        run_program("sh", {"-c", "git log -p -M " + served.base + "..HEAD > /dev/null"}, git_env(clone.path));
    REQUIRE(fetch.exit_code == 0);
    const auto full = scan(clone.path, {"--git", "--range", served.base + "..HEAD"}, 1);
    CHECK(full["summary"]["not_fetched"] == 0);
    CHECK(by_rule(full, "github-pat").size() == 1);
  }
}

// extensions.partialClone, which `git fetch --filter` in an existing clone writes (and older gits'
// `git clone --filter`): libgit2 1.5 refuses it unless hush registers it.
TEST_CASE("partial clone: extensions.partialClone does not stop --staged or --range", "[partial-clone][extension]") {
  Served served;
  PartialClone clone(served);
  clone.git({"config", "extensions.partialClone", "origin"});
  scan(clone.path, {"--staged"}, 0);
  const auto report = scan(clone.path, {"--git", "--range", served.base + "..HEAD"}, 1);
  CHECK(report["summary"]["not_fetched"] == 2);
}
