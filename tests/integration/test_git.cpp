// `hush scan --git`, `--range` and `--staged` against real repositories built with the git CLI.
#include <algorithm>

#include "catch.hpp"
#include "git_repo.hpp"
#include "harness.hpp"

using namespace hush_it;

namespace {

// One commit: a token in a.env (made from `seed`) and a clean b.txt; returns b.txt's blob.
std::string token_and_clean_file(const Repo& repo, std::uint32_t seed) {
  repo.write("a.env", "T=" + make_github_token(seed) + "\n");
  repo.write("b.txt", "clean\n");
  repo.commit_all("two files");
  return repo.git({"rev-parse", "HEAD:b.txt"});
}

}  // namespace

TEST_CASE("history: a secret is attributed to the commit and path that introduced it") {
  Repo repo;
  const std::string token = make_github_token(101);
  repo.write("README.md", "hello\n");
  repo.commit_all("initial");
  repo.write("config/app.env", "x=1\nGITHUB_TOKEN=" + token + "\n");
  const std::string added = repo.commit_all("add settings\n\nlonger body");
  const std::string blob = repo.git({"rev-parse", "HEAD:config/app.env"});
  repo.git({"mv", "config/app.env", "config/prod.env"});
  repo.commit_all("rename settings");
  repo.git({"rm", "-q", "config/prod.env"});
  repo.commit_all("remove settings");

  const auto report = scan_json({"scan", "--git", repo.str()}, 1);
  const auto found = by_rule(report, "github-pat");
  REQUIRE(found.size() == 1);  // a rename is the same leak, and a deletion does not end it
  const auto& f = found[0];
  CHECK(f["path"] == "config/app.env");
  CHECK(f["line"] == 2);
  CHECK(f["column"] == 14);
  CHECK(f["commit"] == added);
  CHECK(f["blob"] == blob);
  CHECK(f["author"] == "Ada Dev");
  CHECK(f["email"] == "ada@example.com");
  CHECK(f["date"] == "2024-03-01T10:00:00+01:00");
  CHECK(f["message"] == "add settings");
  CHECK(report.dump().find(token) == std::string::npos);
}

TEST_CASE("history: commit messages are scanned") {
  Repo repo;
  repo.write("a.txt", "a\n");
  const std::string sha = repo.commit_all("deploy with key AKIAWB5WKH7DNSIPZZ7F oops");
  const auto found = by_rule(scan_json({"scan", "--git", repo.str()}, 1), "aws-access-key-id");
  REQUIRE(found.size() == 1);
  CHECK(found[0]["path"] == "(commit message)");
  CHECK(found[0]["commit"] == sha);
  CHECK(found[0]["column"] == 17);
}

TEST_CASE("history: the same secret edited in place is one finding, copied elsewhere it is another") {
  Repo repo;
  const std::string token = make_github_token(102);
  repo.write("a.env", "T=" + token + "\n");
  const std::string first = repo.commit_all("add");
  repo.write("a.env", "T=" + token + "\nMORE=1\n");
  repo.commit_all("edit");
  repo.write("b.env", "# copied\nT=" + token + "\n");  // different bytes: a new blob at a new path
  const std::string copied = repo.commit_all("copy");
  const auto found = by_rule(scan_json({"scan", "--git", repo.str()}, 1), "github-pat");
  REQUIRE(found.size() == 2);
  CHECK(found[0]["path"] == "a.env");
  CHECK(found[0]["commit"] == first);
  CHECK(found[1]["path"] == "b.env");
  CHECK(found[1]["line"] == 2);
  CHECK(found[1]["commit"] == copied);
}

TEST_CASE("history: branches, tags, bare repositories and subdirectories") {
  Repo repo;
  repo.write("main.txt", "clean\n");
  repo.commit_all("initial");
  repo.git({"checkout", "-q", "-b", "feature"});
  repo.write("feature.env", "T=" + make_github_token(103) + "\n");
  const std::string on_branch = repo.commit_all("feature work");
  repo.git({"checkout", "-q", "main"});
  repo.write("sub/dir/file.txt", "nothing\n");
  repo.commit_all("subdir");

  const fs::path sub = repo.path() / "sub" / "dir";
  const auto from_sub = by_rule(scan_json({"scan", "--git", sub.string()}, 1), "github-pat");
  REQUIRE(from_sub.size() == 1);
  CHECK(from_sub[0]["commit"] == on_branch);
  CHECK(from_sub[0]["path"] == "feature.env");

  TempDir bare_parent;
  const fs::path bare = bare_parent / "bare.git";
  REQUIRE(
      run_program("git", {"clone", "-q", "--bare", repo.str(), bare.string()}, git_env(bare_parent.path())).exit_code ==
      0);
  const auto from_bare = by_rule(scan_json({"scan", "--git", bare.string()}, 1), "github-pat");
  REQUIRE(from_bare.size() == 1);
  CHECK(from_bare[0]["commit"] == on_branch);
}

TEST_CASE("history: packed repositories scan the same as loose ones") {
  Repo repo;
  for (int i = 0; i < 20; ++i) {
    repo.write("file" + std::to_string(i % 5) + ".txt",
               "line " + std::to_string(i) + "\n" + std::string(200, 'a' + static_cast<char>(i % 26)) + "\n");
    if (i == 7) repo.write("secret.env", "T=" + make_github_token(104) + "\n");
    repo.commit_all("commit " + std::to_string(i));
  }
  const auto loose = scan_json({"scan", "--git", repo.str()}, 1);
  repo.git({"gc", "-q", "--aggressive"});
  const auto packed = scan_json({"scan", "--git", repo.str()}, 1);
  CHECK(packed["findings"] == loose["findings"]);
  CHECK(packed["summary"]["files_scanned"] == loose["summary"]["files_scanned"]);
}

TEST_CASE("history: blobs stored as deltas give the same findings as whole blobs") {
  // A long file edited version after version, secrets moving in and out near the edits: packed,
  // most versions are deltas, and hush takes their base's candidates where bytes were copied.
  Repo repo;
  std::vector<std::string> lines;
  for (int i = 0; i < 400; ++i)
    lines.push_back("    setting_" + std::to_string(i) + " = compute(config, " + std::to_string(i * 7) + ");");
  for (int version = 0; version < 16; ++version) {
    const std::size_t at = static_cast<std::size_t>((version * 97) % 380);
    lines[at] = "GITHUB_TOKEN=" + make_github_token(200 + static_cast<std::uint32_t>(version));
    lines[at + 1] = "password = \"Vq8#mZ2!kL" + std::to_string(version) + "pR7@wX\"";
    if (version % 3 == 0)
      lines.insert(lines.begin() + static_cast<long>(at / 2),
                   "api_key: \"" + make_github_token(300 + static_cast<std::uint32_t>(version)).substr(4) + "\"");
    if (version % 4 == 1) lines.erase(lines.begin() + static_cast<long>(at + 5));
    std::string text;
    for (const auto& l : lines) text += l + "\n";
    repo.write("app/src/settings.py", text);
    if (version == 0) {
      for (int i = 0; i < 150; ++i)
        repo.write("app/src/module" + std::to_string(i) + ".py", "x = " + std::to_string(i) + "\n");
      // Never changed: in later trees its entry is copied from the delta base.
      repo.write("app/src/deploy.env", "DEPLOY_TOKEN=" + make_github_token(400) + "\n");
    }
    repo.write("app/src/module" + std::to_string(version) + ".py", "x = " + std::to_string(version * 1000) + "\n");
    repo.commit_all("version " + std::to_string(version));
  }
  // Loose objects are read whole through libgit2: the reference for attribution, which in the
  // pack goes through trees that take their entries over from their delta bases.
  const auto loose = scan_json({"scan", "--git", repo.str()}, 1);
  repo.git({"repack", "-adf", "-q", "--depth=50", "--window=50"});
  RunOptions o;
  const RunResult reused = run_hush({"scan", "--git", repo.str(), "--format", "json", "-v"}, o);
  INFO("stderr: " << reused.err);
  REQUIRE(reused.exit_code == 1);
  const RunResult whole = run_hush({"scan", "--git", repo.str(), "--format", "json", "--whole-blobs"}, o);
  REQUIRE(whole.exit_code == 1);
  const auto a = parse_json(reused.out);
  const auto b = parse_json(whole.out);
  CHECK(a["findings"] == b["findings"]);
  CHECK(a["findings"] == loose["findings"]);
  CHECK(a["findings"].size() >= 16);
  const auto deploy = std::count_if(a["findings"].begin(), a["findings"].end(),
                                    [](const auto& f) { return f["path"] == "app/src/deploy.env"; });
  CHECK(deploy == 1);
  // Reuse did happen.
  const std::size_t at = reused.err.find("came from their delta base bytes=");
  REQUIRE(at != std::string::npos);
  CHECK(std::stoull(reused.err.substr(at + 33)) > 10000);
}

TEST_CASE("history: unreachable objects only with --all-objects") {
  Repo repo;
  repo.write("a.txt", "a\n");
  repo.commit_all("initial");
  const std::string token = make_github_token(105);
  repo.write("dangling.txt", "T=" + token + "\n");
  const std::string blob = repo.git({"hash-object", "-w", "dangling.txt"});
  fs::remove(repo.path() / "dangling.txt");
  scan_json({"scan", "--git", repo.str()}, 0);
  const auto found = by_rule(scan_json({"scan", "--git", "--all-objects", repo.str()}, 1), "github-pat");
  REQUIRE(found.size() == 1);
  CHECK(found[0]["blob"] == blob);
  CHECK(found[0]["commit"].is_null());
}

TEST_CASE("history: empty repository, not a repository, corrupt object") {
  SECTION("empty") {
    Repo repo;
    const RunResult r = run_hush({"scan", "--git", repo.str()});
    CHECK(r.exit_code == 0);
    CHECK(r.err.find("no commits") != std::string::npos);
  }
  SECTION("not a repository") {
    TempDir dir;
    const RunResult r = run_hush({"scan", "--git", dir.str()});
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("not a git repository") != std::string::npos);
  }
  SECTION("corrupt loose object") {
    Repo repo;
    const std::string blob = token_and_clean_file(repo, 106);
    fs::permissions(loose_path(repo, blob), fs::perms::owner_read | fs::perms::owner_write);
    write_file(loose_path(repo, blob), "this is not zlib");
    CHECK(by_rule(scan_damaged(repo, blob), "github-pat").size() == 1);
  }
}

TEST_CASE("range: only lines the commits add are reported, each with its commit") {
  Repo repo;
  const std::string old_token = make_github_token(107);
  repo.write("app.env", "OLD=" + old_token + "\n");
  const std::string base = repo.commit_all("base with an old secret");
  repo.write("app.env", "OLD=" + old_token + "\nNEW=1\n");
  repo.commit_all("unrelated edit");
  const std::string new_token = make_github_token(108);
  repo.write("app.env", "OLD=" + old_token + "\nNEW=1\nTOKEN=" + new_token + "\n");
  const std::string head = repo.commit_all("add a token");

  for (const auto& args :
       std::vector<std::vector<std::string>>{{"scan", "--git", "--range", base + "..HEAD", repo.str()},
                                             {"scan", "--git", "--since-commit", base, repo.str()}}) {
    const auto found = by_rule(scan_json(args, 1), "github-pat");
    REQUIRE(found.size() == 1);
    CHECK(found[0]["line"] == 3);
    CHECK(found[0]["commit"] == head);
    CHECK(found[0]["message"] == "add a token");
  }
  scan_json({"scan", "--git", "--range", "HEAD~1..HEAD~1", repo.str()}, 0);
}

TEST_CASE("range: a missing base is a usage error that asks for more history") {
  Repo repo;
  repo.write("a.txt", "1\n");
  repo.commit_all("one");
  repo.write("a.txt", "2\n");
  repo.commit_all("two");
  SECTION("unknown commit") {
    const RunResult r =
        run_hush({"scan", "--git", "--range", "0123456789abcdef0123456789abcdef01234567..HEAD", repo.str()});
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("fetch") != std::string::npos);
  }
  SECTION("shallow clone") {
    TempDir parent;
    const fs::path shallow = parent / "shallow";
    REQUIRE(run_program("git", {"clone", "-q", "--depth", "1", "file://" + repo.str(), shallow.string()},
                        git_env(parent.path()))
                .exit_code == 0);
    const std::string base = repo.git({"rev-parse", "HEAD~1"});
    const RunResult r = run_hush({"scan", "--git", "--range", base + "..HEAD", shallow.string()});
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("fetch") != std::string::npos);
  }
}

TEST_CASE("staged: what the index adds, located in the staged file") {
  Repo repo;
  const std::string first = make_github_token(109);
  SECTION("before the first commit everything staged counts") {
    repo.write("a.env", "\n\nT=" + first + "\n");
    repo.git({"add", "a.env"});
    const auto found = by_rule(staged_report(repo, 1), "github-pat");
    REQUIRE(found.size() == 1);
    CHECK(found[0]["path"] == "a.env");
    CHECK(found[0]["line"] == 3);
    CHECK(found[0]["commit"].is_null());
  }
  SECTION("only added lines, only what is staged") {
    repo.write("a.env", "T=" + first + "\n");
    repo.commit_all("existing secret");
    const std::string second = make_github_token(110);
    repo.write("a.env", "T=" + first + "\nclean=1\nU=" + second + "\n");
    staged_report(repo, 0);  // not staged yet
    repo.git({"add", "a.env"});
    repo.write("a.env", "nothing in the work tree\n");  // the staged version is what counts
    const auto found = by_rule(staged_report(repo, 1), "github-pat");
    REQUIRE(found.size() == 1);
    CHECK(found[0]["line"] == 3);
    CHECK(found[0]["column"] == 3);
  }
  SECTION("a pure rename adds nothing") {
    repo.write("a.env", "T=" + first + "\n");
    repo.commit_all("existing secret");
    repo.git({"mv", "a.env", "b.env"});
    staged_report(repo, 0);
  }
}

TEST_CASE("staged: every index format gives the same answer") {
  Repo repo;
  for (int i = 0; i < 30; ++i)
    repo.write("dir" + std::to_string(i % 4) + "/sub/f" + std::to_string(i) + ".txt", "v " + std::to_string(i) + "\n");
  repo.write("moved/old.env", "K=" + make_github_token(111) + "\n");
  repo.commit_all("tree");
  const std::string token = make_github_token(112);
  repo.write("dir2/sub/f2.txt", "v 2\nT=" + token + "\n");
  repo.write("newdir/deep/n.txt", "T=" + token + "\n");
  repo.git({"mv", "moved", "renamed"});  // a moved secret is not a new one
  repo.git({"add", "-A"});
  const std::vector<std::vector<std::string>> formats = {{"update-index", "--index-version", "2"},
                                                         {"update-index", "--index-version", "3"},
                                                         {"update-index", "--index-version", "4"}};
  for (const auto& format : formats) {
    repo.git(format);
    INFO("after git " << format[1] << " " << (format.size() > 2 ? format[2] : ""));
    const auto found = by_rule(staged_report(repo, 1), "github-pat");
    REQUIRE(found.size() == 2);
    CHECK(found[0]["path"] == "dir2/sub/f2.txt");
    CHECK(found[0]["line"] == 2);
    CHECK(found[1]["path"] == "newdir/deep/n.txt");
  }
}

TEST_CASE("staged: an index format hush cannot read is a runtime error with a way out") {
  Repo repo;
  repo.write("a.txt", "a\n");
  repo.commit_all("one");
  repo.write("b.txt", "b\n");
  repo.git({"add", "b.txt"});
  repo.git({"update-index", "--split-index"});
  RunOptions o;
  o.cwd = repo.path();
  const RunResult r = run_hush({"scan", "--staged"}, o);
  CHECK(r.exit_code == 3);
  CHECK(r.err.find("--no-split-index") != std::string::npos);
}

TEST_CASE("history: a missing object fails the scan unless --keep-going") {
  Repo repo;
  const std::string blob = token_and_clean_file(repo, 113);
  fs::remove(loose_path(repo, blob));
  CHECK(by_rule(scan_damaged(repo, blob), "github-pat").size() == 1);
}

TEST_CASE("history: a missing blob named by packed trees stored as deltas is still reported") {
  // Every version of the tree names gone.txt. The largest tree, which packs as the base of the
  // others, is only on a branch deleted before the scan: the missing blob must be reported
  // through the reachable trees, which take that entry over from their base.
  Repo repo;
  repo.write("gone.txt", "soon gone\n");
  for (int i = 0; i < 200; ++i) repo.write("f" + std::to_string(1000 + i) + ".txt", "file " + std::to_string(i) + "\n");
  for (int version = 0; version < 12; ++version) {
    repo.write("f1000.txt", "version " + std::to_string(version) + "\n");
    if (version == 11) {
      repo.git({"checkout", "-q", "-b", "tmp"});
      repo.write("zzz.txt", "the largest tree\n");
    }
    repo.commit_all("version " + std::to_string(version));
  }
  repo.git({"checkout", "-q", "main"});
  repo.git({"branch", "-q", "-D", "tmp"});
  const std::string blob = repo.git({"rev-parse", "HEAD:gone.txt"});
  repo.git({"repack", "-adf", "-q", "--depth=50", "--window=50"});
  // The same objects packed again without the blob, and the old pack removed.
  const fs::path pack_dir = repo.path() / ".git" / "objects" / "pack";
  std::vector<fs::path> old;
  for (const auto& f : fs::directory_iterator(pack_dir)) old.push_back(f.path());
  const std::string all = repo.git({"cat-file", "--batch-all-objects", "--batch-check=%(objectname)"});
  std::string keep;
  for (std::size_t pos = 0; pos < all.size();) {
    const std::size_t nl = std::min(all.find('\n', pos), all.size());
    if (all.substr(pos, nl - pos) != blob) keep += all.substr(pos, nl - pos) + "\n";
    pos = nl + 1;
  }
  write_file(repo.path() / "keep.txt", keep);
  RunOptions o = git_env(repo.path());
  const RunResult packed =
      run_program("sh", {"-c", "git pack-objects -q --window=50 --depth=50 .git/objects/pack/pack < keep.txt"}, o);
  REQUIRE(packed.exit_code == 0);
  for (const auto& f : old) fs::remove(f);
  fs::remove(repo.path() / "keep.txt");
  // A damaged repository is never a clean scan, even when what could be read holds nothing.
  const auto kept = scan_damaged(repo, blob, 3);
  REQUIRE(kept["summary"]["not_scanned"].size() == 1);
  CHECK(kept["summary"]["not_scanned"][0]["damaged"] == true);
}

TEST_CASE("history: many packs, and a corrupt pack") {
  Repo repo;
  for (int i = 0; i < 6; ++i) {
    repo.write("f" + std::to_string(i) + ".txt", std::string(300, static_cast<char>('a' + i)) + "\n");
    if (i == 3) repo.write("s.env", "T=" + make_github_token(114) + "\n");
    repo.commit_all("c" + std::to_string(i));
    repo.git({"repack", "-q", "-d"});  // one more pack per commit
  }
  std::size_t packs = 0;
  for (const auto& e : fs::directory_iterator(repo.path() / ".git" / "objects" / "pack"))
    packs += e.path().extension() == ".pack";
  CHECK(packs >= 5);
  const auto found = by_rule(scan_json({"scan", "--git", repo.str()}, 1), "github-pat");
  REQUIRE(found.size() == 1);
  CHECK(found[0]["path"] == "s.env");

  repo.git({"repack", "-q", "-a", "-d"});
  fs::path pack;
  for (const auto& e : fs::directory_iterator(repo.path() / ".git" / "objects" / "pack"))
    if (e.path().extension() == ".pack") pack = e.path();
  const auto size = fs::file_size(pack);
  fs::permissions(pack, fs::perms::owner_read | fs::perms::owner_write);
  fs::resize_file(pack, size / 2);  // truncated mid-stream
  const RunResult r = run_hush({"scan", "--git", repo.str()});
  CHECK(r.exit_code == 3);
  CHECK(r.err.find(pack.filename().string()) != std::string::npos);
}
