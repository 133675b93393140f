// Every rule that declares a verifier is asked about live and revoked secrets against the provider
// peer, which learns each verifier's shape (method, host, path, headers, basic auth, body) from the
// rule files themselves (--rules): a verifier hush cannot send as declared, or one whose rule's
// examples give nothing to ask about, fails here. The secrets are the rule's own examples.
#include <map>
#include <set>

#include "catch.hpp"
#include "harness.hpp"
#include "hush/scanner/config.hpp"
#include "provider_peer.hpp"

using namespace hush_it;

namespace {

const std::string rules_dir = std::string(HUSH_SOURCE_DIR) + "/rules";

// The host a verifier's requests go to: its URL's, or PROVIDER.verify.test for a host the user gives.
std::string host_of(const hush::scanner::RuleVerifier& v) {
  if (v.url.starts_with("{endpoint}")) return v.provider + ".verify.test";
  const std::string rest = v.url.substr(std::string("https://").size());
  return rest.substr(0, rest.find('/'));
}

}  // namespace

TEST_CASE("every declared verifier tells a live secret from a revoked one, as the peer reads the rule",
          "[verify][verify-coverage]") {
  std::vector<hush::scanner::Rule> verified;
  // Pairs (a partner found beside the secret: Twilio, AWS, GCP service accounts) need both halves
  // known to the peer; their live and invalid cases are in test_verify.cpp.
  for (auto& rule : hush::scanner::load_rules_path(rules_dir))
    if (!rule.verify.empty() && rule.verify.partner.empty()) verified.push_back(std::move(rule));
  REQUIRE(verified.size() >= 70);

  // Each rule's examples in a directory of its own; what the scan finds there for that rule is
  // what gets verified.
  TempDir tree;
  std::set<std::string> hosts;
  std::vector<std::string> endpoint_args;
  for (const auto& rule : verified) {
    for (std::size_t i = 0; i < rule.examples.size(); ++i)
      write_file(tree / rule.id / ("example" + std::to_string(i) + ".txt"), rule.examples[i] + "\n");
    hosts.insert(host_of(rule.verify));
    if (rule.verify.url.starts_with("{endpoint}")) {
      endpoint_args.push_back("--verify-endpoint");
      endpoint_args.push_back(rule.verify.provider + "=https://" + host_of(rule.verify));
    }
  }
  const auto found = run_hush({"scan", "-f", "json", "--reveal", "--min-confidence", "low", tree.str()});
  INFO(found.err);
  REQUIRE(found.exit_code == 1);
  std::map<std::string, std::vector<std::string>> secrets;  // rule id -> its secrets found in its own directory
  const auto report = parse_json(found.out);
  for (const auto& f : report["findings"]) {
    const std::string path = f["path"].get<std::string>(), rule = f["rule_id"].get<std::string>();
    if (path.substr(0, path.find('/')) == rule) secrets[rule].push_back(f["secret"].get<std::string>());
  }
  std::map<std::string, std::string> tokens;
  for (const auto& rule : verified) {
    INFO("rule " << rule.id << ": its examples give no finding of its own to verify");
    CHECK(secrets.count(rule.id) == 1);
    for (const auto& secret : secrets[rule.id]) tokens[secret] = "live";
  }

  const std::vector<std::string> host_list(hosts.begin(), hosts.end());
  std::string last_log;  // what the last verifying run said on stderr, for a failure's message
  const auto verify_all = [&](const ProviderPeer& peer) {
    std::vector<std::string> args = {
        "scan", "-f", "json", "--min-confidence", "low", "--no-verify-cache", "--verify-timeout", "60s"};
    args.insert(args.end(), endpoint_args.begin(), endpoint_args.end());
    args = with(args, peer.verify_args());
    args.push_back(tree.str());
    const auto result = run_hush(args);
    last_log = result.err;
    INFO(result.err);
    CHECK(result.exit_code == 1);
    std::map<std::string, std::set<std::string>> states;  // rule id -> the states of its own findings
    const auto verified_report = parse_json(result.out);
    for (const auto& f : verified_report["findings"]) {
      const std::string path = f["path"].get<std::string>(), rule = f["rule_id"].get<std::string>();
      if (path.substr(0, path.find('/')) == rule) states[rule].insert(f["validation"].get<std::string>());
    }
    return states;
  };
  // Every rule's own findings, all in `state`.
  const auto expect_all = [&](const std::map<std::string, std::set<std::string>>& states, const std::string& state) {
    for (const auto& rule : verified) {
      if (!secrets.count(rule.id)) continue;
      INFO("rule " << rule.id << " with a secret the peer takes for " << state);
      INFO("hush said: " << last_log);
      CHECK(states.count(rule.id) == 1);
      if (states.count(rule.id)) CHECK(states.at(rule.id) == std::set<std::string>{state});
    }
  };
  expect_all(verify_all(ProviderPeer(tokens, {"--rules", rules_dir}, host_list)), "live");
  expect_all(verify_all(ProviderPeer({}, {"--rules", rules_dir}, host_list)), "invalid");
}
