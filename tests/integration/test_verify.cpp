// `hush scan --verify` against the provider peer (tests/peers/provider_peer.py), which answers as
// GitHub, GitLab, Slack, Telegram, Stripe and OpenAI do, over TLS with a CA made for the run;
// --verify-connect-to sends the providers' real hosts to it.
#include <algorithm>
#include <fstream>
#include <map>

#include "catch.hpp"
#include "git_repo.hpp"
#include "harness.hpp"
#include "provider_peer.hpp"

using namespace hush_it;

namespace {

const std::string telegram_live = "7384920165:AAh3Kq9ZtV2mX8pLwR4cN6bY1dF5gJ7sT0e";
const std::string telegram_revoked = "5293817460:AAp8Wd2Lk5Rm9Qx3Tz7Nc1Vb4Hg6Js0Yf2u";
const std::string stripe_live = "sk_live_Rt5Yw8Qp2Lm6Zx9Kc3Vb7Nh1Jd4";

}  // namespace

TEST_CASE("scan --verify tells live, invalid, throttled and slow GitHub tokens apart, asking once per token",
          "[verify]") {
  const std::string live = make_github_token(101), revoked = make_github_token(102), throttled = make_github_token(103),
                    slow = make_github_token(104);
  ProviderPeer peer({{live, "live"}, {revoked, "revoked"}, {throttled, "throttled"}, {slow, "slow"}});
  TempDir tree;
  write_file(tree / "live.env", "GITHUB_TOKEN=" + live + "\n");
  write_file(tree / "again.env", "TOKEN=" + live + "\n");
  write_file(tree / "revoked.env", "GITHUB_TOKEN=" + revoked + "\n");
  write_file(tree / "throttled.env", "GITHUB_TOKEN=" + throttled + "\n");
  write_file(tree / "slow.env", "GITHUB_TOKEN=" + slow + "\n");

  const auto result = run_hush(with({"scan", "-f", "json", "--verify-timeout", "3s", tree.str()}, peer.verify_args()));
  INFO(result.err);
  REQUIRE(result.exit_code == 1);
  const auto findings = findings_by_path(result);
  REQUIRE(findings.size() == 5);
  CHECK(findings.at("live.env")["validation"] == "live");
  CHECK(findings.at("live.env")["validation_detail"]["login"] == "hush-test-user");
  CHECK(findings.at("live.env")["validation_detail"]["scopes"] == "repo, read:org");
  CHECK(findings.at("live.env")["validation_detail"]["expires"] == "2027-01-01 00:00:00 UTC");
  CHECK(findings.at("again.env")["validation"] == "live");
  CHECK(findings.at("revoked.env")["validation"] == "invalid");
  CHECK_FALSE(findings.at("revoked.env").contains("validation_detail"));
  CHECK(findings.at("throttled.env")["validation"] == "error");
  CHECK(findings.at("throttled.env")["validation_detail"]["reason"] == "throttled (retry after 30 s)");
  CHECK(findings.at("slow.env")["validation"] == "error");
  CHECK(findings.at("slow.env")["validation_detail"]["reason"] == "timeout");
  // The token found twice was asked about once: four distinct tokens, four requests.
  const auto requests = peer.requests();
  CHECK(requests.size() == 4);
  CHECK(std::all_of(requests.begin(), requests.end(),
                    [](const std::string& r) { return r == "GET api.github.com github"; }));
  CHECK_FALSE(contains(result.out, live));
}

TEST_CASE(
    "scan --verify: Slack answers 200 for a revoked token, Stripe takes the key as basic auth, Telegram in the path",
    "[verify]") {
  const std::string slack_live = "xoxb-2847361950-3918274650183-Hq3Zt8Wm2Xp5Lk9Rv4Nc7By1",
                    slack_revoked = "xoxb-5928374615-4827361950284-Tp6Yw1Qm8Zk3Xn5Lc9Vb2Rh4";
  ProviderPeer peer({{slack_live, "live"},
                     {slack_revoked, "revoked"},
                     {telegram_live, "live"},
                     {telegram_revoked, "revoked"},
                     {stripe_live, "live"}});
  TempDir tree;
  write_file(tree / "slack-live.env", "SLACK_BOT_TOKEN=" + slack_live + "\n");
  write_file(tree / "slack-revoked.env", "SLACK_BOT_TOKEN=" + slack_revoked + "\n");
  write_file(tree / "telegram-live.env", "TELEGRAM_BOT_TOKEN=" + telegram_live + "\n");
  write_file(tree / "telegram-revoked.env", "TELEGRAM_BOT_TOKEN=" + telegram_revoked + "\n");
  write_file(tree / "stripe.env", "STRIPE_SECRET_KEY=" + stripe_live + "\n");

  const auto result = run_hush(
      with({"scan", "-f", "json", "--log-level", "debug", "--log-format", "json", tree.str()}, peer.verify_args()));
  INFO(result.err);
  REQUIRE(result.exit_code == 1);
  const auto findings = findings_by_path(result);
  REQUIRE(findings.size() == 5);
  CHECK(findings.at("slack-live.env")["validation"] == "live");
  CHECK(findings.at("slack-live.env")["validation_detail"]["team"] == "Hush Test");
  CHECK(findings.at("slack-revoked.env")["validation"] == "invalid");
  CHECK(findings.at("telegram-live.env")["validation"] == "live");
  CHECK(findings.at("telegram-live.env")["validation_detail"]["username"] == "hush_test_bot");
  CHECK(findings.at("telegram-revoked.env")["validation"] == "invalid");
  CHECK(findings.at("stripe.env")["validation"] == "live");

  // Debug logs name each request, Telegram's by its template, and never a secret.
  CHECK(contains(result.err, "https://api.telegram.org/bot{secret}/getMe"));
  CHECK(contains(result.err, "https://api.stripe.com/v1/balance"));
  for (const std::string& secret :
       std::vector<std::string>{slack_live, slack_revoked, telegram_live, telegram_revoked, stripe_live}) {
    CHECK_FALSE(contains(result.err, secret));
    CHECK_FALSE(contains(result.out, secret));
    // Nor the part after the bot id, which is the secret half of a Telegram token.
    if (secret.find(':') != std::string::npos) CHECK_FALSE(contains(result.err, secret.substr(secret.find(':') + 1)));
  }
}

TEST_CASE("scan --verify with an unreachable provider is error, and a rule without a verifier is unknown", "[verify]") {
  TempDir tree;
  write_file(tree / "gh.env", "GITHUB_TOKEN=" + make_github_token(201) + "\n");
  write_file(tree / "shop.env", "SHOPIFY_ACCESS_TOKEN=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\n");
  // Port 1 on loopback refuses the connection.
  const auto result = run_hush({"scan", "-f", "json", "--verify", "--verify-connect-to", "::127.0.0.1:1", tree.str()});
  INFO(result.err);
  REQUIRE(result.exit_code == 1);
  const auto findings = findings_by_path(result);
  REQUIRE(findings.count("gh.env") == 1);
  CHECK(findings.at("gh.env")["validation"] == "error");
  CHECK(findings.at("gh.env")["validation_detail"]["reason"] == "unreachable");
  REQUIRE(findings.count("shop.env") == 1);  // a Shopify token needs its shop's host: no verifier
  CHECK(findings.at("shop.env")["validation"] == "unknown");
}

TEST_CASE("scan --only-verified reports only live findings, --fail-on live exits 1 only for them", "[verify]") {
  const std::string live = make_github_token(301), revoked = make_github_token(302);
  ProviderPeer peer({{live, "live"}, {revoked, "revoked"}});
  TempDir both, dead;
  write_file(both / "live.env", "GITHUB_TOKEN=" + live + "\n");
  write_file(both / "revoked.env", "GITHUB_TOKEN=" + revoked + "\n");
  write_file(dead / "revoked.env", "GITHUB_TOKEN=" + revoked + "\n");

  const auto only = run_hush(with({"scan", "-f", "json", "--only-verified", both.str()}, peer.verify_args()));
  INFO(only.err);
  CHECK(only.exit_code == 1);
  const auto findings = parse_json(only.out)["findings"];
  REQUIRE(findings.size() == 1);
  CHECK(findings[0]["path"] == "live.env");

  const auto dead_any = run_hush(with({"scan", "-f", "json", dead.str()}, peer.verify_args()));
  CHECK(dead_any.exit_code == 1);
  const auto dead_live = run_hush(with({"scan", "-f", "json", "--fail-on", "live", dead.str()}, peer.verify_args()));
  CHECK(dead_live.exit_code == 0);
  CHECK(parse_json(dead_live.out)["findings"].size() == 1);  // still reported, only the exit code changes
  const auto both_live = run_hush(with({"scan", "-f", "json", "--fail-on", "live", both.str()}, peer.verify_args()));
  CHECK(both_live.exit_code == 1);

  CHECK(run_hush({"scan", "--only-verified", dead.str()}).exit_code == 2);  // needs --verify
  CHECK(run_hush(with({"scan", "--fail-on", "some", dead.str()}, peer.verify_args())).exit_code == 2);
}

TEST_CASE("scan --verify in SARIF raises a live finding to error, text and JUnit show the state", "[verify]") {
  const std::string live = make_github_token(401);
  ProviderPeer peer({{live, "live"}});
  TempDir tree;
  // A low-severity rule would otherwise be a note: the test token is a GitHub one, high already,
  // so check the property and the level together.
  write_file(tree / "live.env", "GITHUB_TOKEN=" + live + "\n");
  const auto sarif = run_hush(with({"scan", "-f", "sarif", tree.str()}, peer.verify_args()));
  const auto doc = parse_json(sarif.out);
  const auto& result = doc["runs"][0]["results"][0];
  CHECK(result["level"] == "error");
  CHECK(result["properties"]["validation"] == "live");
  CHECK(contains(result["properties"]["validationDetail"].get<std::string>(), "login hush-test-user"));

  const auto text = run_hush(with({"scan", "--color", "never", tree.str()}, peer.verify_args()));
  INFO(text.out);
  // Details in name order (a TOML table's).
  CHECK(contains(text.out, "[live: expires 2027-01-01 00:00:00 UTC, login hush-test-user, scopes repo, read:org]"));
  const auto junit = run_hush(with({"scan", "-f", "junit", tree.str()}, peer.verify_args()));
  INFO(junit.out);
  CHECK(contains(junit.out, "validation: live"));
  CHECK(contains(junit.out, "validation detail: expires 2027-01-01 00:00:00 UTC, login hush-test-user"));
  // Every scan mode verifies: standard input too.
  RunOptions stdin_input;
  stdin_input.stdin_data = "GITHUB_TOKEN=" + live + "\n";
  const auto from_stdin = run_hush(with({"scan", "-f", "jsonl", "-"}, peer.verify_args()), stdin_input);
  CHECK(contains(from_stdin.out, "\"validation\":\"live\""));
}

TEST_CASE("scan --verify in Git history, range and staged scans", "[verify]") {
  const std::string live = make_github_token(601), revoked = make_github_token(602);
  ProviderPeer peer({{live, "live"}, {revoked, "revoked"}});
  Repo repo;
  repo.write("a.env", "GITHUB_TOKEN=" + live + "\n");
  const std::string base = repo.commit_all("add a token");
  repo.write("b.env", "GITHUB_TOKEN=" + revoked + "\n");
  repo.commit_all("add another");
  repo.write("c.env", "TOKEN=" + live + "\n");
  repo.git({"add", "c.env"});

  const auto history = validations(run_hush(with({"scan", "-f", "json", "--git", repo.str()}, peer.verify_args())));
  CHECK(history == std::map<std::string, std::string>{{"a.env", "live"}, {"b.env", "invalid"}});
  const auto range =
      validations(run_hush(with({"scan", "-f", "json", "--range", base + "..HEAD", repo.str()}, peer.verify_args())));
  CHECK(range == std::map<std::string, std::string>{{"b.env", "invalid"}});
  const auto staged = validations(run_hush(with({"scan", "-f", "json", "--staged", repo.str()}, peer.verify_args())));
  CHECK(staged == std::map<std::string, std::string>{{"c.env", "live"}});
}

TEST_CASE("scan --verify signs STS GetCallerIdentity with an AWS key pair found in one file", "[verify]") {
  const std::string key_id = "AKIAQ3X7RZ5TWM2KP4NV", secret = "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";
  const std::string other_id = "AKIAW5N2ZQ7XR3TY6KPM", wrong_secret = "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";
  // The peer knows other_id with another secret: a signature made with wrong_secret does not match.
  ProviderPeer peer(
      {{key_id + ":" + secret, "live"}, {other_id + ":" + "Q1w2E3r4T5y6U7i8O9p0A1s2D3f4G5h6J7k8L9z0", "live"}});
  TempDir tree;
  write_file(tree / "live.csv", "deploy,," + key_id + "," + secret + "\n");
  write_file(tree / "wrong.csv", "ci,," + other_id + "," + wrong_secret + "\n");
  write_file(tree / "alone.env", "aws_secret_access_key = Z8m3Kq7Wx2Lp9Rv4Tn6Bc1Jd5Fh0Gs+Ya/Ue3Wt1\n");

  const auto result = run_hush(with({"scan", "-f", "json", "--log-level", "debug", tree.str()}, peer.verify_args()));
  INFO(result.err);
  REQUIRE(result.exit_code == 1);
  std::map<std::string, nlohmann::json> pairs;
  const auto report = parse_json(result.out);
  for (const auto& f : report["findings"])
    if (f["rule_id"] != "aws-access-key-id") pairs[f["path"].get<std::string>()] = f;
  REQUIRE(pairs.size() == 3);
  CHECK(pairs.at("live.csv")["validation"] == "live");
  CHECK(pairs.at("live.csv")["validation_detail"]["account"] == "123456789012");
  CHECK(pairs.at("live.csv")["validation_detail"]["arn"] == "arn:aws:iam::123456789012:user/hush-test");
  CHECK(pairs.at("wrong.csv")["validation"] == "invalid");
  CHECK(pairs.at("alone.env")["validation"] == "unknown");
  CHECK(pairs.at("alone.env")["validation_detail"]["reason"] == "no access key id in the same file");
  CHECK(peer.requests() == std::vector<std::string>{"POST sts.amazonaws.com sts", "POST sts.amazonaws.com sts"});
  CHECK_FALSE(contains(result.err, secret));
  CHECK_FALSE(contains(result.err, wrong_secret));
}

TEST_CASE("a scan without --verify never loads libcurl, with it, it does", "[verify]") {
  TempDir tree;
  write_file(tree / "gh.env", "GITHUB_TOKEN=" + make_github_token(501) + "\n");
  const auto plain = run_hush_traced({"scan", "--no-cache", tree.str()});
  CHECK(plain.exit_code == 1);
  CHECK_FALSE(contains(plain.err, "file=libcurl"));
  const auto verified =
      run_hush_traced({"scan", "--no-cache", "--verify", "--verify-connect-to", "::127.0.0.1:1", tree.str()});
  CHECK(contains(verified.err, "file=libcurl"));
}

namespace {

// A JSON report's findings of the rules whose id starts with `prefix`, by path (one a path): a
// file may hold findings of other rules too (a URL's credentials, a private key's decoded block).
std::map<std::string, nlohmann::json> findings_of(const RunResult& result, const std::string& prefix) {
  INFO(result.err);
  std::map<std::string, nlohmann::json> out;
  const auto report = parse_json(result.out);
  for (const auto& f : report["findings"])
    if (f["rule_id"].get<std::string>().starts_with(prefix)) out[f["path"].get<std::string>()] = f;
  return out;
}

// `hush scan --verify` of `tree` against `peer`, logging at debug level, with no verification
// cache; the scan must find something (exit 1).
RunResult verified_at_debug(const ProviderPeer& peer, const TempDir& tree) {
  const auto result = run_hush(
      with({"scan", "-f", "json", "--log-level", "debug", "--no-verify-cache", tree.str()}, peer.verify_args()));
  INFO(result.err);
  REQUIRE(result.exit_code == 1);
  return result;
}

}  // namespace

TEST_CASE("scan --verify asks Twilio with the account SID found beside the auth token, a token without one is unknown",
          "[verify]") {
  const std::string sid = "AC3f9d2b7e1c5a8046d9e2b7c1f5a3d8e0", token = "9c4e7a1f3b8d2e6c0a5f9b3d7e1c4a8f";
  const std::string other_sid = "AC8b2e5f1a9d3c7e0b4f8a2d6c1e5b9f3a", wrong_token = "2f7c9a4e1b6d8f3a0c5e9b2d7f1a4c6e";
  // The peer knows other_sid with another token: basic auth with wrong_token is refused.
  ProviderPeer peer({{sid + ":" + token, "live"}, {other_sid + ":5e1a9c3f7b2d6e0a4c8f1b5d9e3a7c2f", "live"}});
  TempDir tree;
  write_file(tree / "live.env", "TWILIO_ACCOUNT_SID=" + sid + "\nTWILIO_AUTH_TOKEN=" + token + "\n");
  write_file(tree / "wrong.env", "TWILIO_AUTH_TOKEN=" + wrong_token + "\nTWILIO_ACCOUNT_SID=" + other_sid + "\n");
  write_file(tree / "alone.env", "TWILIO_AUTH_TOKEN=b3e8f1a6c9d2e5b7a0f4c8e1d3b6a9f2\n");
  write_file(tree / "url.txt", "TWILIO_URL=https://" + sid + ":" + token + "@api.twilio.com/2010-04-01/Accounts\n");
  // An API key's secret is not its account's auth token: not asked about with the SID nearby.
  write_file(
      tree / "key.txt",
      "TWILIO_ACCOUNT_SID=" + sid +
          "\nTWILIO_URL=https://SK6d1f8b3e9a2c7e5f0b4d8a1c6e3f9b2d:Xk4mR9pL2vQ7wN3zT8bY5cH1jF6dG0sA@api.twilio.com\n");

  const auto result = verified_at_debug(peer, tree);
  const auto findings = findings_of(result, "twilio-");
  REQUIRE(findings.size() == 5);
  CHECK(findings.at("key.txt")["rule_id"] == "twilio-credential-pair");
  CHECK(findings.at("key.txt")["validation"] == "unknown");
  CHECK(findings.at("live.env")["rule_id"] == "twilio-auth-token");
  CHECK(findings.at("live.env")["validation"] == "live");
  CHECK(findings.at("live.env")["validation_detail"]["account"] == "Hush Test");
  CHECK(findings.at("live.env")["validation_detail"]["status"] == "active");
  CHECK(findings.at("url.txt")["rule_id"] == "twilio-credential-pair");
  CHECK(findings.at("url.txt")["validation"] == "live");
  CHECK(findings.at("wrong.env")["validation"] == "invalid");
  CHECK(findings.at("alone.env")["validation"] == "unknown");
  CHECK(findings.at("alone.env")["validation_detail"]["reason"] == "no account SID in the same file");
  // The account SID is an identifier: the report shows it only where the file's line does.
  CHECK_FALSE(contains(result.out, "partner"));
  CHECK(peer.requests() == std::vector<std::string>(3, "GET api.twilio.com twilio"));
  CHECK_FALSE(contains(result.err, token));
  CHECK_FALSE(contains(result.err, wrong_token));
}

namespace {

// An RSA key made for the test (PKCS#8 PEM, as service-account files hold), and its public key.
struct TestRsaKey {
  std::string pem, public_key_file;
  TestRsaKey(const TempDir& dir, const std::string& name) {
    const std::string key_file = (dir / (name + ".pem")).string();
    public_key_file = (dir / (name + ".pub")).string();
    const auto made =
        run_program("openssl", {"genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", key_file});
    REQUIRE(made.exit_code == 0);
    REQUIRE(run_program("openssl", {"pkey", "-in", key_file, "-pubout", "-out", public_key_file}).exit_code == 0);
    pem = read_file(key_file);
  }
};

// A service-account key file in the shape Google issues, its fields in Google's order.
std::string service_account_json(const std::string& pem, const std::string& email, const std::string& token_uri) {
  nlohmann::ordered_json key = {{"type", "service_account"},
                                {"project_id", "hush-test"},
                                {"private_key_id", "5c1f3a8e2b7d9f4c6a0e1b5d8f2a7c3e9b4d6f1a"},
                                {"private_key", pem}};
  if (!email.empty()) key["client_email"] = email;
  key["client_id"] = "108429356172849301726";
  key["token_uri"] = token_uri;
  return key.dump(2) + "\n";
}

}  // namespace

TEST_CASE("scan --verify signs a JWT with a service-account key and exchanges it at Google's token endpoint only",
          "[verify]") {
  TempDir keys;
  const TestRsaKey key(keys, "live"), other(keys, "other");
  const std::string account = "scanner@hush-test.iam.gserviceaccount.com";
  ProviderPeer peer({{account, "live"}}, {"--gcp-key", account + "=" + key.public_key_file});
  TempDir tree;
  // A hostile file names its own token endpoint: hush never sends a signed assertion there.
  write_file(tree / "live" / "sa.json", service_account_json(key.pem, account, "https://token.attacker.test/token"));
  write_file(tree / "wrong" / "sa.json",
             service_account_json(other.pem, account, "https://oauth2.googleapis.com/token"));
  write_file(tree / "alone" / "sa.json", service_account_json(key.pem, "", "https://oauth2.googleapis.com/token"));

  const auto result = verified_at_debug(peer, tree);
  const auto findings = findings_of(result, "gcp-");
  REQUIRE(findings.size() == 3);
  CHECK(findings.at("live/sa.json")["rule_id"] == "gcp-service-account-key");
  CHECK(findings.at("live/sa.json")["validation"] == "live");
  CHECK(findings.at("live/sa.json")["validation_detail"]["account"] == account);
  CHECK(findings.at("wrong/sa.json")["validation"] == "invalid");
  CHECK(findings.at("alone/sa.json")["validation"] == "unknown");
  CHECK(findings.at("alone/sa.json")["validation_detail"]["reason"] == "no client_email in the same file");
  CHECK(peer.requests() == std::vector<std::string>(2, "POST oauth2.googleapis.com gcp"));
  // No line of either key, and not the access token the exchange returned.
  const std::string key_line = key.pem.substr(key.pem.find('\n') + 1, 64),
                    other_line = other.pem.substr(other.pem.find('\n') + 1, 64);
  for (const std::string* text : {&result.out, &result.err}) {
    CHECK_FALSE(contains(*text, key_line));
    CHECK_FALSE(contains(*text, other_line));
    CHECK_FALSE(contains(*text, "ya29.peer-minted"));
    CHECK_FALSE(contains(*text, "attacker"));
  }

  // With a gcp endpoint given, the exchange goes there instead.
  const auto elsewhere = run_hush(with({"scan", "-f", "json", "--no-verify-cache", "--verify-endpoint",
                                        "gcp=https://gcp-token.test", (tree / "live").string()},
                                       peer.verify_args()));
  const auto there = findings_of(elsewhere, "gcp-");
  REQUIRE(there.size() == 1);
  CHECK(there.begin()->second["validation"] == "live");
  CHECK(peer.requests().back() == "POST gcp-token.test gcp-endpoint");
}
