// The retry policy with an injected clock: no test here sleeps or reads the wall clock.
#include <chrono>
#include <string>
#include <vector>

#include "catch.hpp"
#include "hush/vault_client/retry.hpp"

namespace {

using hush::vault_client::Deadline;
using hush::vault_client::Retrier;
using hush::vault_client::RetryAfterError;
using hush::vault_client::RetryPolicy;
using hush::vault_client::StoreError;
using hush::vault_client::StoreFailure;
using std::chrono::milliseconds;
using TimePoint = hush::vault_client::SteadyClock::time_point;

class FakeClock final : public hush::vault_client::RetryClock {
 public:
  TimePoint now() override { return current; }
  void sleep_for(milliseconds delay) override {
    sleeps.push_back(delay);
    current += delay;
  }
  TimePoint current{std::chrono::hours(1000)};
  std::vector<milliseconds> sleeps;
};

hush::vault_client::UniformRandom constant(double value) {
  return [value] { return value; };
}

// A retrier with `policy` and a jitter fixed at `jitter`, whose backoff waits the fake clock
// records instead of sleeping, and a count of the attempts a test makes through it.
struct Retrying {
  Retrying(RetryPolicy policy, double jitter) : retrier(policy, hush::Logger::null(), clock, constant(jitter)) {}
  FakeClock clock;
  Retrier retrier;
  int calls = 0;
};

}  // namespace

TEST_CASE("backoff ceilings double from the base and stop at the maximum", "[retry]") {
  const RetryPolicy policy{milliseconds(100), milliseconds(1000), 20};
  const TimePoint now{};
  // u just below 1 shows the ceiling of each step.
  CHECK(hush::vault_client::backoff_delay(policy, 2, std::nullopt, Deadline::never(), now, 0.999999)->count() == 99);
  CHECK(hush::vault_client::backoff_delay(policy, 3, std::nullopt, Deadline::never(), now, 0.999999)->count() == 199);
  CHECK(hush::vault_client::backoff_delay(policy, 4, std::nullopt, Deadline::never(), now, 0.999999)->count() == 399);
  CHECK(hush::vault_client::backoff_delay(policy, 6, std::nullopt, Deadline::never(), now, 0.999999)->count() == 999);
  CHECK(hush::vault_client::backoff_delay(policy, 19, std::nullopt, Deadline::never(), now, 0.999999)->count() == 999);
  // Full jitter: the low end of the range is zero.
  CHECK(hush::vault_client::backoff_delay(policy, 5, std::nullopt, Deadline::never(), now, 0.0)->count() == 0);
  CHECK(hush::vault_client::backoff_delay(policy, 5, std::nullopt, Deadline::never(), now, 0.5)->count() == 400);
}

TEST_CASE("backoff honours Retry-After, the attempt limit and the deadline", "[retry]") {
  const RetryPolicy policy{milliseconds(100), milliseconds(1000), 3};
  const TimePoint now{std::chrono::seconds(10)};
  CHECK(hush::vault_client::backoff_delay(policy, 2, milliseconds(5000), Deadline::never(), now, 0.1)->count() == 5000);
  CHECK_FALSE(hush::vault_client::backoff_delay(policy, 4, std::nullopt, Deadline::never(), now, 0.5));
  const Deadline soon(now + milliseconds(300));
  CHECK_FALSE(hush::vault_client::backoff_delay(policy, 2, milliseconds(300), soon, now, 0.5));
  CHECK(hush::vault_client::backoff_delay(policy, 2, milliseconds(299), soon, now, 0.5)->count() == 299);
  CHECK_FALSE(hush::vault_client::backoff_delay(policy, 2, std::nullopt, Deadline(now), now, 0.0));
}

TEST_CASE("transient failures are retried until success", "[retry]") {
  Retrying t({milliseconds(100), milliseconds(1000), 5}, 0.5);
  const int result = t.retrier.run("read", Deadline::never(), [&](int attempt) {
    ++t.calls;
    CHECK(attempt == t.calls);
    if (t.calls < 3) throw StoreError(StoreFailure::unavailable, "sealed");
    return 42;
  });
  CHECK(result == 42);
  CHECK(t.calls == 3);
  REQUIRE(t.clock.sleeps.size() == 2);
  CHECK(t.clock.sleeps[0].count() == 50);
  CHECK(t.clock.sleeps[1].count() == 100);
}

TEST_CASE("permanent failures are never retried", "[retry]") {
  Retrying t({}, 0.5);
  for (const StoreFailure failure :
       {StoreFailure::invalid_request, StoreFailure::permission_denied, StoreFailure::auth_failed,
        StoreFailure::not_found, StoreFailure::bad_response, StoreFailure::timeout}) {
    int calls = 0;
    try {
      t.retrier.run("read", Deadline::never(), [&](int) {
        ++calls;
        throw StoreError(failure, "no");
      });
      FAIL("expected an error");
    } catch (const StoreError& e) {
      CHECK(e.failure() == failure);
      CHECK(std::string(e.what()) == "no");
    }
    CHECK(calls == 1);
  }
  CHECK(t.clock.sleeps.empty());
}

TEST_CASE("Retry-After is waited exactly", "[retry]") {
  Retrying t({milliseconds(100), milliseconds(1000), 5}, 0.0);
  t.retrier.run("read", Deadline::never(), [&](int) {
    if (++t.calls == 1) throw RetryAfterError(StoreFailure::throttled, "rate limited", milliseconds(3000));
  });
  REQUIRE(t.clock.sleeps.size() == 1);
  CHECK(t.clock.sleeps[0].count() == 3000);
}

TEST_CASE("no wait ends past the deadline, the last error says why it gave up", "[retry]") {
  Retrying t({milliseconds(400), milliseconds(400), 100}, 0.999);
  const Deadline deadline(t.clock.current + milliseconds(1000));
  try {
    t.retrier.run("read secret/app", deadline, [&](int) {
      ++t.calls;
      throw StoreError(StoreFailure::unavailable, "503 from store");
    });
    FAIL("expected an error");
  } catch (const StoreError& e) {
    CHECK(e.failure() == StoreFailure::unavailable);
    CHECK(std::string(e.what()).find("deadline") != std::string::npos);
    CHECK(std::string(e.what()).find("503 from store") != std::string::npos);
  }
  CHECK(t.clock.current < deadline.at());
  CHECK(t.calls == 3);  // waits of 399 + 399 ms fit, a third would not
}

TEST_CASE("a Retry-After beyond the deadline gives up at once", "[retry]") {
  Retrying t({}, 0.5);
  const Deadline deadline(t.clock.current + milliseconds(1000));
  CHECK_THROWS_AS(t.retrier.run("read", deadline,
                                [&](int) {
                                  ++t.calls;
                                  throw RetryAfterError(StoreFailure::throttled, "429", milliseconds(5000));
                                }),
                  StoreError);
  CHECK(t.calls == 1);
  CHECK(t.clock.sleeps.empty());
}

TEST_CASE("an attempt limit of one disables retries", "[retry]") {
  Retrying t({milliseconds(10), milliseconds(10), 1}, 0.5);
  CHECK_THROWS_AS(t.retrier.run("read", Deadline::never(),
                                [&](int) {
                                  ++t.calls;
                                  throw StoreError(StoreFailure::unreachable, "reset");
                                }),
                  StoreError);
  CHECK(t.calls == 1);
}

TEST_CASE("a deadline already passed fails as a timeout without an attempt", "[retry]") {
  Retrying t({}, 0.5);
  try {
    t.retrier.run("read", Deadline(t.clock.current), [&](int) { ++t.calls; });
    FAIL("expected an error");
  } catch (const StoreError& e) {
    CHECK(e.failure() == StoreFailure::timeout);
  }
  CHECK(t.calls == 0);
}

TEST_CASE("Retry-After accepts seconds and the three HTTP date forms", "[retry]") {
  using hush::vault_client::parse_retry_after;
  // 1994-11-06T08:49:37Z is 784111777 seconds after the epoch.
  const std::chrono::system_clock::time_point at(std::chrono::seconds(784111777 - 10));
  CHECK(parse_retry_after("120", at)->count() == 120000);
  CHECK(parse_retry_after(" 0 ", at)->count() == 0);
  CHECK(parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", at)->count() == 10000);
  CHECK(parse_retry_after("Sunday, 06-Nov-94 08:49:37 GMT", at)->count() == 10000);
  CHECK(parse_retry_after("Sun Nov  6 08:49:37 1994", at)->count() == 10000);
  // A date in the past means now.
  CHECK(parse_retry_after("Sun, 06 Nov 1994 08:49:00 GMT", at)->count() == 0);
  for (const char* unusable : {"", "soon", "12s", "-5", "Sun, 06 Foo 1994 08:49:37 GMT"}) {
    INFO("Retry-After: " << unusable);
    CHECK_FALSE(parse_retry_after(unusable, at));
  }
}

TEST_CASE("a deadline cutting a retry short reports the store's last failure", "[retry]") {
  Retrying t({milliseconds(100), milliseconds(100), 100}, 0.5);
  const Deadline deadline(t.clock.current + milliseconds(1000));
  try {
    t.retrier.run("read", deadline, [&](int) {
      if (++t.calls == 1) throw StoreError(StoreFailure::unavailable, "Vault answered 500");
      throw StoreError(StoreFailure::timeout, "no complete answer before the deadline");
    });
    FAIL("expected an error");
  } catch (const StoreError& e) {
    CHECK(e.failure() == StoreFailure::unavailable);
    CHECK(std::string(e.what()).find("Vault answered 500") != std::string::npos);
    CHECK(std::string(e.what()).find("deadline") != std::string::npos);
  }
  CHECK(t.calls == 2);
}

TEST_CASE("by default only the deadline ends the retries, and the last failure is named", "[retry]") {
  Retrying t({}, 0.5);
  const Deadline deadline(t.clock.current + std::chrono::minutes(5));  // hush run --timeout 5m
  try {
    t.retrier.run("read secret/app", deadline, [&](int) {
      ++t.calls;
      throw StoreError(StoreFailure::unreachable, "connection refused " + std::to_string(t.calls));
    });
    FAIL("expected an error");
  } catch (const StoreError& e) {
    const std::string message = e.what();
    CHECK(e.failure() == StoreFailure::unreachable);
    CHECK(message.find("connection refused " + std::to_string(t.calls)) == 0);
    CHECK(message.find("(gave up after " + std::to_string(t.calls) +
                       " attempt(s): the deadline leaves no time to wait)") != std::string::npos);
  }
  // Half of each ceiling: 100, 200, ... 3200 ms, then 5 s apart until the five minutes are used.
  CHECK(t.calls > 50);
  CHECK(t.clock.current <= deadline.at());
  CHECK(deadline.at() - t.clock.current <= std::chrono::seconds(5));
  for (const auto& wait : t.clock.sleeps) CHECK(wait <= milliseconds(5000));
}
