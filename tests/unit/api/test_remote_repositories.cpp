// Repository URLs, lists and shards (scanner/src/sources/remote).
#include <set>

#include "catch.hpp"
#include "hush/common/error.hpp"
#include "hush/scanner/sources/remote.hpp"

using namespace hush::scanner;

TEST_CASE("Repository URLs: every spelling of one repository has one identity", "[remote]") {
  const auto https = parse_repository_location("https://GitHub.com/acme/app.git");
  const auto ssh = parse_repository_location("ssh://git@github.com/acme/app");
  const auto scp = parse_repository_location("git@github.com:acme/app.git");
  const auto git = parse_repository_location("git://github.com/acme/app/");
  CHECK(https.identity == "github.com/acme/app");
  CHECK(ssh.identity == https.identity);
  CHECK(scp.identity == https.identity);
  CHECK(git.identity == https.identity);
  CHECK(https.remote);
  CHECK(scp.remote);
  CHECK(scp.display == "github.com:acme/app.git");
  CHECK(ssh.display == "ssh://github.com/acme/app");
  CHECK(parse_repository_location("https://github.com/acme/other").identity != https.identity);
}

TEST_CASE("Repository URLs: file URLs and paths name the same local repository", "[remote]") {
  const auto url = parse_repository_location("file:///srv/git/app.git");
  const auto path = parse_repository_location("/srv/git/app.git/");
  CHECK(url.remote);
  CHECK_FALSE(path.remote);
  CHECK(url.identity == "file:/srv/git/app.git");
  CHECK(path.identity == url.identity);
  CHECK_FALSE(looks_like_repository_url("/srv/git/app.git"));
  CHECK_FALSE(looks_like_repository_url("dir/with:colon"));
  CHECK(looks_like_repository_url("git@host:org/app"));
  CHECK_FALSE(looks_like_repository_url("ftp://host/app"));
}

TEST_CASE("Repository URLs: a password is refused and never repeated", "[remote]") {
  try {
    (void)parse_repository_location("https://user:hunter2-secret@example.com/app.git");
    FAIL("a URL with a password was accepted");
  } catch (const hush::Error& e) {
    CHECK(e.kind() == hush::ErrorKind::usage);
    CHECK(std::string(e.what()).find("hunter2-secret") == std::string::npos);
    CHECK(std::string(e.what()).find("https://example.com/app.git") != std::string::npos);
  }
  CHECK(url_without_user_info("https://tok@example.com/a") == "https://example.com/a");
  CHECK(url_without_user_info("https://example.com/a") == "https://example.com/a");
  CHECK_THROWS_AS(parse_repository_location("ftp://example.com/app"), hush::Error);
}

TEST_CASE("Repository lists: one a line, comments and blank lines skipped, bad lines named", "[remote]") {
  const auto list = parse_repository_list("# nightly\n\nhttps://example.com/a.git\n  /srv/b  \n# end\n", "repos.txt");
  REQUIRE(list.size() == 2);
  CHECK(list[0].display == "https://example.com/a.git");
  CHECK(list[1].given == "/srv/b");
  try {
    (void)parse_repository_list("https://example.com/a\nhttps://u:pw-value@example.com/b\n", "repos.txt");
    FAIL("a listed URL with a password was accepted");
  } catch (const hush::Error& e) {
    CHECK(e.kind() == hush::ErrorKind::config);
    CHECK(std::string(e.what()).find("repos.txt") != std::string::npos);
    CHECK(std::string(e.what()).find(":2") != std::string::npos);
    CHECK(std::string(e.what()).find("pw-value") == std::string::npos);
  }
}

TEST_CASE("Shards: I/N parsed from 0, every repository in exactly one, stable whatever else is listed", "[remote]") {
  CHECK(parse_shard("0/1").count == 1);
  CHECK(parse_shard("3/4").index == 3);
  for (const char* bad : {"4/4", "1", "a/2", "1/0", "-1/2", "1/2/3", ""})
    CHECK_THROWS_AS(parse_shard(bad), hush::Error);

  std::vector<RepositoryLocation> list;
  for (int i = 0; i < 60; ++i)
    list.push_back(parse_repository_location("https://example.com/org/repo-" + std::to_string(i)));
  std::set<std::string> seen;
  std::vector<std::size_t> sizes;
  for (unsigned index = 0; index < 4; ++index) {
    const auto part = repositories_in_shard(list, {index, 4});
    sizes.push_back(part.size());
    for (const auto& r : part) CHECK(seen.insert(r.identity).second);
  }
  CHECK(seen.size() == list.size());
  for (const auto size : sizes) CHECK(size > 0);  // 60 repositories over 4 shards: none empty

  // The same repository lands in the same shard in a shorter list, in any order, in any spelling.
  const auto& probe = list[17];
  const unsigned where = shard_of(probe, 4);
  const std::vector<RepositoryLocation> other = {parse_repository_location("git@example.com:org/repo-17.git"), list[3]};
  CHECK(shard_of(other[0], 4) == where);
  const auto part = repositories_in_shard(other, {where, 4});
  CHECK(
      std::any_of(part.begin(), part.end(), [&](const RepositoryLocation& r) { return r.identity == probe.identity; }));
  // A repository listed twice is scanned once.
  CHECK(repositories_in_shard({list[0], list[0]}, {0, 1}).size() == 1);
}

TEST_CASE("Mirrors: one directory per repository identity, safe names", "[remote]") {
  const auto a = mirror_directory("/cache", parse_repository_location("https://example.com/org-a/app.git"));
  const auto b = mirror_directory("/cache", parse_repository_location("https://example.com/org-b/app.git"));
  const auto a2 = mirror_directory("/cache", parse_repository_location("git@example.com:org-a/app"));
  CHECK(a == a2);
  CHECK(a != b);
  CHECK(a.parent_path() == std::filesystem::path("/cache/example.com"));
  CHECK(a.filename().string().starts_with("app-"));
  const auto odd = mirror_directory("/cache", parse_repository_location("https://example.com/../.."));
  CHECK(odd.lexically_normal().string().starts_with("/cache/"));
}

TEST_CASE("Repository URIs: absolute, for SARIF's versionControlProvenance", "[remote]") {
  CHECK(repository_uri(parse_repository_location("git@github.com:acme/app.git")) == "ssh://github.com/acme/app.git");
  CHECK(repository_uri(parse_repository_location("https://tok@github.com/acme/app.git")) ==
        "https://github.com/acme/app.git");
  CHECK(repository_uri(parse_repository_location("/srv/git/app.git")) == "file:///srv/git/app.git");
  CHECK(repository_uri(parse_repository_location("file:///srv/git/app.git")) == "file:///srv/git/app.git");
}
