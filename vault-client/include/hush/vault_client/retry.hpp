#pragma once
// The one retry policy of the store clients: exponential backoff with full jitter on transient
// failures (connection errors, 429, 5xx, a store's own "try again" answers), the server's
// Retry-After honoured, and nothing ever waiting past the caller's deadline. Permanent failures
// (validation, authentication, permission, signature) are rethrown at once.
//
// An attempt is a callable that returns a value or throws StoreError; the store client classifies
// its own answers into StoreFailure. To pass a server's Retry-After along, throw RetryAfterError.
#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

#include "hush/common/log.hpp"
#include "hush/vault_client/deadline.hpp"
#include "hush/vault_client/store_error.hpp"

namespace hush::vault_client {

// A transient failure carrying the delay the server asked for.
class RetryAfterError : public StoreError {
 public:
  RetryAfterError(StoreFailure failure, const std::string& message,
                  std::optional<std::chrono::milliseconds> retry_after)
      : StoreError(failure, message), retry_after_(retry_after) {}
  [[nodiscard]] std::optional<std::chrono::milliseconds> retry_after() const noexcept { return retry_after_; }

 private:
  std::optional<std::chrono::milliseconds> retry_after_;
};

// By default the caller's deadline is the only limit (for `hush run`, --timeout): a store that is
// restarting or throttling gets every chance the user gave it, at most max_delay apart. A cap on
// attempts is for callers that want one (VAULT_MAX_RETRIES, the metadata service probe); a
// caller without a deadline must set one.
struct RetryPolicy {
  std::chrono::milliseconds base_delay{200};   // ceiling of the first backoff
  std::chrono::milliseconds max_delay{10000};  // ceiling of any backoff (Retry-After excepted)
  int max_attempts = 0;                        // including the first; 1 disables retries; 0: no cap
};

// Time and sleeping, injectable so unit tests neither sleep nor race the wall clock.
class RetryClock {
 public:
  virtual ~RetryClock() = default;
  [[nodiscard]] virtual SteadyClock::time_point now() = 0;
  virtual void sleep_for(std::chrono::milliseconds delay) = 0;
  // The real steady clock and this_thread::sleep_for. Stateless, so one shared instance is safe.
  [[nodiscard]] static RetryClock& system();
};

// Returns a uniformly distributed number in [0, 1).
using UniformRandom = std::function<double()>;

// A generator seeded from std::random_device, owned by the caller (no shared generator state).
[[nodiscard]] UniformRandom make_uniform_random();

// The wait before attempt `next_attempt` (2 for the first retry): full jitter over
// min(max_delay, base_delay * 2^(next_attempt-2)), or exactly the server's Retry-After when given.
// nullopt when the policy is out of attempts or the wait would end at or after the deadline.
[[nodiscard]] std::optional<std::chrono::milliseconds> backoff_delay(
    const RetryPolicy& policy, int next_attempt, std::optional<std::chrono::milliseconds> retry_after,
    Deadline deadline, SteadyClock::time_point now, double uniform01);

// Retry-After is either delta-seconds or an HTTP-date (IMF-fixdate, RFC 850 or asctime form).
// Dates in the past give zero; garbage gives nullopt.
[[nodiscard]] std::optional<std::chrono::milliseconds> parse_retry_after(
    std::string_view value, std::chrono::system_clock::time_point now = std::chrono::system_clock::now());

class Retrier {
 public:
  Retrier(RetryPolicy policy, Logger& logger);
  Retrier(RetryPolicy policy, Logger& logger, RetryClock& clock, UniformRandom random);

  // Runs attempt(n) for n = 1, 2, ... until it returns, a permanent StoreError escapes, the policy
  // runs out of attempts or the deadline would be passed. `what` names the operation in log lines
  // and in the final error (never a secret). After transient failures the last one is rethrown,
  // its message noting the attempts made, even when the deadline then cut an attempt short; a
  // deadline that passed before the first attempt, or during it, gives StoreFailure::timeout.
  template <class Attempt>
  auto run(std::string_view what, Deadline deadline, Attempt&& attempt) -> decltype(attempt(1)) {
    using Result = decltype(attempt(1));
    if constexpr (std::is_void_v<Result>) {
      run_erased(what, deadline, [&](int n) { attempt(n); });
    } else {
      std::optional<Result> result;
      run_erased(what, deadline, [&](int n) { result.emplace(attempt(n)); });
      return std::move(*result);
    }
  }

  [[nodiscard]] const RetryPolicy& policy() const noexcept { return policy_; }
  [[nodiscard]] RetryClock& clock() noexcept { return *clock_; }

 private:
  void run_erased(std::string_view what, Deadline deadline, const std::function<void(int)>& attempt);

  RetryPolicy policy_;
  Logger* logger_;
  RetryClock* clock_;
  UniformRandom random_;
};

}  // namespace hush::vault_client
