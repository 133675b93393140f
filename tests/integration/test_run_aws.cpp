// `hush run` against a hostile AWS endpoint: the fault peer (tests/peers/aws_fault_peer.py) answers
// Secrets Manager with a body nested 80,000 levels deep, at start or once a refresh is under way
// (then in front of moto, which serves the real secret first).
#include <csignal>
#include <cstdlib>

#include "catch.hpp"
#include "harness.hpp"
#include "peer_process.hpp"

using namespace hush_it;

namespace {

bool moto_available() { return std::system("python3 -c 'import moto.server, boto3' >/dev/null 2>&1") == 0; }

// Serves a deep body for every request after the first `after`, passing those to `upstream`.
hush_stores::PeerProcess deep_peer(const std::string& upstream, int after) {
  return hush_stores::PeerProcess({"python3", HUSH_PEERS_DIR "/aws_fault_peer.py", "--upstream", upstream, "--fault",
                                   "deep", "--count", "-1", "--after", std::to_string(after)});
}

RunOptions aws_options(const TempDir& home, const std::string& endpoint) {
  RunOptions options;
  options.env = {{"HOME", home.str()},
                 {"AWS_ACCESS_KEY_ID", "AKIDHUSHTEST"},
                 {"AWS_SECRET_ACCESS_KEY", "env-Secret-Key-for-hush"},
                 {"AWS_REGION", "us-east-1"},
                 {"AWS_ENDPOINT_URL", endpoint},
                 {"AWS_EC2_METADATA_DISABLED", "true"}};
  return options;
}

}  // namespace

TEST_CASE("run: a Secrets Manager answer nested too deep is refused with a message, not a crash",
          "[run][aws][hostile]") {
  TempDir home;
  // Nothing reaches the upstream: every answer is the deep one.
  const auto peer = deep_peer("http://127.0.0.1:9", 0);
  auto options = aws_options(home, peer.base_url());
  options.env.push_back({"APP_SECRET", "secretsmanager://hush-test/json#password"});
  const auto result = run_hush({"run", "--", "true"}, options);
  CHECK(result.exit_code == 3);
  CHECK(contains(result.err, "APP_SECRET (secretsmanager://hush-test/json#password)"));
  CHECK(contains(result.err, "JSON nested deeper than 128 levels"));
}

TEST_CASE("run: a Secrets Manager answer turned too deep during a refresh leaves the child running",
          "[run][aws][refresh][hostile]") {
  if (!moto_available()) {
    WARN("skipped: moto is not importable (python3 -m pip install \"moto[server]\")");
    SUCCEED("skipped");
    return;
  }
  TempDir home;
  const hush_stores::PeerProcess moto({"python3", HUSH_PEERS_DIR "/moto_peer.py", "--prefix", "/hush-test"});
  const auto peer = deep_peer(moto.base_url(), 1);  // the start's one GetSecretValue gets the real answer
  auto options = aws_options(home, peer.base_url());
  options.env.push_back({"APP_SECRET", "secretsmanager://hush-test/json#password"});
  auto hush = spawn_hush({"run", "--refresh", "1s", "--log-format", "json", "--", "sh", "-c",
                          "echo \"start $APP_SECRET\"; exec sleep 600"},
                         options);
  REQUIRE(hush.out_line() == "start json-Secret-pw-for-hush");
  REQUIRE(hush.err_line_with({"refresh failed", "JSON nested deeper than 128 levels"}));
  hush.signal(SIGTERM);
  CHECK(hush.wait() == 128 + SIGTERM);
  CHECK_FALSE(contains(hush.err_seen(), "restarting"));
}
