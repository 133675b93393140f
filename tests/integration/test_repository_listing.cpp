// `hush scan --github-org`, `--github-user` and `--gitlab-group` against the forge peer
// (tests/peers/forge_peer.py), which pages and throttles as the GitHub and GitLab APIs do, over
// TLS with a CA made for the run; the repositories it lists are local ones behind file:// URLs.
#include <fstream>
#include <set>

#include "catch.hpp"
#include "git_repo.hpp"
#include "harness.hpp"
#include "peer_process.hpp"
#include "provider_peer.hpp"

using namespace hush_it;

namespace {

// What the peer expects as the API token; made up for the test.
const std::string api_token = std::string("forge-test-") + "credential";

struct ForgePeer {
  ProviderPki pki{{"localhost"}};
  std::string record = (pki.dir / "requests.log").string();
  std::string config_file = (pki.dir / "config.json").string();
  std::unique_ptr<hush_stores::PeerProcess> process;

  explicit ForgePeer(const nlohmann::json& config) {
    write_file(config_file, config.dump());
    process = std::make_unique<hush_stores::PeerProcess>(
        std::vector<std::string>{"python3", HUSH_PEERS_DIR "/forge_peer.py", "--tls-cert", pki.cert, "--tls-key",
                                 pki.key, "--config", config_file, "--record", record});
  }
  [[nodiscard]] std::string url() const { return "https://localhost:" + std::to_string(process->port()); }
  [[nodiscard]] std::vector<std::string> requests() const {
    std::ifstream in(record);
    std::vector<std::string> lines;
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
  }
  [[nodiscard]] RunOptions env(const std::string& token_variable = "GITHUB_TOKEN") const {
    RunOptions o;
    o.env = {{"SSL_CERT_FILE", pki.ca}, {token_variable, api_token}};
    return o;
  }
};

struct Fleet {
  std::vector<std::unique_ptr<Repo>> repos;
  Fleet(int n, std::uint32_t seed) {
    for (int i = 0; i < n; ++i) {
      repos.push_back(std::make_unique<Repo>());
      repos.back()->write("app.env", "GITHUB_TOKEN=" + make_github_token(seed + static_cast<std::uint32_t>(i)) + "\n");
      repos.back()->commit_all("settings");
    }
  }
  [[nodiscard]] std::string url(std::size_t i) const { return "file://" + repos[i]->str(); }
};

std::set<std::string> repositories_of(const nlohmann::json& report) {
  std::set<std::string> out;
  for (const auto& f : report["findings"]) out.insert(f["repository"].get<std::string>());
  return out;
}

}  // namespace

TEST_CASE("listing: a GitHub organisation, every page, forks and archived left out unless asked") {
  const Fleet fleet(5, 501);
  nlohmann::json repos = nlohmann::json::array();
  for (std::size_t i = 0; i < 5; ++i)
    repos.push_back({{"clone_url", fleet.url(i)}, {"fork", i == 3}, {"archived", i == 4}});
  ForgePeer peer(nlohmann::json{{"token", api_token}, {"page_size", 2}, {"owners", {{"acme", repos}}}});
  TempDir clones;
  const std::vector<std::string> base = {"scan",        "--github-org", "acme", "--api-url", peer.url(),
                                         "--clone-dir", clones.str(),   "-f",   "json"};

  const RunResult r = run_hush(base, peer.env());
  INFO(r.err);
  REQUIRE(r.exit_code == 1);
  CHECK(repositories_of(parse_json(r.out)) == std::set<std::string>{fleet.url(0), fleet.url(1), fleet.url(2)});
  const auto requests = peer.requests();
  REQUIRE(requests.size() == 3);  // 5 repositories, 2 a page
  CHECK(requests[0] == "GET /orgs/acme/repos?per_page=100&type=all AUTH");
  CHECK(requests[2].find("page=3") != std::string::npos);
  CHECK(r.err.find(api_token) == std::string::npos);

  auto all = base;
  all.insert(all.end(), {"--include-forks", "--include-archived"});
  CHECK(repositories_of(parse_json(run_hush(all, peer.env()).out)).size() == 5);
}

TEST_CASE("listing: a GitLab group pages by X-Next-Page and takes its token in PRIVATE-TOKEN") {
  const Fleet fleet(3, 520);
  nlohmann::json projects = nlohmann::json::array();
  for (std::size_t i = 0; i < 3; ++i) {
    nlohmann::json p = {{"http_url_to_repo", fleet.url(i)}, {"archived", false}};
    if (i == 2) p["forked_from_project"] = {{"id", 7}};
    projects.push_back(p);
  }
  ForgePeer peer(nlohmann::json{{"token", api_token}, {"page_size", 1}, {"owners", {{"acme/platform", projects}}}});
  TempDir clones;
  const RunResult r = run_hush(
      {"scan", "--gitlab-group", "acme/platform", "--api-url", peer.url(), "--clone-dir", clones.str(), "-f", "json"},
      peer.env("GITLAB_TOKEN"));
  INFO(r.err);
  REQUIRE(r.exit_code == 1);
  CHECK(repositories_of(parse_json(r.out)) == std::set<std::string>{fleet.url(0), fleet.url(1)});
  const auto requests = peer.requests();
  REQUIRE(requests.size() == 3);
  CHECK(requests[0] == "GET /api/v4/groups/acme%2Fplatform/projects?include_subgroups=true&per_page=100 AUTH");
  CHECK(requests[1].find("&page=2 AUTH") != std::string::npos);
}

TEST_CASE("listing: rate limits are waited out within the bound, refusals end the run naming the status") {
  const Fleet fleet(1, 530);
  const nlohmann::json repos = nlohmann::json::array({{{"clone_url", fleet.url(0)}}});
  TempDir clones;
  const auto scan = [&](const ForgePeer& peer, const std::vector<std::string>& extra = {},
                        const std::string& variable = "GITHUB_TOKEN") {
    std::vector<std::string> args = {"scan",        "--github-org", "acme", "--api-url", peer.url(),
                                     "--clone-dir", clones.str(),   "-f",   "json"};
    args.insert(args.end(), extra.begin(), extra.end());
    return run_hush(args, peer.env(variable));
  };
  for (const char* throttle : {"retry-after", "reset"}) {
    ForgePeer peer(nlohmann::json{{"throttle", throttle}, {"owners", {{"acme", repos}}}});
    const RunResult r = scan(peer);
    INFO(throttle << ": " << r.err);
    CHECK(r.exit_code == 1);
    CHECK(peer.requests().size() == 2);  // the throttled request, then the same one again
    CHECK(r.err.find("rate limited") != std::string::npos);
  }
  {
    ForgePeer peer(nlohmann::json{{"throttle", "forever"}, {"owners", {{"acme", repos}}}});
    const RunResult r = scan(peer);
    CHECK(r.exit_code == 3);
    CHECK(r.err.find("rate limit") != std::string::npos);
    CHECK(peer.requests().size() == 1);  // a day's wait is refused at once
  }
  {
    ForgePeer peer(nlohmann::json{{"server_errors", 1}, {"owners", {{"acme", repos}}}});
    CHECK(scan(peer).exit_code == 1);
  }
  {
    ForgePeer peer(nlohmann::json{{"server_errors", 10}, {"owners", {{"acme", repos}}}});
    const RunResult r = scan(peer);
    CHECK(r.exit_code == 3);
    CHECK(r.err.find("HTTP 503") != std::string::npos);
  }
  {
    ForgePeer peer(nlohmann::json{{"token", api_token}, {"owners", {{"acme", repos}}}});
    const RunResult r = scan(peer, {}, "UNRELATED");  // no GITHUB_TOKEN set
    CHECK(r.exit_code == 3);
    CHECK(r.err.find("HTTP 401") != std::string::npos);
    const RunResult missing =
        run_hush({"scan", "--github-org", "nobody", "--api-url", peer.url(), "--clone-dir", clones.str()}, peer.env());
    CHECK(missing.exit_code == 3);
    CHECK(missing.err.find("HTTP 404") != std::string::npos);
  }
  {
    ForgePeer peer(nlohmann::json{{"forbidden", true}, {"owners", {{"acme", repos}}}});
    const RunResult r = scan(peer);
    CHECK(r.exit_code == 3);
    CHECK(r.err.find("HTTP 403") != std::string::npos);
    CHECK(peer.requests().size() == 1);  // a 403 without rate-limit headers is not waited out
  }
  // TLS verification is on: without the run's CA the peer is not trusted.
  ForgePeer peer(nlohmann::json{{"owners", {{"acme", repos}}}});
  RunOptions untrusted;
  untrusted.env = {{"SSL_CERT_FILE", "/dev/null"}};
  CHECK(run_hush({"scan", "--github-org", "acme", "--api-url", peer.url(), "--clone-dir", clones.str()}, untrusted)
            .exit_code == 3);
  CHECK(run_hush({"scan", "--include-forks"}).exit_code == 2);
}
