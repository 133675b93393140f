// `hush scan --git` on borrowed, partial, damaged and unusual repositories: whatever it could not
// read is an error or a count in the summary, never a clean exit 0, and nothing crashes or hangs.
#include <algorithm>

#include "catch.hpp"
#include "git_repo.hpp"
#include "harness.hpp"

using namespace hush_it;

namespace {

// Rewrites a loose object with python's zlib: `mode` "short-header" declares fewer content bytes
// than follow, "truncated" cuts the zlib stream in half.
void damage_loose(const fs::path& object, const std::string& mode) {
  fs::permissions(object, fs::perms::owner_read | fs::perms::owner_write);
  const std::string script =
      "import sys, zlib\n"
      "p, mode = sys.argv[1], sys.argv[2]\n"
      "raw = open(p, 'rb').read()\n"
      "if mode == 'short-header':\n"
      "    head, body = zlib.decompress(raw).split(b'\\0', 1)\n"
      "    open(p, 'wb').write(zlib.compress(head.split(b' ')[0] + b' 5\\0' + body))\n"
      "else:\n"
      "    open(p, 'wb').write(raw[: len(raw) // 2])\n";
  REQUIRE(run_program("python3", {"-c", script, object.string(), mode}).exit_code == 0);
}

// A commit object written as is, bypassing git's checks (as a buggy tool or an old import would).
std::string literal_commit(const Repo& repo, const std::string& body) {
  RunOptions o = git_env(repo.path());
  o.stdin_data = body;
  const RunResult r = run_program("git", {"hash-object", "-t", "commit", "--literally", "-w", "--stdin"}, o);
  REQUIRE(r.exit_code == 0);
  return r.out.substr(0, 40);
}

void set_ref(const Repo& repo, const std::string& ref, const std::string& id) {
  write_file(repo.path() / ".git" / ref, id + "\n");
}

nlohmann::json gap_named(const nlohmann::json& report, const std::string& words) {
  for (const auto& gap : report["summary"]["not_scanned"])
    if (gap["what"].get<std::string>().find(words) != std::string::npos) return gap;
  return nullptr;
}

// Two commits: a token in a.env, then an unrelated file.
std::string base_history(Repo& repo, std::uint32_t seed) {
  const std::string token = make_github_token(seed);
  repo.write("a.env", "TOKEN=" + token + "\n");
  repo.commit_all("one");
  repo.write("b.txt", "hello\n");
  repo.commit_all("two");
  return token;
}

}  // namespace

TEST_CASE("history: objects borrowed through alternates are read, in every mode", "[git]") {
  Repo source;
  base_history(source, 301);
  TempDir clones;
  const fs::path shared = clones / "shared";
  git_in(clones.path(), {"clone", "-q", "--shared", source.str(), shared.string()});
  REQUIRE(fs::exists(shared / ".git" / "objects" / "info" / "alternates"));

  SECTION("a clone that owns no object") {
    const auto report = scan_json({"scan", "--git", shared.string()}, 1);
    REQUIRE(by_rule(report, "github-pat").size() == 1);
    CHECK(by_rule(report, "github-pat")[0]["path"] == "a.env");
  }
  SECTION("a clone with a commit of its own, in history, range and staged scans") {
    const std::string own = make_github_token(302);
    write_file(shared / "c.env", "TOKEN=" + own + "\n");
    git_in(shared, {"add", "c.env"});
    git_in(shared, {"commit", "-q", "-m", "own"});
    CHECK(by_rule(scan_json({"scan", "--git", shared.string()}, 1), "github-pat").size() == 2);
    const auto range = scan_json({"scan", "--git", "--range", "HEAD~1..HEAD", shared.string()}, 1);
    REQUIRE(by_rule(range, "github-pat").size() == 1);
    CHECK(by_rule(range, "github-pat")[0]["path"] == "c.env");
    write_file(shared / "d.env", "TOKEN=" + make_github_token(303) + "\n");
    git_in(shared, {"add", "d.env"});
    const auto staged = scan_json({"scan", "--staged"}, 1, &shared);
    REQUIRE(by_rule(staged, "github-pat").size() == 1);
    CHECK(by_rule(staged, "github-pat")[0]["path"] == "d.env");
  }
  SECTION("an alternate that no longer exists is a missing-object error, not a clean scan") {
    fs::remove_all(source.path() / ".git" / "objects");
    const RunResult r = run_hush({"scan", "--git", shared.string()});
    CHECK(r.exit_code == 3);
    CHECK(r.err.find("is missing") != std::string::npos);
  }
}

TEST_CASE("history: a damaged loose object is an error, never a crash or a hang", "[git]") {
  // Before hush read loose objects itself, libgit2 trusted the header's size (a heap overflow)
  // and spun forever on a truncated stream.
  const std::string mode = GENERATE(std::string("short-header"), std::string("truncated"));
  Repo repo;
  base_history(repo, 304);
  const std::string blob = repo.git({"rev-parse", "HEAD:b.txt"});
  damage_loose(loose_path(repo, blob), mode);
  INFO(mode);
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"scan", "--git", repo.str()},
        std::vector<std::string>{"scan", "--git", "--range", "HEAD~1..HEAD", repo.str()}}) {
    const RunResult r = run_hush(args);
    INFO(r.err);
    CHECK(r.exit_code == 3);
    CHECK(r.err.find(blob) != std::string::npos);
  }
  const auto kept = scan_json({"scan", "--git", "--keep-going", repo.str()}, 1);
  CHECK(kept["summary"]["unreadable"] == 1);
  CHECK(by_rule(kept, "github-pat").size() == 1);
  CHECK_FALSE(gap_named(kept, "cannot be read").is_null());
}

TEST_CASE("history: a ref to a missing commit is exit 3 naming it, or a count with --keep-going", "[git]") {
  Repo repo;
  base_history(repo, 305);
  const std::string gone = "1234567890123456789012345678901234567890";
  set_ref(repo, "refs/heads/moved-away", gone);
  const RunResult r = run_hush({"scan", "--git", repo.str()});
  CHECK(r.exit_code == 3);
  CHECK(r.err.find(gone) != std::string::npos);
  CHECK(r.err.find("refs/heads/moved-away") != std::string::npos);
  CHECK(r.err.find("git fsck") != std::string::npos);
  const auto kept = scan_json({"scan", "--git", "--keep-going", repo.str()}, 1);
  CHECK(kept["summary"]["unreadable"] == 1);
  CHECK(by_rule(kept, "github-pat").size() == 1);
  const auto gap = gap_named(kept, "missing");
  REQUIRE_FALSE(gap.is_null());
  CHECK(gap["damaged"] == true);
  CHECK(gap["count"] == 1);
}

TEST_CASE("history: a pack whose index was deleted is reported with the command that rebuilds it", "[git]") {
  Repo repo;
  base_history(repo, 306);
  repo.git({"repack", "-q", "-a", "-d"});
  for (const auto& f : fs::directory_iterator(repo.path() / ".git" / "objects" / "pack"))
    if (f.path().extension() == ".idx") fs::remove(f.path());
  const RunResult r = run_hush({"scan", "--git", repo.str()});
  CHECK(r.exit_code == 3);
  CHECK(r.err.find("git index-pack") != std::string::npos);
  const auto kept = scan_json({"scan", "--git", "--keep-going", repo.str()}, 3);
  CHECK(kept["summary"]["files_scanned"] == 0);
}

TEST_CASE("history: a commit without a tree line, a missing parent, a missing root tree", "[git]") {
  Repo repo;
  const std::string token = base_history(repo, 307);
  const std::string head = repo.git({"rev-parse", "HEAD"});
  const std::string tree = repo.git({"rev-parse", "HEAD^{tree}"});
  const std::string signature =
      "author A <a@example.com> 1700000000 +0000\ncommitter A <a@example.com> 1700000000 +0000\n\n";
  std::string bad, named_by;
  SECTION("no tree line") {
    bad = literal_commit(repo, "parent " + head + "\n" + signature + "no tree\n");
    named_by = "refs/heads/bad";
    set_ref(repo, named_by, bad);
  }
  SECTION("missing parent") {
    bad = "1111111111111111111111111111111111111111";
    const std::string orphan = literal_commit(repo, "tree " + tree + "\nparent " + bad + "\n" + signature + "orphan\n");
    named_by = orphan;
    set_ref(repo, "refs/heads/orphan", orphan);
  }
  SECTION("missing root tree") {
    repo.write("c.txt", "three\n");
    const std::string third = repo.commit_all("three");
    bad = repo.git({"rev-parse", "HEAD^{tree}"});
    named_by = third;
    fs::remove(loose_path(repo, bad));
  }
  const RunResult r = run_hush({"scan", "--git", repo.str()});
  INFO(r.err);
  CHECK(r.exit_code == 3);
  CHECK(r.err.find(bad) != std::string::npos);
  CHECK(r.err.find(named_by) != std::string::npos);
  const auto kept = scan_json({"scan", "--git", "--keep-going", repo.str()}, 1);
  CHECK(by_rule(kept, "github-pat").size() == 1);
  CHECK(kept["summary"]["unreadable"] == 1);
  CHECK(kept["summary"]["not_scanned"].size() == 1);
}

TEST_CASE("history: with --keep-going an unreadable tree is counted and the findings below it kept", "[git]") {
  Repo repo;
  repo.write("deep/dir/a.env", "TOKEN=" + make_github_token(308) + "\n");
  repo.commit_all("one");
  const std::string subtree = repo.git({"rev-parse", "HEAD:deep"});
  const std::string blob = repo.git({"rev-parse", "HEAD:deep/dir/a.env"});
  fs::permissions(loose_path(repo, subtree), fs::perms::owner_read | fs::perms::owner_write);
  write_file(loose_path(repo, subtree), "not zlib at all");
  const auto kept = scan_damaged(repo, subtree);
  // The blob was scanned; only the path that leads to it is unknown.
  const auto found = by_rule(kept, "github-pat");
  REQUIRE(found.size() == 1);
  CHECK(found[0]["blob"] == blob);
}

TEST_CASE("history: partial clones count what was never fetched, and staged and range scans work there", "[git]") {
  Repo source;
  base_history(source, 309);
  source.git({"config", "uploadpack.allowFilter", "true"});
  source.git({"rm", "-q", "a.env"});
  source.commit_all("drop the token");
  TempDir clones;
  const std::string filter = GENERATE(std::string("blob:none"), std::string("tree:0"));
  INFO(filter);
  const fs::path partial = clones / "partial";
  git_in(clones.path(),
         {"clone", "-q", "--no-local", "--filter=" + filter, "file://" + source.str(), partial.string()});

  const auto report = scan_json({"scan", "--git", partial.string()}, 0);
  CHECK(report["summary"]["not_fetched"].get<int>() >= 1);
  CHECK(report["summary"]["unreadable"] == 0);
  const auto gap = gap_named(report, "not fetched");
  REQUIRE_FALSE(gap.is_null());
  CHECK(gap["damaged"] == false);
  CHECK(gap["fix"].get<std::string>().find("git fetch") != std::string::npos);

  write_file(partial / "new.env", "TOKEN=" + make_github_token(310) + "\n");
  git_in(partial, {"add", "new.env"});
  CHECK(by_rule(scan_json({"scan", "--staged"}, 1, &partial), "github-pat").size() == 1);
  git_in(partial, {"commit", "-q", "-m", "new"});
  CHECK(by_rule(scan_json({"scan", "--git", "--range", "HEAD~1..HEAD", partial.string()}, 1), "github-pat").size() ==
        1);
}

TEST_CASE("history, staged: repository extensions that git accepts are accepted", "[git]") {
  Repo repo;
  base_history(repo, 311);
  repo.git({"config", "core.repositoryformatversion", "1"});
  const std::string extension = GENERATE(std::string("worktreeConfig=true"), std::string("preciousObjects=true"),
                                         std::string("objectFormat=sha1"), std::string("partialClone=origin"));
  INFO(extension);
  const auto eq = extension.find('=');
  repo.git({"config", "extensions." + extension.substr(0, eq), extension.substr(eq + 1)});
  CHECK(by_rule(scan_json({"scan", "--git", repo.str()}, 1), "github-pat").size() == 1);
  repo.write("c.txt", "clean\n");
  repo.git({"add", "c.txt"});
  const fs::path dir = repo.path();
  scan_json({"scan", "--staged"}, 0, &dir);
}

TEST_CASE("history: a SHA-256 repository is scanned through the git command", "[git]") {
  TempDir dir;
  const RunResult init =
      run_program("git", {"init", "-q", "--object-format=sha256", "-b", "main", dir.str()}, git_env(dir.path()));
  if (init.exit_code != 0) {
    WARN("this git cannot create SHA-256 repositories: skipped");
    return;
  }
  const std::string token = make_github_token(321);
  write_file(dir / "a.env", "TOKEN=" + token + "\n");
  git_in(dir.path(), {"add", "a.env"});
  git_in(dir.path(), {"commit", "-q", "-m", "add settings"});
  git_in(dir.path(), {"mv", "a.env", "b.env"});
  git_in(dir.path(), {"commit", "-q", "-m", "rename"});
  git_in(dir.path(), {"tag", "-a", "v1", "-m", "release " + make_github_token(322)});
  const std::string added = git_in(dir.path(), {"rev-parse", "HEAD~1"});
  REQUIRE(added.size() == 64);

  const auto report = scan_json({"scan", "--git", dir.str()}, 1);
  const auto found = by_rule(report, "github-pat");
  REQUIRE(found.size() == 2);
  const auto file =
      std::find_if(found.begin(), found.end(), [](const nlohmann::json& f) { return f["path"] == "a.env"; });
  REQUIRE(file != found.end());
  CHECK((*file)["commit"] == added);
  CHECK((*file)["author"] == "Ada Dev");
  CHECK((*file)["blob"] == git_in(dir.path(), {"rev-parse", "HEAD:b.env"}));
  const auto tag =
      std::find_if(found.begin(), found.end(), [](const nlohmann::json& f) { return f["path"] == "(tag message)"; });
  REQUIRE(tag != found.end());
  // The message that holds the secret is shown redacted, like the secret itself.
  CHECK((*tag)["message"].get<std::string>().find(make_github_token(322)) == std::string::npos);
}

TEST_CASE("staged and range in a SHA-256 repository: through the git command, as in any other",
          "[git][staged][range]") {
  Repo repo("sha256");
  const std::string token = make_github_token(323);
  // Before the first commit everything staged is new.
  repo.write("a.env", "TOKEN=" + token + "\n");
  repo.git({"add", "a.env"});
  const auto first = by_rule(staged_report(repo, 1), "github-pat");
  REQUIRE(first.size() == 1);
  CHECK(first[0]["path"] == "a.env");
  CHECK(first[0]["line"] == 1);
  const std::string base = repo.commit_all("add settings");
  REQUIRE(base.size() == 64);
  // A file without a final newline is read byte for byte.
  repo.write("b.txt", "clean");
  repo.git({"add", "b.txt"});
  CHECK(staged_report(repo, 0)["findings"].empty());
  const std::string second = make_github_token(324);
  repo.write("c.env", "NEW=" + second);
  repo.git({"add", "c.env"});
  const auto staged = by_rule(staged_report(repo, 1), "github-pat");
  REQUIRE(staged.size() == 1);
  CHECK(staged[0]["path"] == "c.env");
  repo.commit_all("more settings");

  const auto range = by_rule(scan_json({"scan", "--range", base + "..HEAD", repo.str()}, 1), "github-pat");
  REQUIRE(range.size() == 1);
  CHECK(range[0]["commit"] == repo.git({"rev-parse", "HEAD"}));
  CHECK(range[0]["blob"] == repo.git({"rev-parse", "HEAD:c.env"}));
  CHECK(range[0]["message"] == "more settings");
  const RunResult unknown = run_hush({"scan", "--range", "no-such-base..HEAD", repo.str()});
  CHECK(unknown.exit_code == 2);
  CHECK(unknown.err.find("no-such-base") != std::string::npos);
}

TEST_CASE("history: what refs name directly (blobs, trees, annotated tags) is reported with the ref", "[git]") {
  Repo repo;
  base_history(repo, 312);
  repo.write("tagged.env", "TOKEN=" + make_github_token(313) + "\n");
  const std::string blob = repo.git({"hash-object", "-w", "tagged.env"});
  repo.git({"tag", "blob-tag", blob});
  repo.write("in-tree.env", "TOKEN=" + make_github_token(314) + "\n");
  const std::string tree_blob = repo.git({"hash-object", "-w", "in-tree.env"});
  RunOptions o = git_env(repo.path());
  o.stdin_data = "100644 blob " + tree_blob + "\tin-tree.env\n";
  const RunResult tree = run_program("git", {"mktree"}, o);
  REQUIRE(tree.exit_code == 0);
  repo.git({"update-ref", "refs/trees/snapshot", tree.out.substr(0, 40)});
  fs::remove(repo.path() / "tagged.env");
  fs::remove(repo.path() / "in-tree.env");
  repo.git({"tag", "-a", "-m", "release notes\n\nTOKEN=" + make_github_token(315), "v1", "HEAD"});

  const auto report = scan_json({"scan", "--git", repo.str()}, 1);
  const auto found = by_rule(report, "github-pat");
  REQUIRE(found.size() == 4);
  const auto with_path = [&](const std::string& path) {
    const auto it =
        std::find_if(found.begin(), found.end(), [&](const nlohmann::json& f) { return f["path"] == path; });
    REQUIRE(it != found.end());
    return *it;
  };
  CHECK(with_path("refs/tags/blob-tag")["ref"] == "refs/tags/blob-tag");
  CHECK(with_path("refs/tags/blob-tag")["blob"] == blob);
  CHECK(with_path("in-tree.env")["ref"] == "refs/trees/snapshot");
  const auto tag = with_path("(tag message)");
  CHECK(tag["ref"] == "refs/tags/v1");
  CHECK(tag["commit"] == repo.git({"rev-parse", "HEAD"}));
  CHECK(tag["author"] == "Ada Dev");
  CHECK(tag["message"].get<std::string>().find(make_github_token(315)) == std::string::npos);
}

TEST_CASE("history: a linked worktree's detached HEAD is a starting point", "[git]") {
  Repo repo;
  base_history(repo, 316);
  TempDir other;
  const fs::path linked = other / "linked";
  repo.git({"worktree", "add", "-q", "--detach", linked.string()});
  write_file(linked / "w.env", "TOKEN=" + make_github_token(317) + "\n");
  git_in(linked, {"add", "w.env"});
  git_in(linked, {"commit", "-q", "-m", "on a detached head"});
  for (const fs::path& from : {repo.path(), linked}) {
    const auto found = by_rule(scan_json({"scan", "--git", from.string()}, 1), "github-pat");
    CHECK(found.size() == 2);
  }
}

TEST_CASE("history: commits git reads but fsck rejects are scanned and attributed", "[git]") {
  Repo repo;
  base_history(repo, 318);
  repo.write("z.env", "TOKEN=" + make_github_token(319) + "\n");
  repo.git({"add", "z.env"});
  const std::string tree = repo.git({"write-tree"});
  const std::string head = repo.git({"rev-parse", "HEAD"});
  const std::string odd = GENERATE(
      std::string("committer A <a@example.com> not-a-date\n"),
      std::string("author Nobody <n@example.com> 99999999999999999999 +0000\ncommitter A <a@example.com> 1 +0000\n"));
  const std::string commit = literal_commit(repo, "tree " + tree + "\nparent " + head + "\n" + odd + "\nodd commit\n");
  set_ref(repo, "refs/heads/main", commit);
  const auto found = by_rule(scan_json({"scan", "--git", repo.str()}, 1), "github-pat");
  REQUIRE(found.size() == 2);
  const auto it =
      std::find_if(found.begin(), found.end(), [](const nlohmann::json& f) { return f["path"] == "z.env"; });
  REQUIRE(it != found.end());
  CHECK((*it)["commit"] == commit);
  CHECK((*it)["date"].is_null());
}

TEST_CASE("history: a shallow clone says what lies beyond its boundary", "[git]") {
  Repo source;
  base_history(source, 320);
  TempDir clones;
  const fs::path shallow = clones / "shallow";
  git_in(clones.path(), {"clone", "-q", "--no-local", "--depth=1", "file://" + source.str(), shallow.string()});
  const auto report = scan_json({"scan", "--git", shallow.string()}, 1);
  const auto gap = gap_named(report, "shallow");
  REQUIRE_FALSE(gap.is_null());
  CHECK(gap["damaged"] == false);
  CHECK(gap["fix"].get<std::string>().find("--unshallow") != std::string::npos);
}

TEST_CASE("history: a pack index that disagrees with its pack never gives a silently different scan", "[git]") {
  // Every id and every offset of the index gets one flipped bit in turn: each scan must either
  // fail naming the damage (exit 3) or, for a bit no reader depends on, report what the intact
  // repository reports.
  Repo repo;
  for (int i = 0; i < 12; ++i) {
    repo.write("f" + std::to_string(i) + ".txt", "file " + std::to_string(i * 7919) + "\n");
    if (i % 4 == 0)
      repo.write("s" + std::to_string(i) + ".env",
                 "TOKEN=" + make_github_token(330 + static_cast<std::uint32_t>(i)) + "\n");
    repo.commit_all("c" + std::to_string(i));
  }
  repo.git({"repack", "-q", "-a", "-d", "-f"});
  fs::path idx;
  for (const auto& f : fs::directory_iterator(repo.path() / ".git" / "objects" / "pack"))
    if (f.path().extension() == ".idx") idx = f.path();
  REQUIRE_FALSE(idx.empty());
  fs::permissions(idx, fs::perms::owner_read | fs::perms::owner_write);
  const std::string intact_bytes = read_file(idx);
  const auto intact = scan_json({"scan", "--git", repo.str()}, 1)["findings"];
  const auto be32 = [&](std::size_t at) {
    return (std::uint32_t{static_cast<unsigned char>(intact_bytes[at])} << 24) |
           (std::uint32_t{static_cast<unsigned char>(intact_bytes[at + 1])} << 16) |
           (std::uint32_t{static_cast<unsigned char>(intact_bytes[at + 2])} << 8) |
           static_cast<unsigned char>(intact_bytes[at + 3]);
  };
  const std::uint32_t count = be32(8 + 255 * 4);
  const std::size_t oids = 8 + 1024, offsets = oids + std::size_t{count} * 24;
  std::vector<std::size_t> flips;
  for (std::uint32_t i = 0; i < count; ++i) {
    flips.push_back((oids + std::size_t{i} * 20 + 19) * 8);           // lowest bit of the id
    flips.push_back((offsets + std::size_t{i} * 4 + 3) * 8 + i % 8);  // a low bit of the offset
  }
  int detected = 0;
  for (const std::size_t bit : flips) {
    std::string damaged = intact_bytes;
    damaged[bit / 8] = static_cast<char>(damaged[bit / 8] ^ (1 << (bit % 8)));
    write_file(idx, damaged);
    const RunResult r = run_hush({"scan", "--git", repo.str(), "--format", "json"});
    INFO("bit " << bit << ": exit " << r.exit_code << " " << r.err);
    REQUIRE((r.exit_code == 3 || r.exit_code == 1));
    if (r.exit_code == 3) ++detected;
    else CHECK(parse_json(r.out)["findings"] == intact);
  }
  write_file(idx, intact_bytes);
  CHECK(detected > static_cast<int>(flips.size()) / 2);
}

TEST_CASE("history: submodules are counted as not scanned, or scanned with --recurse-submodules", "[git]") {
  Repo library;
  base_history(library, 340);
  Repo app;
  app.write("main.txt", "app\n");
  app.commit_all("app");
  app.git({"-c", "protocol.file.allow=always", "submodule", "-q", "add", library.str(), "vendor/lib"});
  app.commit_all("add the library");

  const auto alone = scan_json({"scan", "--git", app.str()}, 0);
  const auto gap = gap_named(alone, "submodules");
  REQUIRE_FALSE(gap.is_null());
  CHECK(gap["count"] == 1);
  CHECK(gap["damaged"] == false);
  CHECK(gap["fix"].get<std::string>().find("--recurse-submodules") != std::string::npos);

  const auto found = by_rule(scan_json({"scan", "--git", "--recurse-submodules", app.str()}, 1), "github-pat");
  REQUIRE(found.size() == 1);
  CHECK(found[0]["path"] == "vendor/lib/a.env");
}
