// What --range and --staged count as added: merges (what a merge adds beyond its parents), renames
// with an edit, moved lines, commits fsck rejects, and shallow clones.
#include <set>

#include "catch.hpp"
#include "git_repo.hpp"

using namespace hush_it;

namespace {

nlohmann::json range_report(const Repo& repo, const std::string& range, int expected_exit) {
  return scan_json({"scan", "--git", "--range", range, repo.str()}, expected_exit);
}

}  // namespace

TEST_CASE("range: an evil merge's own secret is reported, attributed to the merge", "[range][merge]") {
  // Both object formats: SHA-256 repositories are read through the git command, with the same result.
  const std::string format = GENERATE(as<std::string>{}, "sha1", "sha256");
  INFO("object format " << format);
  Repo repo(format);
  repo.write("app.conf", numbered_lines(0, 10));
  const std::string base = repo.commit_all("base");
  repo.git({"checkout", "-q", "-b", "topic"});
  repo.write("app.conf", numbered_lines(0, 10) + "topic = 1\n");
  repo.commit_all("topic edit");
  repo.git({"checkout", "-q", "main"});
  repo.write("app.conf", "main = 1\n" + numbered_lines(0, 10));
  repo.commit_all("main edit");
  const std::string token = make_github_token(401);

  SECTION("a clean merge adds nothing") {
    repo.git({"merge", "-q", "--no-edit", "topic"});
    CHECK(range_report(repo, base + "..HEAD", 0)["findings"].empty());
  }
  SECTION("a secret written into the merge is the merge's") {
    repo.git({"merge", "-q", "--no-commit", "topic"});
    repo.write("app.conf", "main = 1\n" + numbered_lines(0, 10) + "topic = 1\nTOKEN=" + token + "\n");
    repo.git({"add", "app.conf"});
    repo.git({"commit", "-q", "--no-edit", "-m", "merge topic"});
    const std::string merge = repo.git({"rev-parse", "HEAD"});
    const auto found = by_rule(range_report(repo, base + "..HEAD", 1), "github-pat");
    REQUIRE(found.size() == 1);
    CHECK(found[0]["commit"] == merge);
    CHECK(found[0]["line"] == 13);
    CHECK(found[0]["message"] == "merge topic");
    // The merge alone, too.
    CHECK(by_rule(range_report(repo, "HEAD^1..HEAD", 1), "github-pat").size() == 1);
  }
  SECTION("a secret in a file only the merge adds") {
    repo.git({"merge", "-q", "--no-commit", "topic"});
    repo.write("extra.env", "TOKEN=" + token + "\n");
    repo.git({"add", "extra.env"});
    repo.git({"commit", "-q", "--no-edit", "-m", "merge topic"});
    const auto found = by_rule(range_report(repo, base + "..HEAD", 1), "github-pat");
    REQUIRE(found.size() == 1);
    CHECK(found[0]["path"] == "extra.env");
  }
}

TEST_CASE("range: a conflict resolution is scanned for what neither side had", "[range][merge]") {
  // Both object formats: SHA-256 repositories are read through the git command, with the same result.
  const std::string format = GENERATE(as<std::string>{}, "sha1", "sha256");
  INFO("object format " << format);
  Repo repo(format);
  repo.write("app.env", numbered_lines(0, 5) + "KEY=placeholder\n" + numbered_lines(5, 10));
  const std::string base = repo.commit_all("base");
  const std::string ours_token = make_github_token(402);
  const std::string theirs_token = make_github_token(403);
  repo.git({"checkout", "-q", "-b", "topic"});
  repo.write("app.env", numbered_lines(0, 5) + "KEY=" + theirs_token + "\n" + numbered_lines(5, 10));
  const std::string topic_commit = repo.commit_all("topic key");
  repo.git({"checkout", "-q", "main"});
  repo.write("app.env", numbered_lines(0, 5) + "KEY=" + ours_token + "\n" + numbered_lines(5, 10));
  const std::string main_commit = repo.commit_all("main key");
  const RunResult conflict = run_program("git", {"merge", "-q", "topic"}, git_env(repo.path()));
  REQUIRE(conflict.exit_code != 0);  // both sides changed the same line

  SECTION("resolved to one side: each secret once, from the commit that added it") {
    repo.write("app.env", numbered_lines(0, 5) + "KEY=" + theirs_token + "\n" + numbered_lines(5, 10));
    repo.git({"add", "app.env"});
    repo.git({"commit", "-q", "--no-edit"});
    const auto found = by_rule(range_report(repo, base + "..HEAD", 1), "github-pat");
    REQUIRE(found.size() == 2);
    std::set<std::string> commits;
    for (const auto& f : found) commits.insert(f["commit"].get<std::string>());
    CHECK(commits == std::set<std::string>{topic_commit, main_commit});
  }
  SECTION("resolved with a third value: the merge added it") {
    const std::string resolved = make_github_token(404);
    repo.write("app.env", numbered_lines(0, 5) + "KEY=" + resolved + "\n" + numbered_lines(5, 10));
    repo.git({"add", "app.env"});
    repo.git({"commit", "-q", "--no-edit"});
    const std::string merge = repo.git({"rev-parse", "HEAD"});
    const auto found = by_rule(range_report(repo, base + "..HEAD", 1), "github-pat");
    REQUIRE(found.size() == 3);
    std::vector<nlohmann::json> by_merge;
    for (const auto& f : found)
      if (f["commit"] == merge) by_merge.push_back(f);
    REQUIRE(by_merge.size() == 1);
    CHECK(by_merge[0]["line"] == 6);
  }
}

TEST_CASE("range: merging the base branch in does not report what the base branch added", "[range][merge]") {
  // Both object formats: SHA-256 repositories are read through the git command, with the same result.
  const std::string format = GENERATE(as<std::string>{}, "sha1", "sha256");
  INFO("object format " << format);
  Repo repo(format);
  repo.write("a.txt", numbered_lines(0, 5));
  repo.commit_all("base");
  repo.git({"checkout", "-q", "-b", "feature"});
  repo.write("feature.txt", numbered_lines(10, 15));
  repo.commit_all("feature work");
  repo.git({"checkout", "-q", "main"});
  repo.write("main.env", "TOKEN=" + make_github_token(405) + "\n");
  repo.write("a.txt", numbered_lines(0, 5) + "T=" + make_github_token(406) + "\n");
  repo.commit_all("main adds secrets");
  repo.git({"checkout", "-q", "feature"});
  repo.git({"merge", "-q", "--no-edit", "main"});
  CHECK(range_report(repo, "main..feature", 0)["findings"].empty());
  CHECK(range_report(repo, "main...feature", 0)["findings"].empty());
}

TEST_CASE("range and staged: a rename with a one-line edit keeps the file's old secret old",
          "[range][staged][rename]") {
  // Both object formats: SHA-256 repositories are read through the git command, with the same result.
  const std::string format = GENERATE(as<std::string>{}, "sha1", "sha256");
  INFO("object format " << format);
  Repo repo(format);
  const std::string old_token = make_github_token(407);
  repo.write("config/app.env", numbered_lines(0, 10) + "TOKEN=" + old_token + "\n");
  const std::string base = repo.commit_all("base");
  repo.git({"rm", "-q", "config/app.env"});
  repo.write("settings/prod.env", numbered_lines(0, 9) + "setting_9 = changed\nTOKEN=" + old_token + "\n");
  repo.git({"add", "-A"});
  SECTION("staged") { CHECK(staged_report(repo, 0)["findings"].empty()); }
  SECTION("range") {
    repo.commit_all("rename and edit");
    CHECK(range_report(repo, base + "..HEAD", 0)["findings"].empty());
  }
  SECTION("a new secret in the renamed file is still found, in both") {
    const std::string new_token = make_github_token(408);
    repo.write("settings/prod.env",
               numbered_lines(0, 9) + "setting_9 = changed\nTOKEN=" + old_token + "\nNEW=" + new_token + "\n");
    repo.git({"add", "-A"});
    const auto staged = by_rule(staged_report(repo, 1), "github-pat");
    REQUIRE(staged.size() == 1);
    CHECK(staged[0]["line"] == 12);
    CHECK(staged[0]["path"] == "settings/prod.env");
    repo.commit_all("rename, edit, new secret");
    const auto range = by_rule(range_report(repo, base + "..HEAD", 1), "github-pat");
    REQUIRE(range.size() == 1);
    CHECK(range[0]["line"] == 12);
  }
  SECTION("a file too unlike the removed one is new, in both") {
    repo.write("settings/prod.env", "TOKEN=" + old_token + "\n" + numbered_lines(20, 40));
    repo.git({"add", "-A"});
    CHECK(by_rule(staged_report(repo, 1), "github-pat").size() == 1);
    repo.commit_all("rewrite");
    CHECK(by_rule(range_report(repo, base + "..HEAD", 1), "github-pat").size() == 1);
  }
}

TEST_CASE("range and staged: a moved line is not added", "[range][staged]") {
  // Both object formats: SHA-256 repositories are read through the git command, with the same result.
  const std::string format = GENERATE(as<std::string>{}, "sha1", "sha256");
  INFO("object format " << format);
  Repo repo(format);
  const std::string token = make_github_token(409);
  repo.write("app.env", "TOKEN=" + token + "\n" + numbered_lines(0, 6));
  const std::string base = repo.commit_all("base");
  repo.write("app.env", numbered_lines(0, 3) + "TOKEN=" + token + "\n" + numbered_lines(3, 6) + "extra = 1\n");
  repo.git({"add", "-A"});
  CHECK(staged_report(repo, 0)["findings"].empty());
  repo.commit_all("move the line");
  CHECK(range_report(repo, base + "..HEAD", 0)["findings"].empty());
  // A second copy is added, in both modes.
  repo.write("app.env", numbered_lines(0, 3) + "TOKEN=" + token + "\n" + numbered_lines(3, 6) +
                            "extra = 1\nTOKEN=" + token + "\n");
  repo.git({"add", "-A"});
  CHECK(by_rule(staged_report(repo, 1), "github-pat").size() == 1);
  repo.commit_all("copy the line");
  const auto found = by_rule(range_report(repo, base + "..HEAD", 1), "github-pat");
  REQUIRE(found.size() == 1);
  CHECK(found[0]["line"] == 9);
}

TEST_CASE("range: commits git reads but fsck rejects are scanned", "[range][fsck]") {
  Repo repo;
  repo.write("README.md", "hello\n");
  const std::string base = repo.commit_all("base");
  const std::string token = make_github_token(410);
  repo.write("app.env", "TOKEN=" + token + "\n");
  repo.git({"add", "app.env"});
  const std::string tree = repo.git({"write-tree"});
  const std::string header = "tree " + tree + "\nparent " + base + "\n";
  const std::string committer = "committer C <c@example.com> 1709283600 +0000\n";
  struct Broken {
    std::string name, body, author, email, date;
  };
  const std::vector<Broken> cases = {
      {"missing author", header + committer + "\nno author\n", "", "", ""},
      {"bad date", header + "author Ada <ada@example.com> yesterday +0000\n" + committer + "\nbad date\n", "Ada",
       "ada@example.com", ""},
      {"bad e-mail", header + "author Ada <ada@example.com 1709283600 +0000\n" + committer + "\nbad email\n", "?", "?",
       ""},
      {"overflowing date",
       header + "author Ada <ada@example.com> 99999999999999999999 +0000\n" + committer + "\nbig date\n", "Ada",
       "ada@example.com", ""},
  };
  for (const auto& c : cases) {
    DYNAMIC_SECTION(c.name) {
      repo.write("commit.txt", c.body);
      const std::string commit = repo.git({"hash-object", "-t", "commit", "--literally", "-w", "commit.txt"});
      fs::remove(repo.path() / "commit.txt");
      // fsck rejects it, git log shows it.
      CHECK(run_program("git", {"fsck", "--no-dangling"}, git_env(repo.path())).exit_code != 0);
      repo.git({"update-ref", "refs/heads/broken", commit});
      for (const std::string& head : {commit, std::string("broken")}) {
        const auto found = by_rule(range_report(repo, base + ".." + head, 1), "github-pat");
        REQUIRE(found.size() == 1);
        CHECK(found[0]["commit"] == commit);
        CHECK(found[0]["path"] == "app.env");
        // "?": what to show of a line without "<...>" is the provenance reader's choice (git log shows nothing).
        if (c.author != "?")
          CHECK(found[0]["author"] == (c.author.empty() ? nlohmann::json(nullptr) : nlohmann::json(c.author)));
        if (c.email != "?")
          CHECK(found[0]["email"] == (c.email.empty() ? nlohmann::json(nullptr) : nlohmann::json(c.email)));
        CHECK(found[0]["date"].is_null());
      }
      // The broken commit as the base of a range, and under a child commit of its own.
      repo.git({"checkout", "-q", "broken"});
      repo.write("later.txt", "later\n");
      repo.commit_all("after the broken commit");
      CHECK(range_report(repo, "broken..HEAD", 0)["findings"].empty());
      CHECK(by_rule(range_report(repo, base + "..HEAD", 1), "github-pat").size() == 1);
      // The pre-commit hook on top of it compares with its tree, not with nothing.
      repo.write("later.txt", "later, edited\n");
      repo.git({"add", "later.txt"});
      CHECK(staged_report(repo, 0)["summary"]["files_scanned"] == 1);
    }
  }
}

TEST_CASE("range: ordinary commits read the same as the history scan reads them", "[range]") {
  Repo repo;
  repo.write("README.md", "hello\n");
  const std::string base = repo.commit_all("base");
  repo.write("app.env", "TOKEN=" + make_github_token(411) + "\n");
  repo.commit_all("add a token\nsecond line of the subject\n\nbody");
  const auto range = by_rule(range_report(repo, base + "..HEAD", 1), "github-pat");
  const auto history = by_rule(scan_json({"scan", "--git", repo.str()}, 1), "github-pat");
  REQUIRE(range.size() == 1);
  REQUIRE(history.size() == 1);
  for (const char* key : {"commit", "author", "email", "date", "message", "blob", "path", "line"}) {
    INFO(key);
    CHECK(range[0][key] == history[0][key]);
  }
  CHECK(range[0]["message"] == "add a token second line of the subject");
  CHECK(range[0]["date"] == "2024-03-01T10:00:00+01:00");
}

TEST_CASE("range: in a shallow clone, a range inside the fetched history is scanned", "[range][shallow]") {
  Repo repo;
  for (int i = 0; i < 4; ++i) {
    repo.write("n.txt", std::to_string(i) + "\n");
    repo.commit_all("commit " + std::to_string(i));
  }
  repo.write("app.env", "TOKEN=" + make_github_token(412) + "\n");
  const std::string head = repo.commit_all("add a token");
  TempDir parent;
  const fs::path shallow = parent / "shallow";
  REQUIRE(run_program("git", {"clone", "-q", "--depth", "3", "file://" + repo.str(), shallow.string()},
                      git_env(parent.path()))
              .exit_code == 0);
  const auto found =
      by_rule(scan_json({"scan", "--git", "--range", "HEAD~1..HEAD", shallow.string()}, 1), "github-pat");
  REQUIRE(found.size() == 1);
  CHECK(found[0]["commit"] == head);
  CHECK(scan_json({"scan", "--git", "--range", "HEAD~2..HEAD~1", shallow.string()}, 0)["findings"].empty());
  // A base below what was fetched is still a usage error asking for more history.
  const RunResult below =
      run_hush({"scan", "--git", "--range", repo.git({"rev-parse", "HEAD~3"}) + "..HEAD", shallow.string()});
  CHECK(below.exit_code == 2);
  CHECK(below.err.find("fetch") != std::string::npos);
}

TEST_CASE("range and history: a secret in a commit's subject is redacted in every finding of that commit",
          "[range][redaction]") {
  Repo repo;
  repo.write("README.md", "hello\n");
  const std::string base = repo.commit_all("base");
  const std::string in_subject = make_github_token(413);
  repo.write("app.env", "TOKEN=" + make_github_token(414) + "\n");
  repo.commit_all("deploy with " + in_subject);
  for (const auto& report : {range_report(repo, base + "..HEAD", 1), scan_json({"scan", "--git", repo.str()}, 1)}) {
    const auto found = by_rule(report, "github-pat");
    REQUIRE(found.size() == 2);  // the subject's token and the file's
    for (const auto& f : found) CHECK(f["message"].get<std::string>().find(in_subject) == std::string::npos);
    CHECK(report.dump().find(in_subject) == std::string::npos);
  }
}

TEST_CASE("range: --range alone is a Git scan (--git implied)", "[range][cli]") {
  Repo repo;
  repo.write("app.conf", numbered_lines(0, 3));
  const std::string base = repo.commit_all("base");
  repo.write("app.conf", numbered_lines(0, 3) + "TOKEN=" + make_github_token(402) + "\n");
  repo.commit_all("add a token");
  const auto implied = scan_json({"scan", "--range", base + "..HEAD", repo.str()}, 1);
  const auto explicit_git = range_report(repo, base + "..HEAD", 1);
  REQUIRE(implied["findings"].size() == 1);
  CHECK(implied["findings"] == explicit_git["findings"]);
  CHECK(implied["findings"][0].contains("commit"));
}
