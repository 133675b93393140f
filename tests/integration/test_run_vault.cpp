// `hush run` end to end against the Vault test peer (tests/peers/vault_peer.py): restart on a
// secret updated in Vault (and only then), the Prometheus endpoint while supervising, and lease
// revocation on exit for a dynamic secret.
#include <csignal>
#include <regex>

#include "catch.hpp"
#include "harness.hpp"
#include "peer_process.hpp"

using namespace hush_it;

namespace {

// An HTTP call with the peer's root token, through Python's standard library (no other client
// is assumed on the machine). The body goes through stdin: it may exceed what argv can carry.
// Returns the response body.
std::string http(const std::string& method, const std::string& url, const std::string& body = "") {
  static const char* const script =
      "import sys, urllib.request\n"
      "data = sys.stdin.buffer.read() or None\n"
      "req = urllib.request.Request(sys.argv[1], method=sys.argv[2], data=data, headers={'X-Vault-Token': 'root'})\n"
      "sys.stdout.write(urllib.request.urlopen(req).read().decode())\n";
  RunOptions options;
  options.stdin_data = body;
  const auto result = run_program("python3", {"-c", script, url, method}, options);
  REQUIRE(result.exit_code == 0);
  return result.out;
}

struct VaultPeer {
  hush_stores::PeerProcess process{{"python3", HUSH_PEERS_DIR "/vault_peer.py", "--port", "0"}};
  std::string address = process.base_url();

  void write_kv(const std::string& path, const std::string& data_json) {
    http("POST", address + "/v1/secret/data/" + path, "{\"data\": " + data_json + "}");
  }
  // Every GET of a KV v2 secret answers `body` from now on, whatever is stored.
  void answer_reads_with(const std::string& body) {
    const nlohmann::json fault = {
        {"faults",
         {{{"kind", "body"}, {"path", "/v1/secret/data/"}, {"method", "GET"}, {"count", 1000000}, {"body", body}}}}};
    http("POST", address + "/_peer/faults", fault.dump());
  }
  [[nodiscard]] RunOptions options() const {
    RunOptions options;
    options.env = {{"VAULT_ADDR", address}, {"VAULT_TOKEN", "root"}};
    return options;
  }
};

// The value of a JSON log line's string field.
std::optional<std::string> field_of(const std::string& line, const std::string& name) {
  const auto json = nlohmann::json::parse(line, nullptr, false);
  if (json.is_discarded() || !json.contains(name)) return std::nullopt;
  return json[name].get<std::string>();
}

}  // namespace

TEST_CASE("run: a secret updated in Vault restarts the child, unchanged refreshes do not", "[run][refresh][vault]") {
  VaultPeer vault;
  vault.write_kv("app", R"({"password": "first-vault-3Rt7"})");
  auto options = vault.options();
  options.env.push_back({"APP_PASSWORD", "vault://secret/app#password"});
  auto hush = spawn_hush({"run", "--refresh", "1s", "--debounce", "0", "--log-level", "debug", "--log-format", "json",
                          "--", "sh", "-c", "echo \"start $APP_PASSWORD\"; exec sleep 600"},
                         options);
  REQUIRE(hush.out_line() == "start first-vault-3Rt7");
  expect_unchanged_refreshes(hush, 3, "restarting");
  vault.write_kv("app", R"({"password": "second-vault-9Wq2"})");
  REQUIRE(hush.out_line() == "start second-vault-9Wq2");
  stop_after_restart(hush, {"first-vault-3Rt7", "second-vault-9Wq2"});
}

TEST_CASE("run: --metrics-addr serves Prometheus metrics while the child runs", "[run][vault]") {
  VaultPeer vault;
  vault.write_kv("app", R"({"password": "metric-vault-6Jm4"})");
  auto options = vault.options();
  options.env.push_back({"APP_PASSWORD", "vault://secret/app#password"});
  auto hush = spawn_hush({"run", "--metrics-addr", "127.0.0.1:0", "--log-level", "info", "--log-format", "json", "--",
                          "sh", "-c", "echo ready; exec sleep 600"},
                         options);
  std::optional<std::string> port;
  while (!port) {
    const auto line = hush.err_line();
    REQUIRE(line);
    if (contains(*line, "serving metrics")) port = field_of(*line, "port");
  }
  REQUIRE(hush.out_line() == "ready");  // the environment is resolved and the child started
  const std::string metrics = http("GET", "http://127.0.0.1:" + *port + "/metrics");
  CHECK(contains(metrics, "# TYPE hush_run_secrets gauge"));
  CHECK(contains(metrics, "hush_run_secrets 1"));
  CHECK(contains(metrics, "hush_run_fetches_total{result=\"ok\"} 1"));
  CHECK(contains(metrics, "hush_run_restarts_total 0"));
  CHECK_FALSE(contains(metrics, "metric-vault-6Jm4"));
  hush.signal(SIGTERM);
  CHECK(hush.wait() == 128 + SIGTERM);
}

TEST_CASE("run: --revoke-on-exit revokes a dynamic secret's lease when the child ends", "[run][vault]") {
  VaultPeer vault;
  http("POST", vault.address + "/v1/sys/mounts/database", R"({"type": "database"})");
  http("POST", vault.address + "/v1/database/roles/app", R"({"default_ttl": "1h"})");
  auto options = vault.options();
  options.env.push_back({"DB_USER", "vault://database/creds/app#username"});
  options.env.push_back({"DB_PASSWORD", "vault://database/creds/app#password"});

  const auto stats_before = nlohmann::json::parse(http("GET", vault.address + "/_peer/stats"));
  CHECK_FALSE(stats_before["requests"].contains("PUT /v1/sys/leases/revoke"));
  const auto result = run_hush({"run", "--revoke-on-exit", "--log-level", "info", "--", "sh", "-c",
                                "test -n \"$DB_PASSWORD\" && echo \"user $DB_USER\""},
                               options);
  CHECK(result.exit_code == 0);
  CHECK(std::regex_search(result.out, std::regex("^user v-app-[0-9a-f]+\n$")));
  CHECK(contains(result.err, "revoked lease"));
  const auto stats = nlohmann::json::parse(http("GET", vault.address + "/_peer/stats"));
  // The user name and the password are one credential: one read, one lease, revoked once.
  CHECK(stats["events"].value("lease_issue", 0) == 1);
  CHECK(stats["requests"].value("PUT /v1/sys/leases/revoke", 0) == 1);

  // Without the flag the lease outlives the child (it expires on its own TTL).
  const auto kept = run_hush({"run", "--", "sh", "-c", "test -n \"$DB_PASSWORD\""}, options);
  CHECK(kept.exit_code == 0);
  const auto stats_after = nlohmann::json::parse(http("GET", vault.address + "/_peer/stats"));
  CHECK(stats_after["requests"].value("PUT /v1/sys/leases/revoke", 0) ==
        stats["requests"].value("PUT /v1/sys/leases/revoke", 0));
}

namespace {

// A KV v2 answer whose secret holds a value nested 80,000 levels deep (about 160 KB): the body
// that crashed hush with a stack overflow.
std::string deep_kv2_answer() {
  const std::string nested = std::string(80000, '[') + std::string(80000, ']');
  return R"({"data": {"data": {"password": "p", "deep": )" + nested + R"(}, "metadata": {"version": 1}}})";
}

}  // namespace

TEST_CASE("run: a Vault answer nested too deep is refused with a message, not a crash", "[run][vault][hostile]") {
  VaultPeer vault;
  vault.write_kv("app", R"({"password": "deep-vault-2Hs8"})");
  vault.answer_reads_with(deep_kv2_answer());
  auto options = vault.options();
  options.env.push_back({"APP_PASSWORD", "vault://secret/app#password"});
  const auto result = run_hush({"run", "--", "true"}, options);
  CHECK(result.exit_code == 3);
  CHECK(contains(result.err, "APP_PASSWORD (vault://secret/app#password)"));
  CHECK(contains(result.err, "JSON nested deeper than 128 levels"));
  const auto get = run_hush({"get", "vault://secret/app#password"}, options);
  CHECK(get.exit_code == 3);
  CHECK(contains(get.err, "JSON nested deeper than 128 levels"));
}

TEST_CASE("run: a Vault answer turned too deep during a refresh leaves the child running",
          "[run][vault][refresh][hostile]") {
  VaultPeer vault;
  vault.write_kv("app", R"({"password": "deep-vault-2Hs8"})");
  auto options = vault.options();
  options.env.push_back({"APP_PASSWORD", "vault://secret/app#password"});
  auto hush = spawn_hush({"run", "--refresh", "1s", "--log-format", "json", "--", "sh", "-c",
                          "echo \"start $APP_PASSWORD\"; exec sleep 600"},
                         options);
  REQUIRE(hush.out_line() == "start deep-vault-2Hs8");
  vault.answer_reads_with(deep_kv2_answer());
  REQUIRE(hush.err_line_with({"refresh failed", "JSON nested deeper than 128 levels"}));
  hush.signal(SIGTERM);
  CHECK(hush.wait() == 128 + SIGTERM);
  CHECK_FALSE(contains(hush.err_seen(), "restarting"));
}

TEST_CASE("run: loading libcurl leaves the child's environment as it was", "[run][vault]") {
  // hush sets GNUTLS_NO_IMPLICIT_INIT around loading libcurl (whose LDAP support brings GnuTLS):
  // the child must not inherit it, and a value the user set must reach the child unchanged.
  VaultPeer peer;
  peer.write_kv("app", R"({"password": "s3cret-value"})");
  const std::vector<std::string> args = {"run", "-e", "DB_PASSWORD=vault://secret/app#password",    "--",
                                         "sh",  "-c", "echo \"[${GNUTLS_NO_IMPLICIT_INIT-unset}]\""};
  const RunResult plain = run_hush(args, peer.options());
  INFO(plain.err);
  REQUIRE(plain.exit_code == 0);
  CHECK(plain.out == "[unset]\n");
  RunOptions with_user_value = peer.options();
  with_user_value.env.emplace_back("GNUTLS_NO_IMPLICIT_INIT", "users-own");
  const RunResult kept = run_hush(args, with_user_value);
  REQUIRE(kept.exit_code == 0);
  CHECK(kept.out == "[users-own]\n");
}
