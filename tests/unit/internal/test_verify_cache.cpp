// The verdict cache's keys and times, the [verify] settings and how the command line overrides
// them, and which endpoints are accepted.
#include <chrono>

#include "catch.hpp"
#include "hush/common/error.hpp"
#include "hush/scanner/config.hpp"
#include "hush/verify/verify.hpp"
#include "result_cache.hpp"
#include "test_support.hpp"

using namespace hush;
using namespace std::chrono_literals;
using verify::detail::ResultCache;
using verify::detail::Verdict;

TEST_CASE("the verdict cache keeps live and invalid verdicts for their time, under a key of its own", "[verify]") {
  test::TempDir dir;
  const auto t0 = ResultCache::Clock::time_point(std::chrono::hours(500000));
  std::string live_key, invalid_key;
  {
    ResultCache cache(dir.path(), 1h, t0, Logger::null());
    live_key = cache.key_of("github-pat", "https://api.github.com/user", "", "ghp_secret");
    invalid_key = cache.key_of("github-pat", "https://api.github.com/user", "", "ghp_other");
    CHECK(live_key != invalid_key);
    // The endpoint and the paired key id are part of the question.
    CHECK(live_key != cache.key_of("github-pat", "https://ghe.example/api/v3/user", "", "ghp_secret"));
    CHECK(live_key != cache.key_of("github-pat", "https://api.github.com/user", "AKIA", "ghp_secret"));
    cache.put(live_key, Verdict{verify::State::live, {{"login", "ann"}}});
    cache.put(invalid_key, Verdict{verify::State::invalid, {}});
    cache.put(cache.key_of("r", "u", "", "a"), Verdict{verify::State::error, {{"reason", "timeout"}}});
    cache.put(cache.key_of("r", "u", "", "b"), Verdict{verify::State::unknown, {}});
    cache.save();
  }
  {
    ResultCache cache(dir.path(), 1h, t0 + 59min, Logger::null());
    CHECK(cache.key_of("github-pat", "https://api.github.com/user", "", "ghp_secret") == live_key);  // the key is kept
    const Verdict* live = cache.find(live_key);
    REQUIRE(live);
    CHECK(live->state == verify::State::live);
    CHECK(live->detail == std::vector<scanner::NamedText>{{"login", "ann"}});
    REQUIRE(cache.find(invalid_key));
    CHECK(cache.find(cache.key_of("r", "u", "", "a")) == nullptr);
    CHECK(cache.find(cache.key_of("r", "u", "", "b")) == nullptr);
  }
  CHECK(ResultCache(dir.path(), 1h, t0 + 1h, Logger::null()).find(live_key) == nullptr);    // expired
  CHECK(ResultCache(dir.path(), 1h, t0 - 1min, Logger::null()).find(live_key) == nullptr);  // from the future
  // Another cache directory has another key: the same question hashes differently.
  test::TempDir other;
  CHECK(ResultCache(other.path(), 1h, t0, Logger::null())
            .key_of("github-pat", "https://api.github.com/user", "", "ghp_secret") != live_key);
}

TEST_CASE("scans saving the verdict cache at once keep each other's answers", "[verify]") {
  test::TempDir dir;
  const auto t0 = ResultCache::Clock::time_point(std::chrono::hours(500000));
  // Both read the cache before either saves, as two CI jobs of one push do; the second started
  // a moment later, so its answers are from the first's future.
  ResultCache first(dir.path(), 1h, t0, Logger::null());
  ResultCache second(dir.path(), 1h, t0 + 1s, Logger::null());
  const std::string a = first.key_of("github-pat", "https://api.github.com/user", "", "ghp_a");
  const std::string b = second.key_of("github-pat", "https://api.github.com/user", "", "ghp_b");
  const std::string both = first.key_of("github-pat", "https://api.github.com/user", "", "ghp_both");
  first.put(a, Verdict{verify::State::live, {{"login", "ann"}}});
  first.put(both, Verdict{verify::State::live, {}});
  second.put(b, Verdict{verify::State::invalid, {}});
  second.put(both, Verdict{verify::State::invalid, {}});
  second.save();
  first.save();
  ResultCache after(dir.path(), 1h, t0 + 1s, Logger::null());
  REQUIRE(after.find(a));
  CHECK(after.find(a)->state == verify::State::live);
  REQUIRE(after.find(b));
  CHECK(after.find(b)->state == verify::State::invalid);
  // The same question answered by both: the last save's answer.
  REQUIRE(after.find(both));
  CHECK(after.find(both)->state == verify::State::live);
}

TEST_CASE("[verify] settings are read, and the command line's win", "[verify]") {
  const auto config = scanner::parse_config(
      "[verify]\ntimeout = \"20s\"\ncache_ttl = \"2h\"\nconcurrency = 2\nrate = 3.5\n"
      "[verify.providers.github]\nconcurrency = 1\n"
      "[verify.endpoints]\ngitlab = \"https://gitlab.example/\"\nvault = \"https://vault.example:8200\"\n",
      ".hush.toml");
  CHECK(config.verify.timeout == 20s);
  CHECK(config.verify.cache_ttl == 2h);
  CHECK(config.verify.limits.concurrency == 2u);
  CHECK(config.verify.limits.rate == 3.5);
  CHECK(config.verify.providers.at("github").concurrency == 1u);
  CHECK_FALSE(config.verify.providers.at("github").rate);

  verify::VerifyOptions base;
  base.cache_dir = "/cache";
  base.endpoints["vault"] = "https://from-environment.example";
  scanner::VerifySettings command_line;
  command_line.cache_ttl = 5min;
  command_line.endpoints["github"] = "https://ghe.example/api/v3";
  const auto options = verify::configure(base, config.verify, command_line, Logger::null());
  CHECK(options.timeout == 20s);
  CHECK(options.cache_ttl == 5min);
  CHECK(options.cache_dir == std::filesystem::path("/cache"));
  CHECK(options.limits.concurrency == 2u);
  CHECK(options.provider_limits.at("github").concurrency == 1u);
  CHECK(options.provider_limits.at("github").rate == 3.5);  // the rest from [verify]
  CHECK(options.endpoints.at("gitlab") == "https://gitlab.example");
  CHECK(options.endpoints.at("vault") == "https://vault.example:8200");  // the file over the environment
  CHECK(options.endpoints.at("github") == "https://ghe.example/api/v3");

  scanner::VerifySettings no_cache;
  no_cache.cache = false;
  CHECK_FALSE(verify::configure(base, config.verify, no_cache, Logger::null()).cache_dir);
}

TEST_CASE("an endpoint is an https URL with a host and nothing that could carry a credential", "[verify]") {
  CHECK(verify::checked_endpoint("github", "https://ghe.example/api/v3/", false) == "https://ghe.example/api/v3");
  const auto refused = [](std::string_view url, bool allow_http = false) {
    try {
      (void)verify::checked_endpoint("p", url, allow_http);
    } catch (const Error& e) {
      return e.kind() == ErrorKind::usage;
    }
    return false;
  };
  CHECK(refused("http://vault.example:8200"));
  CHECK_FALSE(refused("http://vault.example:8200", true));
  CHECK(refused("ftp://x.example"));
  CHECK(refused("https://"));
  CHECK(refused("https://x.example/?token=1"));
  CHECK(refused("https://user:pw@x.example"));
  CHECK(refused("https://x.example/{secret}"));
}

TEST_CASE("an endpoint from the environment hush cannot use is passed over, not fatal", "[verify]") {
  verify::VerifyOptions base;
  base.endpoints["vault"] = "http://127.0.0.1:8200";  // a dev server's VAULT_ADDR
  const auto options = verify::configure(base, {}, {}, Logger::null());
  CHECK(options.endpoints.count("vault") == 0);
  scanner::VerifySettings allow_http;
  allow_http.allow_http_endpoints = true;
  CHECK(verify::configure(base, {}, allow_http, Logger::null()).endpoints.at("vault") == "http://127.0.0.1:8200");
}
