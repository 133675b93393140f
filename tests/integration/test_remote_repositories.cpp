// `hush scan --git URL` and `--repos FILE`: mirrors cloned through libgit2 from file:// URLs,
// fetched on later runs; several repositories in one report; shards; a repository that cannot be
// read.
#include <algorithm>
#include <fstream>
#include <iterator>
#include <set>

#include "catch.hpp"
#include "git_repo.hpp"
#include "harness.hpp"
#include "peer_process.hpp"
#include "provider_peer.hpp"

using namespace hush_it;

namespace {

std::string file_url(const fs::path& path) { return "file://" + path.string(); }

// A repository with one leaked token, committed; returns the token.
std::string leak(const Repo& repo, std::uint32_t seed, const std::string& file = "app.env") {
  const std::string token = make_github_token(seed);
  repo.write(file, "GITHUB_TOKEN=" + token + "\n");
  repo.commit_all("add " + file);
  return token;
}

std::multiset<std::string> locations(const nlohmann::json& report) {
  std::multiset<std::string> out;
  for (const auto& f : report["findings"])
    out.insert(f.value("repository", std::string()) + " " + f["path"].get<std::string>() + ":" +
               std::to_string(f["line"].get<int>()) + " " + f["fingerprint"].get<std::string>());
  return out;
}

}  // namespace

TEST_CASE("remote: --git URL clones a bare mirror, later runs fetch into it") {
  Repo origin;
  leak(origin, 301);
  TempDir clones;
  const std::string url = file_url(origin.path());

  const auto first = scan_json({"scan", "--git", url, "--clone-dir", clones.str()}, 1);
  REQUIRE(first["findings"].size() == 1);
  CHECK(first["findings"][0]["repository"] == url);
  CHECK(first["findings"][0]["path"] == "app.env");
  REQUIRE(first["summary"]["repositories"].size() == 1);
  CHECK(first["summary"]["repositories"][0]["revision"] == origin.git({"rev-parse", "HEAD"}));
  // One bare mirror under the clone directory, holding every ref.
  std::vector<fs::path> mirrors;
  for (const auto& host : fs::directory_iterator(clones.path()))
    for (const auto& entry : fs::directory_iterator(host.path())) mirrors.push_back(entry.path());
  REQUIRE(mirrors.size() == 1);
  CHECK(fs::exists(mirrors[0] / "HEAD"));
  CHECK_FALSE(fs::exists(mirrors[0] / ".git"));
  CHECK(git_in(mirrors[0], {"config", "remote.origin.mirror"}) == "true");

  // A new commit on a new branch upstream: the next run fetches it into the same mirror.
  origin.git({"checkout", "-q", "-b", "feature"});
  leak(origin, 302, "other.env");
  const auto second = scan_json({"scan", "--git", url, "--clone-dir", clones.str()}, 1);
  CHECK(second["findings"].size() == 2);
  CHECK(git_in(mirrors[0], {"rev-parse", "refs/heads/feature"}) == origin.git({"rev-parse", "feature"}));
  // A branch deleted upstream is pruned from the mirror.
  origin.git({"checkout", "-q", "main"});
  origin.git({"branch", "-q", "-D", "feature"});
  const auto third = scan_json({"scan", "--git", url, "--clone-dir", clones.str()}, 1);
  CHECK(run_program("git", {"rev-parse", "--verify", "-q", "refs/heads/feature"}, git_env(mirrors[0])).exit_code != 0);
}

TEST_CASE("remote: an https URL is cloned over TLS with the token the server asks for") {
  Repo origin;
  leak(origin, 311);
  ProviderPki pki{{"localhost"}};
  const fs::path served = pki.dir / "served";
  fs::create_directories(served);
  REQUIRE(run_program("git", {"clone", "-q", "--bare", origin.str(), (served / "app.git").string()}).exit_code == 0);
  const std::string record = (pki.dir / "requests.log").string();
  const std::string password = std::string("git-http-test-") + "password";
  const hush_stores::PeerProcess peer({"python3", HUSH_PEERS_DIR "/git_http_peer.py", "--tls-cert", pki.cert,
                                       "--tls-key", pki.key, "--root", served.string(), "--token", password, "--record",
                                       record});
  const std::string url = "https://localhost:" + std::to_string(peer.port()) + "/app.git";
  // Only what each case gives: nothing from the developer's own environment.
  const auto env = [&](const std::string& ca, const std::string& token) {
    RunOptions o;
    o.env = {{"SSL_CERT_FILE", ca}, {"HUSH_GIT_TOKEN", token}, {"GIT_ASKPASS", ""}, {"SSH_AUTH_SOCK", ""}};
    return o;
  };

  TempDir clones;
  const RunResult found =
      run_hush({"scan", "--git", url, "--clone-dir", clones.str(), "-f", "json"}, env(pki.ca, password));
  INFO(found.err);
  REQUIRE(found.exit_code == 1);
  const auto report = parse_json(found.out);
  REQUIRE(report["findings"].size() == 1);
  CHECK(report["findings"][0]["repository"] == url);
  CHECK(report["findings"][0]["path"] == "app.env");
  CHECK(found.out.find(password) == std::string::npos);
  CHECK(found.err.find(password) == std::string::npos);
  // The server asked (401) and the token went as HTTP Basic with the default user.
  std::ifstream in(record);
  const std::string requests((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  CHECK(requests.starts_with("401 GET /app.git/info/refs"));
  CHECK(requests.find("200 POST /app.git/git-upload-pack user=git") != std::string::npos);

  // No token: a gap that says what to set (libgit2 alone named an unrelated config key).
  TempDir no_token_clones;
  const RunResult refused = run_hush({"scan", "--git", url, "--clone-dir", no_token_clones.str()}, env(pki.ca, ""));
  CHECK(refused.exit_code == 3);
  CHECK(refused.err.find("no credentials found: set HUSH_GIT_TOKEN") != std::string::npos);
  // A wrong token: refused as such.
  const RunResult wrong =
      run_hush({"scan", "--git", url, "--clone-dir", no_token_clones.str()}, env(pki.ca, "not-the-password"));
  CHECK(wrong.exit_code == 3);
  CHECK(wrong.err.find("refused the credentials offered") != std::string::npos);
  CHECK(wrong.err.find("not-the-password") == std::string::npos);
  // A certificate no trusted CA signed: TLS verification stays on and the repository is a gap.
  const RunResult untrusted =
      run_hush({"scan", "--git", url, "--clone-dir", no_token_clones.str()}, env("/dev/null", password));
  CHECK(untrusted.exit_code == 3);
  CHECK(untrusted.err.find("certificate") != std::string::npos);
}

TEST_CASE("remote: an ssh URL is cloned with the agent's key, the host checked against known_hosts") {
  if (!fs::exists("/usr/sbin/sshd") || run_program("ssh-agent", {"-k"}).exit_code == 127) {
    WARN("sshd or ssh-agent is not installed: Git over ssh was not tried (apt-get install openssh-server)");
    return;
  }
  Repo origin;
  leak(origin, 321);
  TempDir dir;
  const fs::path served = dir / "app.git";
  REQUIRE(run_program("git", {"clone", "-q", "--bare", origin.str(), served.string()}).exit_code == 0);
  for (const char* key : {"host", "client", "stranger"})
    REQUIRE(run_program("ssh-keygen", {"-q", "-t", "ed25519", "-N", "", "-f", (dir / key).string()}).exit_code == 0);
  fs::copy_file(dir / "client.pub", dir / "authorized_keys");
  const fs::path agent_socket = dir / "agent.sock";
  const hush_stores::PeerProcess peer({"python3", HUSH_PEERS_DIR "/sshd_peer.py", "--dir", dir.str(), "--host-key",
                                       (dir / "host").string(), "--authorized-keys", (dir / "authorized_keys").string(),
                                       "--client-key", (dir / "client").string(), "--agent-socket",
                                       agent_socket.string()});
  const std::string port = std::to_string(peer.port());
  const std::string id_output = run_program("id", {"-un"}).out;
  const std::string user = id_output.substr(0, id_output.find('\n'));
  const std::string url = "ssh://" + user + "@127.0.0.1:" + port + served.string();
  // known_hosts in a HOME of the test's own; the public key of `host_key` as the server's.
  const auto home_knowing = [&](const char* host_key) {
    auto home = std::make_unique<TempDir>();
    fs::create_directories(*home / ".ssh");
    const std::string pub = read_file(dir / (std::string(host_key) + ".pub"));
    write_file(*home / ".ssh" / "known_hosts", "[127.0.0.1]:" + port + " " + pub.substr(0, pub.rfind(' ')) + "\n");
    return home;
  };
  const auto env = [&](const TempDir& home, const std::string& agent) {
    RunOptions o;
    o.env = {{"HOME", home.str()}, {"SSH_AUTH_SOCK", agent}, {"HUSH_GIT_TOKEN", ""}, {"GIT_ASKPASS", ""}};
    return o;
  };

  const auto known = home_knowing("host");
  TempDir clones;
  const RunResult found =
      run_hush({"scan", "--git", url, "--clone-dir", clones.str(), "-f", "json"}, env(*known, agent_socket.string()));
  INFO(found.err);
  REQUIRE(found.exit_code == 1);
  const auto report = parse_json(found.out);
  REQUIRE(report["findings"].size() == 1);
  CHECK(report["findings"][0]["path"] == "app.env");
  // The report names the repository without its user name.
  CHECK(report["findings"][0]["repository"].get<std::string>().find(user + "@") == std::string::npos);

  // A server whose key is not the one known_hosts holds for it is not trusted.
  const auto other = home_knowing("stranger");
  TempDir other_clones;
  const RunResult impostor =
      run_hush({"scan", "--git", url, "--clone-dir", other_clones.str()}, env(*other, agent_socket.string()));
  CHECK(impostor.exit_code == 3);
  CHECK(impostor.err.find("hostkey") != std::string::npos);
  // No agent: nothing to log in with, a gap.
  const RunResult no_agent = run_hush({"scan", "--git", url, "--clone-dir", other_clones.str()}, env(*known, ""));
  CHECK(no_agent.exit_code == 3);
}

TEST_CASE("remote: a URL with a password is refused without repeating it") {
  const RunResult r = run_hush({"scan", "--git", "https://someone:pw-not-to-repeat@example.invalid/app.git"});
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("pw-not-to-repeat") == std::string::npos);
  CHECK(r.err.find("https://example.invalid/app.git") != std::string::npos);
}

TEST_CASE("remote: --repos scans every listed repository, one that cannot be read is a warning and a gap") {
  Repo a, b, clean;
  leak(a, 311);
  leak(b, 312);
  clean.write("README.md", "nothing here\n");
  clean.commit_all("initial");
  TempDir work;
  const fs::path missing = work / "no-such-repository";
  write_file(work / "repos.txt", "# nightly list\n" + file_url(a.path()) + "\n\n" + b.str() + "\n" + file_url(missing) +
                                     "\n" + clean.str() + "\n");
  RunOptions o;
  const RunResult r = run_hush(
      {"scan", "--repos", (work / "repos.txt").string(), "--clone-dir", (work / "clones").string(), "-f", "json"}, o);
  INFO(r.err);
  CHECK(r.exit_code == 1);  // findings decide, as for any scan
  const auto report = parse_json(r.out);
  REQUIRE(report["findings"].size() == 2);
  std::set<std::string> repositories;
  for (const auto& f : report["findings"]) repositories.insert(f["repository"].get<std::string>());
  CHECK(repositories == std::set<std::string>{file_url(a.path()), b.str()});
  // Every listed repository is in the summary; the one not scanned with its error.
  const auto& listed = report["summary"]["repositories"];
  REQUIRE(listed.size() == 4);
  CHECK_FALSE(listed[0].contains("error"));
  CHECK(listed[2]["uri"] == file_url(missing));
  CHECK(listed[2]["error"].get<std::string>().find(missing.string()) != std::string::npos);
  REQUIRE(report["summary"]["not_scanned"].size() == 1);
  CHECK(report["summary"]["not_scanned"][0]["count"] == 1);
  CHECK(report["summary"]["not_scanned"][0]["damaged"] == true);
  CHECK(r.err.find("repository not scanned") != std::string::npos);
  CHECK(r.err.find(missing.string()) != std::string::npos);

  // Without findings, the repository that could not be read makes the scan exit 3, not 0.
  write_file(work / "clean.txt", clean.str() + "\n" + file_url(missing) + "\n");
  const RunResult quiet =
      run_hush({"scan", "--repos", (work / "clean.txt").string(), "--clone-dir", (work / "clones").string()});
  CHECK(quiet.exit_code == 3);
  CHECK(quiet.err.find("not scanned") != std::string::npos);
  write_file(work / "clean-only.txt", clean.str() + "\n");
  CHECK(run_hush({"scan", "--repos", (work / "clean-only.txt").string()}).exit_code == 0);

  // The text report names each file's repository: the same path in two repositories is two files.
  write_file(work / "two.txt", a.str() + "\n" + b.str() + "\n");
  const RunResult text = run_hush({"scan", "--repos", (work / "two.txt").string(), "--color", "never"});
  CHECK(text.out.find("app.env  in " + a.str()) != std::string::npos);
  CHECK(text.out.find("app.env  in " + b.str()) != std::string::npos);
}

TEST_CASE("remote: SARIF names each repository in versionControlProvenance, CSV in a last column") {
  Repo a;
  leak(a, 321);
  TempDir work;
  write_file(work / "repos.txt", file_url(a.path()) + "\n");
  const std::vector<std::string> base = {"scan", "--repos", (work / "repos.txt").string(), "--clone-dir",
                                         (work / "clones").string()};
  auto sarif_args = base;
  sarif_args.insert(sarif_args.end(), {"-f", "sarif"});
  const RunResult sarif = run_hush(sarif_args);
  REQUIRE(sarif.exit_code == 1);
  const auto log = parse_json(sarif.out);
  const auto& provenance = log["runs"][0]["versionControlProvenance"];
  REQUIRE(provenance.size() == 1);
  CHECK(provenance[0]["repositoryUri"] == file_url(a.path()));
  CHECK(provenance[0]["revisionId"] == a.git({"rev-parse", "HEAD"}));
  CHECK(log["runs"][0]["results"][0]["properties"]["repository"] == file_url(a.path()));
  auto csv_args = base;
  csv_args.insert(csv_args.end(), {"-f", "csv"});
  const RunResult csv = run_hush(csv_args);
  CHECK(csv.out.find(",repository\r\n") != std::string::npos);
  CHECK(csv.out.find(",\"" + file_url(a.path()) + "\"\r\n") != std::string::npos);
}

TEST_CASE("remote: shards split the list, together they find what one run finds") {
  std::vector<std::unique_ptr<Repo>> repos;
  TempDir work;
  std::string list;
  for (std::uint32_t i = 0; i < 6; ++i) {
    repos.push_back(std::make_unique<Repo>());
    leak(*repos.back(), 330 + i);
    list += (i % 2 ? repos.back()->str() : file_url(repos.back()->path())) + "\n";
  }
  write_file(work / "repos.txt", list);
  const std::vector<std::string> base = {"scan", "--repos", (work / "repos.txt").string(), "--clone-dir",
                                         (work / "clones").string()};
  const auto whole = scan_json(base, 1);
  REQUIRE(whole["findings"].size() == 6);
  std::multiset<std::string> sharded;
  std::size_t repositories = 0;
  for (int i = 0; i < 3; ++i) {
    auto args = base;
    args.insert(args.end(), {"--shard", std::to_string(i) + "/3", "--format", "json"});
    const RunResult r = run_hush(args);
    INFO(r.err);
    REQUIRE((r.exit_code == 0 || r.exit_code == 1));
    const auto part = parse_json(r.out);
    repositories +=
        part["summary"].value("repositories", nlohmann::json::array()).size();  // absent for a shard with none
    for (const auto& l : locations(part)) sharded.insert(l);
  }
  CHECK(repositories == 6);
  CHECK(sharded == locations(whole));

  // --shards N reads the index from JOB_COMPLETION_INDEX, as a Kubernetes Indexed Job sets it.
  auto args = base;
  args.insert(args.end(), {"--shards", "3", "--format", "json"});
  RunOptions o;
  o.env = {{"JOB_COMPLETION_INDEX", "1"}};
  const RunResult indexed = run_hush(args, o);
  auto explicit_args = base;
  explicit_args.insert(explicit_args.end(), {"--shard", "1/3", "--format", "json"});
  CHECK(locations(parse_json(indexed.out)) == locations(parse_json(run_hush(explicit_args).out)));
  CHECK(run_hush({"scan", "--repos", (work / "repos.txt").string(), "--shards", "3"}).exit_code == 2);  // no index set
  CHECK(run_hush({"scan", "--repos", (work / "repos.txt").string(), "--shard", "3/3"}).exit_code == 2);
}

TEST_CASE(
    "remote: a configuration every repository fails on is the run's mistake (exit 2), one repository's own only its") {
  Repo a, b;
  leak(a, 341);
  leak(b, 342);
  TempDir work;
  write_file(work / "repos.txt", a.str() + "\n" + b.str() + "\n");
  write_file(work / "broken.toml", "[[rule]\nid = \n");
  const RunResult global =
      run_hush({"scan", "--repos", (work / "repos.txt").string(), "--config", (work / "broken.toml").string()});
  CHECK(global.exit_code == 2);
  // A .hush.toml inside one repository that does not parse: that one is not scanned, the other is.
  b.write(".hush.toml", "[[rule]\nid = \n");
  const RunResult own = run_hush({"scan", "--repos", (work / "repos.txt").string(), "-f", "json"});
  INFO(own.err);
  CHECK(own.exit_code == 1);
  const auto report = parse_json(own.out);
  CHECK(report["findings"].size() == 1);
  CHECK(report["summary"]["not_scanned"][0]["count"] == 1);
}

TEST_CASE("remote: --state with --repos keeps one state per repository, a rescan reports only what is new") {
  Repo a, b;
  leak(a, 351);
  leak(b, 352);
  TempDir work;
  write_file(work / "repos.txt", "file://" + a.str() + "\n" + b.str() + "\n");
  const std::vector<std::string> base = {"scan",
                                         "--repos",
                                         (work / "repos.txt").string(),
                                         "--clone-dir",
                                         (work / "clones").string(),
                                         "--state",
                                         (work / "state").string(),
                                         "-f",
                                         "json"};
  const RunResult first = run_hush(base);
  INFO(first.err);
  REQUIRE(first.exit_code == 1);
  CHECK(parse_json(first.out)["findings"].size() == 2);
  const RunResult again = run_hush(base);
  INFO(again.err);
  CHECK(again.exit_code == 0);
  CHECK(parse_json(again.out)["findings"].empty());
  leak(a, 353, "later.env");
  const RunResult later = run_hush(base);
  REQUIRE(later.exit_code == 1);
  const auto report = parse_json(later.out);
  REQUIRE(report["findings"].size() == 1);
  CHECK(report["findings"][0]["path"] == "later.env");
  CHECK(report["findings"][0]["repository"] == "file://" + a.str());
}
