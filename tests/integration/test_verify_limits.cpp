// `hush scan --verify` keeps each provider within its limits: requests in flight (the peer holds
// requests until as many as the limit are in flight, and records the most it saw), requests per
// second, and a 429's Retry-After, waited out only when the answer can still come in time.
#include <map>
#include <random>

#include "catch.hpp"
#include "harness.hpp"
#include "provider_peer.hpp"

using namespace hush_it;

namespace {

// An OpenAI key of the legacy shape (T3BlbkFJ in the middle), different for each seed.
std::string make_openai_key(std::uint32_t seed) {
  static constexpr char alphabet[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  std::mt19937 rng(seed);
  std::uniform_int_distribution<int> pick(0, 61);
  std::string key = "sk-";
  for (int i = 0; i < 20; ++i) key.push_back(alphabet[pick(rng)]);
  key += "T3BlbkFJ";
  for (int i = 0; i < 20; ++i) key.push_back(alphabet[pick(rng)]);
  return key;
}

}  // namespace

TEST_CASE("scan --verify keeps each provider's requests in flight within its limit, providers side by side",
          "[verify][verify-limits]") {
  std::map<std::string, std::string> tokens;
  TempDir tree;
  std::map<std::string, std::string> expected;
  for (std::uint32_t i = 0; i < 9; ++i) {
    const std::string token = make_github_token(800 + i);
    tokens[token] = "live";
    write_file(tree / ("gh" + std::to_string(i) + ".env"), "GITHUB_TOKEN=" + token + "\n");
    expected["gh" + std::to_string(i) + ".env"] = "live";
  }
  for (std::uint32_t i = 0; i < 8; ++i) {
    const std::string key = make_openai_key(900 + i);
    tokens[key] = "live";
    write_file(tree / ("ai" + std::to_string(i) + ".env"), "OPENAI_API_KEY=" + key + "\n");
    expected["ai" + std::to_string(i) + ".env"] = "live";
  }
  // GitHub limited to 3 by the configuration, OpenAI at the default of 4. The peer releases each
  // provider's first requests only when that many are in flight: a client that kept fewer would
  // wait out --hold-seconds and show fewer, one that kept more would show more.
  write_file(tree / ".hush.toml", "[verify.providers.github]\nconcurrency = 3\n");
  ProviderPeer peer(tokens, {"--hold", "github=3", "--hold", "openai=4", "--hold-seconds", "5"});
  const auto result = run_hush(
      with({"scan", "-f", "json", "--no-verify-cache", "--verify-timeout", "30s", tree.str()}, peer.verify_args()));
  CHECK(validations(result) == expected);
  const auto stats = peer.stats();
  INFO(stats.dump());
  CHECK(stats["github"]["max_in_flight"] == 3);
  CHECK(stats["openai"]["max_in_flight"] == 4);
  CHECK(stats["github"]["starts"].size() == 9);
  CHECK(stats["openai"]["starts"].size() == 8);
}

TEST_CASE("scan --verify starts a provider's requests no faster than its rate", "[verify][verify-limits]") {
  std::map<std::string, std::string> tokens;
  TempDir tree;
  for (std::uint32_t i = 0; i < 5; ++i) {
    const std::string token = make_github_token(850 + i);
    tokens[token] = "live";
    write_file(tree / ("gh" + std::to_string(i) + ".env"), "GITHUB_TOKEN=" + token + "\n");
  }
  // Five requests at 4 a second, two at once: the first two together, then one every 250 ms.
  write_file(tree / ".hush.toml", "[verify]\nrate = 4\nconcurrency = 2\n");
  ProviderPeer peer(tokens);
  const auto result = run_hush(with({"scan", "-f", "json", "--no-verify-cache", tree.str()}, peer.verify_args()));
  CHECK(validations(result).size() == 5);
  auto starts = peer.stats()["github"]["starts"].get<std::vector<double>>();
  REQUIRE(starts.size() == 5);
  std::sort(starts.begin(), starts.end());
  // A lower bound only: hush may be slower, never faster (a little slack for the first request's
  // TLS handshake, which delays its arrival more than the others').
  CHECK(starts.back() - starts.front() >= 0.75 - 0.1);
}

TEST_CASE("scan --verify waits out a 429's Retry-After when it ends before the deadline, else reports throttled",
          "[verify][verify-limits]") {
  const std::string token = make_github_token(870);
  TempDir tree;
  write_file(tree / "gh.env", "GITHUB_TOKEN=" + token + "\n");
  {
    ProviderPeer peer({{token, "throttled-once"}});  // 429 with Retry-After: 1, then live
    const auto waited = run_hush(
        with({"scan", "-f", "json", "--no-verify-cache", "--verify-timeout", "10s", "--log-level", "debug", tree.str()},
             peer.verify_args()));
    CHECK(validations(waited) == std::map<std::string, std::string>{{"gh.env", "live"}});
    CHECK(contains(waited.err, "provider throttles, waiting as asked"));
    CHECK_FALSE(contains(waited.err, token));
    CHECK(peer.requests().size() == 2);
  }
  {
    ProviderPeer peer({{token, "throttled-once"}});
    const auto short_deadline = run_hush(
        with({"scan", "-f", "json", "--no-verify-cache", "--verify-timeout", "500ms", tree.str()}, peer.verify_args()));
    CHECK(validations(short_deadline) == std::map<std::string, std::string>{{"gh.env", "error"}});
    CHECK(contains(short_deadline.out, "throttled (retry after 1 s)"));
    CHECK(peer.requests().size() == 1);
  }
}

TEST_CASE("[verify] limits in .hush.toml are checked", "[verify][verify-limits]") {
  TempDir tree;
  write_file(tree / "a.txt", "nothing\n");
  for (const char* bad :
       {"[verify]\nconcurrency = 0\n", "[verify]\nrate = -1\n", "[verify.providers.github]\nburst = 2\n",
        "[verify]\ncache_ttl = \"soon\"\n", "[verify]\ntimout = \"1s\"\n"}) {
    write_file(tree / ".hush.toml", bad);
    const auto result = run_hush({"scan", tree.str()});
    INFO(bad);
    INFO(result.err);
    CHECK(result.exit_code == 2);
  }
}

TEST_CASE("scan --verify tries again after a dropped connection or a 5xx, within the deadline",
          "[verify][verify-limits]") {
  const std::string dropped = make_github_token(880), unavailable = make_github_token(881);
  TempDir tree;
  write_file(tree / "dropped.env", "GITHUB_TOKEN=" + dropped + "\n");
  write_file(tree / "unavailable.env", "GITHUB_TOKEN=" + unavailable + "\n");
  // The first request of each token fails (no answer at all, or 503), the next is answered.
  ProviderPeer peer({{dropped, "drop-once"}, {unavailable, "unavailable-once"}});
  const auto result = run_hush(
      with({"scan", "-f", "json", "--no-verify-cache", "--verify-timeout", "10s", "--log-level", "debug", tree.str()},
           peer.verify_args()));
  CHECK(validations(result) ==
        std::map<std::string, std::string>{{"dropped.env", "live"}, {"unavailable.env", "live"}});
  CHECK(contains(result.err, "provider did not answer, trying again"));
  CHECK_FALSE(contains(result.err, dropped));
  CHECK(peer.requests().size() == 4);
}
