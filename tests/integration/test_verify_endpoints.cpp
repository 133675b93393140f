// `hush scan --verify` with endpoints the user gives (--verify-endpoint, [verify.endpoints],
// VAULT_ADDR): GitHub Enterprise Server and GitLab self-managed instead of the public hosts, and
// the services only the user knows the host of (Vault, Databricks, Grafana), which stay unknown,
// saying what to give, until they have one. The peer answers for the .test hosts.
#include <algorithm>
#include <map>
#include <random>

#include "catch.hpp"
#include "harness.hpp"
#include "provider_peer.hpp"

using namespace hush_it;

namespace {

std::string random_text(std::uint32_t seed, std::size_t size, std::string_view alphabet) {
  std::mt19937 rng(seed);
  std::uniform_int_distribution<std::size_t> pick(0, alphabet.size() - 1);
  std::string out;
  for (std::size_t i = 0; i < size; ++i) out.push_back(alphabet[pick(rng)]);
  return out;
}

constexpr std::string_view alnum = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
constexpr std::string_view lower_hex = "0123456789abcdef";

std::string vault_token(std::uint32_t seed) { return "hvs." + random_text(seed, 26, alnum); }
std::string databricks_token(std::uint32_t seed) { return "dapi" + random_text(seed, 32, lower_hex); }
// A Grafana service account token of the rule's examples (its checksum must hold).
const std::string grafana_token = "glsa_tUtZo0aLDhnQIp17sP1kVct4kjHEHDha_b6068eaf";
const std::string gitlab_token = "glpat-" + random_text(31, 20, alnum);

}  // namespace

TEST_CASE("scan --verify-endpoint sends GitHub and GitLab tokens to a self-hosted server",
          "[verify][verify-endpoints]") {
  const std::string github = make_github_token(1001);
  ProviderPeer peer({{github, "live"}, {gitlab_token, "live"}});
  TempDir tree;
  write_file(tree / "gh.env", "GITHUB_TOKEN=" + github + "\n");
  write_file(tree / "gl.env", "GITLAB_TOKEN=" + gitlab_token + "\n");
  write_file(tree / ".hush.toml", "[verify.endpoints]\ngitlab = \"https://gitlab.test/\"\n");
  const auto result = run_hush(with(
      {"scan", "-f", "json", "--no-verify-cache", "--verify-endpoint", "github=https://ghe.test/api/v3", tree.str()},
      peer.verify_args()));
  CHECK(validations(result) == std::map<std::string, std::string>{{"gh.env", "live"}, {"gl.env", "live"}});
  auto requests = peer.requests();
  std::sort(requests.begin(), requests.end());
  CHECK(requests == std::vector<std::string>{"GET ghe.test github-enterprise", "GET gitlab.test gitlab-self-managed"});
}

TEST_CASE("Vault, Databricks and Grafana tokens are asked about at the host given for them, else unknown",
          "[verify][verify-endpoints]") {
  const std::string vault_live = vault_token(1), vault_revoked = vault_token(2), databricks_live = databricks_token(3);
  ProviderPeer peer(
      {{vault_live, "live"}, {vault_revoked, "revoked"}, {databricks_live, "live"}, {grafana_token, "live"}});
  TempDir tree;
  write_file(tree / "vault-live.env", "VAULT_TOKEN=" + vault_live + "\n");
  write_file(tree / "vault-revoked.env", "VAULT_TOKEN=" + vault_revoked + "\n");
  write_file(tree / "dbc.env", "DATABRICKS_TOKEN=" + databricks_live + "\n");
  write_file(tree / "grafana.env", "GRAFANA_TOKEN=" + grafana_token + "\n");

  // No host for them: unknown, naming what to give; nothing is sent.
  RunOptions no_vault;
  no_vault.env = {{"VAULT_ADDR", ""}};
  const auto without = findings_by_path(
      run_hush(with({"scan", "-f", "json", "--no-verify-cache", tree.str()}, peer.verify_args()), no_vault));
  REQUIRE(without.size() == 4);
  CHECK(without.at("vault-live.env")["validation"] == "unknown");
  CHECK(without.at("vault-live.env")["validation_detail"]["reason"] ==
        "needs the vault host: --verify-endpoint vault=URL or [verify.endpoints] (or VAULT_ADDR)");
  CHECK(without.at("dbc.env")["validation"] == "unknown");
  CHECK(without.at("dbc.env")["validation_detail"]["reason"] ==
        "needs the databricks host: --verify-endpoint databricks=URL or [verify.endpoints]");
  CHECK(without.at("grafana.env")["validation"] == "unknown");
  CHECK(peer.requests().empty());

  // VAULT_ADDR names Vault's, as for `hush run`; the others from the command line.
  RunOptions vault_addr;
  vault_addr.env = {{"VAULT_ADDR", "https://vault.test:8200"}};
  const auto result =
      run_hush(with({"scan", "-f", "json", "--no-verify-cache", "--log-level", "debug", "--verify-endpoint",
                     "databricks=https://dbc.test", "--verify-endpoint", "grafana=https://grafana.test", tree.str()},
                    peer.verify_args()),
               vault_addr);
  const auto with_hosts = findings_by_path(result);
  REQUIRE(with_hosts.size() == 4);
  CHECK(with_hosts.at("vault-live.env")["validation"] == "live");
  CHECK(with_hosts.at("vault-live.env")["validation_detail"]["name"] == "token-ci");
  CHECK(with_hosts.at("vault-live.env")["validation_detail"]["policies"] == "ci,default");
  CHECK(with_hosts.at("vault-revoked.env")["validation"] == "invalid");
  CHECK(with_hosts.at("dbc.env")["validation"] == "live");
  CHECK(with_hosts.at("dbc.env")["validation_detail"]["user"] == "tester@example.com");
  CHECK(with_hosts.at("grafana.env")["validation"] == "live");
  CHECK(with_hosts.at("grafana.env")["validation_detail"]["org"] == "Hush Test Org");
  // Debug logs name the requests and never a token.
  CHECK(contains(result.err, "https://vault.test:8200/v1/auth/token/lookup-self"));
  for (const std::string& secret : {vault_live, vault_revoked, databricks_live, grafana_token}) {
    CHECK_FALSE(contains(result.err, secret));
    CHECK_FALSE(contains(result.out, secret));
  }
}

TEST_CASE("an endpoint must be https with a host, unless plain http is asked for loudly",
          "[verify][verify-endpoints]") {
  TempDir tree;
  write_file(tree / "gh.env", "GITHUB_TOKEN=" + make_github_token(1002) + "\n");
  for (const char* bad : {"github=http://ghe.test/api/v3", "github=https://ghe.test/api/v3?token=x",
                          "github=https://u:p@ghe.test", "github", "=https://ghe.test", "github=ftp://ghe.test"}) {
    const auto result = run_hush({"scan", "--verify", "--verify-endpoint", bad, tree.str()});
    INFO(bad);
    INFO(result.err);
    CHECK(result.exit_code == 2);
  }
  write_file(tree / ".hush.toml", "[verify.endpoints]\ngithub = \"http://ghe.test/api/v3\"\n");
  const auto from_config = run_hush({"scan", "--verify", "--verify-connect-to", "::127.0.0.1:1", tree.str()});
  CHECK(from_config.exit_code == 2);
  CHECK(contains(from_config.err, "must be an https:// URL"));
  // The opt-out works, and says what it costs on every run.
  const auto allowed = run_hush({"scan", "-f", "json", "--verify", "--verify-allow-http", "--no-verify-cache",
                                 "--verify-connect-to", "::127.0.0.1:1", tree.str()});
  CHECK(allowed.exit_code == 1);
  CHECK(contains(allowed.err, "plain http"));
  CHECK(validations(allowed) == std::map<std::string, std::string>{{"gh.env", "error"}});
}

TEST_CASE("GitHub OAuth, user-to-server and installation tokens are verified, a refresh token is unknown, saying why",
          "[verify]") {
  const std::string oauth = make_github_token(1101, "gho_"), user = make_github_token(1102, "ghu_"),
                    installation = make_github_token(1103, "ghs_"), refresh = make_github_token(1104, "ghr_");
  ProviderPeer peer({{oauth, "live"}, {user, "live"}, {refresh, "live"}});
  TempDir tree;
  write_file(tree / "oauth.env", "TOKEN=" + oauth + "\n");
  write_file(tree / "user.env", "TOKEN=" + user + "\n");
  write_file(tree / "installation.env", "TOKEN=" + installation + "\n");
  write_file(tree / "refresh.env", "TOKEN=" + refresh + "\n");
  const auto result = run_hush(with({"scan", "-f", "json", "--no-verify-cache", tree.str()}, peer.verify_args()));
  const auto findings = findings_by_path(result);
  REQUIRE(findings.size() == 4);
  CHECK(findings.at("oauth.env")["validation"] == "live");
  CHECK(findings.at("oauth.env")["validation_detail"]["scopes"] == "repo, read:org");
  CHECK(findings.at("user.env")["validation"] == "live");
  CHECK(findings.at("installation.env")["validation"] == "invalid");
  CHECK(findings.at("refresh.env")["validation"] == "unknown");
  CHECK(contains(findings.at("refresh.env")["validation_detail"]["reason"].get<std::string>(), "client secret"));
  CHECK(peer.requests() == std::vector<std::string>(3, "GET api.github.com github"));
}

TEST_CASE("Slack and Discord webhooks are verified without posting anything", "[verify]") {
  const std::string slack_live = "T0A1B2C3D4/B5E6F7G8H9/Xq3Zt8Wm2Xp5Lk9Rv4Nc7By1",
                    slack_removed = "T9Z8Y7X6W5/B4V3U2T1S0/Hp6Yw1Qm8Zk3Xn5Lc9Vb2Rh4";
  const std::string discord_live =
                        "1181947305628419735/" +
                        std::string("Kq9ZtV2mX8pLwR4cN6bY1dF5gJ7sT0eAh3Kq9ZtV2mX8pLwR4cN6bY1dF5gJ7sT0eAx_-Q"),
                    discord_revoked =
                        "1189305718264930571/" +
                        std::string("Wd2Lk5Rm9Qx3Tz7Nc1Vb4Hg6Js0Yf2uAp8Wd2Lk5Rm9Qx3Tz7Nc1Vb4Hg6Js0Yf2uBy-_Z");
  ProviderPeer peer({{slack_live, "live"}, {discord_live, "live"}});
  TempDir tree;
  write_file(tree / "slack-live.env", "SLACK_WEBHOOK=https://hooks.slack.com/services/" + slack_live + "\n");
  write_file(tree / "slack-removed.env", "SLACK_WEBHOOK=https://hooks.slack.com/services/" + slack_removed + "\n");
  write_file(tree / "discord-live.env", "DISCORD_WEBHOOK=https://discord.com/api/webhooks/" + discord_live + "\n");
  write_file(tree / "discord-revoked.env",
             "DISCORD_WEBHOOK=https://discordapp.com/api/webhooks/" + discord_revoked + "\n");
  const auto result = run_hush(
      with({"scan", "-f", "json", "--no-verify-cache", "--log-level", "debug", tree.str()}, peer.verify_args()));
  const auto findings = findings_by_path(result);
  REQUIRE(findings.size() == 4);
  CHECK(findings.at("slack-live.env")["validation"] == "live");
  CHECK(findings.at("slack-removed.env")["validation"] == "invalid");
  CHECK(findings.at("discord-live.env")["validation"] == "live");
  CHECK(findings.at("discord-live.env")["validation_detail"]["name"] == "hush-test-hook");
  CHECK(findings.at("discord-revoked.env")["validation"] == "invalid");
  auto requests = peer.requests();
  std::sort(requests.begin(), requests.end());
  CHECK(requests == std::vector<std::string>{"GET discord.com discord-webhook", "GET discord.com discord-webhook",
                                             "POST hooks.slack.com slack-webhook",
                                             "POST hooks.slack.com slack-webhook"});
  // Log lines show the templates, never a hook's path.
  CHECK(contains(result.err, "https://hooks.slack.com/services/{secret_path}"));
  for (const std::string& secret : {slack_live, slack_removed, discord_live, discord_revoked}) {
    CHECK_FALSE(contains(result.err, secret));
    CHECK_FALSE(contains(result.err, secret.substr(secret.rfind('/') + 1)));
  }
}
