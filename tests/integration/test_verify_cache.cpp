// `hush scan --verify` keeps verdicts (README, "Verification"): a second run asks nothing it knows,
// an error is asked again, the cache holds no secret and no plain fingerprint, and a damaged cache
// is warned about and replaced.
#include <sys/stat.h>

#include <algorithm>
#include <map>
#include <set>

#include "catch.hpp"
#include "harness.hpp"
#include "provider_peer.hpp"

using namespace hush_it;

namespace {

unsigned mode_of(const fs::path& path) {
  struct stat st {};
  REQUIRE(::stat(path.c_str(), &st) == 0);
  return st.st_mode & 07777;
}

}  // namespace

TEST_CASE("scan --verify caches live and invalid verdicts, never an error, and never the secret",
          "[verify][verify-cache]") {
  const std::string live = make_github_token(701), revoked = make_github_token(702), throttled = make_github_token(703);
  ProviderPeer peer({{live, "live"}, {revoked, "revoked"}, {throttled, "throttled"}});
  TempDir tree, cache;
  write_file(tree / "live.env", "GITHUB_TOKEN=" + live + "\n");
  write_file(tree / "revoked.env", "GITHUB_TOKEN=" + revoked + "\n");
  write_file(tree / "throttled.env", "GITHUB_TOKEN=" + throttled + "\n");
  RunOptions in_cache;
  in_cache.cache_dir = cache.path();
  const auto scan = [&](std::vector<std::string> more) {
    return run_hush(
        with(with({"scan", "-f", "json", "--enable-rule", "github-pat", tree.str()}, peer.verify_args()), more),
        in_cache);
  };
  const std::map<std::string, std::string> expected = {
      {"live.env", "live"}, {"revoked.env", "invalid"}, {"throttled.env", "error"}};

  const auto first = scan({});
  CHECK(validations(first) == expected);
  CHECK(peer.requests().size() == 3);

  // Asked again: only the throttled token, whose error was not kept; the live one keeps its details.
  const auto second = scan({"--log-level", "debug", "--log-format", "json"});
  CHECK(validations(second) == expected);
  CHECK(peer.requests().size() == 4);
  const auto findings = parse_json(second.out)["findings"];
  const auto live_finding =
      std::find_if(findings.begin(), findings.end(), [](const auto& f) { return f["path"] == "live.env"; });
  REQUIRE(live_finding != findings.end());
  CHECK((*live_finding)["validation_detail"]["login"] == "hush-test-user");
  CHECK(contains(second.err, "\"cached\":\"true\""));
  for (const std::string& secret : {live, revoked, throttled}) CHECK_FALSE(contains(second.err, secret));

  // The cache and its key are the owner's only, and the cache holds neither a secret nor the
  // report's fingerprint (which anyone can compute for a guessed secret).
  const fs::path results = cache / "verify-results.json", key = cache / "verify-results.key";
  REQUIRE(fs::exists(results));
  REQUIRE(fs::exists(key));
  CHECK(mode_of(results) == 0600);
  CHECK(mode_of(key) == 0600);
  const std::string stored = read_file(results);
  for (const std::string& secret : {live, revoked, throttled}) CHECK_FALSE(contains(stored, secret));
  for (const auto& f : findings) CHECK_FALSE(contains(stored, f["fingerprint"].get<std::string>()));
  CHECK(contains(stored, "hush-test-user"));  // what the report shows anyway

  // --no-verify-cache asks everything again; a TTL the entries are older than does too.
  CHECK(validations(scan({"--no-verify-cache"})) == expected);
  CHECK(peer.requests().size() == 7);
  CHECK(validations(scan({"--verify-cache-ttl", "1ms"})) == expected);
  CHECK(peer.requests().size() == 10);
  // [verify] cache = false in the configuration does the same; the command line's TTL wins over its.
  write_file(tree / ".hush.toml", "[verify]\ncache = false\n");
  CHECK(validations(scan({})) == expected);
  CHECK(peer.requests().size() == 13);
  write_file(tree / ".hush.toml", "[verify]\ncache_ttl = \"1ms\"\n");
  CHECK(validations(scan({})) == expected);
  CHECK(peer.requests().size() == 16);
  CHECK(validations(scan({"--verify-cache-ttl", "1h"})) == expected);
  CHECK(peer.requests().size() == 17);
}

TEST_CASE("a damaged verification cache is ignored with a warning and replaced", "[verify][verify-cache]") {
  const std::string live = make_github_token(711);
  ProviderPeer peer({{live, "live"}});
  TempDir tree, cache;
  write_file(tree / "live.env", "GITHUB_TOKEN=" + live + "\n");
  RunOptions in_cache;
  in_cache.cache_dir = cache.path();
  const auto scan = [&] {
    return run_hush(with({"scan", "-f", "json", "--enable-rule", "github-pat", tree.str()}, peer.verify_args()),
                    in_cache);
  };
  CHECK(validations(scan()) == std::map<std::string, std::string>{{"live.env", "live"}});
  CHECK(peer.requests().size() == 1);

  for (const std::string& damage :
       {std::string("{\"format\":"), std::string("[1,2,3]"), std::string("\x89PNG\r\n\x1a\n", 8),
        std::string("{\"format\":\"hush-verify-cache-1\",\"entries\":[{\"key\":1}]}")}) {
    write_file(cache / "verify-results.json", damage);
    const auto before = peer.requests().size();
    const auto damaged = scan();
    CHECK(validations(damaged) == std::map<std::string, std::string>{{"live.env", "live"}});
    CHECK(contains(damaged.err, "verification cache damaged"));
    CHECK(peer.requests().size() == before + 1);
    // Rewritten whole: the next run asks nothing and warns about nothing.
    const auto repaired = scan();
    CHECK_FALSE(contains(repaired.err, "damaged"));
    CHECK(peer.requests().size() == before + 1);
  }
  // A damaged key starts a new cache: what was kept under the old key is asked again.
  write_file(cache / "verify-results.key", "not a key\n");
  const auto before = peer.requests().size();
  const auto new_key = scan();
  CHECK(contains(new_key.err, "verification cache key damaged"));
  CHECK(peer.requests().size() == before + 1);
}

TEST_CASE("two scans verifying at once both leave their verdicts in the cache", "[verify][verify-cache]") {
  const std::string first = make_github_token(721), second = make_github_token(722);
  // The peer holds the first requests until both are in flight: each scan has read the cache
  // before either writes it, as two CI jobs of one push do.
  ProviderPeer peer({{first, "live"}, {second, "revoked"}}, {"--hold", "github=2"});
  TempDir one, two, cache;
  write_file(one / "a.env", "GITHUB_TOKEN=" + first + "\n");
  write_file(two / "b.env", "GITHUB_TOKEN=" + second + "\n");
  RunOptions in_cache;
  in_cache.cache_dir = cache.path();
  const auto scan_of = [&](const TempDir& tree) {
    return with({"scan", "-f", "json", "--enable-rule", "github-pat", tree.str()}, peer.verify_args());
  };
  Spawned scan_one(HUSH_BINARY, scan_of(one), in_cache), scan_two(HUSH_BINARY, scan_of(two), in_cache);
  CHECK(scan_one.wait() == 1);
  CHECK(scan_two.wait() == 1);
  REQUIRE(peer.requests().size() == 2);
  CHECK(peer.stats()["github"]["max_in_flight"] == 2);

  // A third scan of both finds both verdicts in the cache and asks nothing.
  const auto again =
      run_hush(with({"scan", "-f", "json", "--enable-rule", "github-pat", "--log-level", "debug", one.str(), two.str()},
                    peer.verify_args()),
               in_cache);
  INFO(again.err);
  CHECK(peer.requests().size() == 2);
  CHECK(contains(again.err, "requests=0 cached=2"));
  const auto report = parse_json(again.out);
  std::multiset<std::string> states;
  for (const auto& f : report["findings"]) states.insert(f["validation"].get<std::string>());
  CHECK(states == std::multiset<std::string>{"invalid", "live"});
}
