#include "hush/vault_client/retry.hpp"

#include <cmath>
#include <memory>
#include <random>
#include <thread>

namespace hush::vault_client {
namespace {

using std::chrono::milliseconds;

class SystemRetryClock final : public RetryClock {
 public:
  SteadyClock::time_point now() override { return SteadyClock::now(); }
  void sleep_for(milliseconds delay) override { std::this_thread::sleep_for(delay); }
};

}  // namespace

RetryClock& RetryClock::system() {
  static SystemRetryClock clock;  // stateless
  return clock;
}

UniformRandom make_uniform_random() {
  auto engine = std::make_shared<std::mt19937_64>(std::random_device{}());
  return [engine] { return std::uniform_real_distribution<double>(0.0, 1.0)(*engine); };
}

std::optional<milliseconds> backoff_delay(const RetryPolicy& policy, int next_attempt,
                                          std::optional<milliseconds> retry_after, Deadline deadline,
                                          SteadyClock::time_point now, double uniform01) {
  if (next_attempt < 2) next_attempt = 2;
  if (policy.max_attempts > 0 && next_attempt > policy.max_attempts) return std::nullopt;
  milliseconds delay{0};
  if (retry_after) {
    delay = std::max(milliseconds(0), *retry_after);
  } else {
    // base * 2^(n-2), saturating at max_delay long before the shift could overflow.
    const int exponent = std::min(next_attempt - 2, 30);
    const double ceiling = std::min(static_cast<double>(policy.max_delay.count()),
                                    static_cast<double>(policy.base_delay.count()) * std::ldexp(1.0, exponent));
    const double u = std::clamp(uniform01, 0.0, 1.0);
    delay = milliseconds(static_cast<milliseconds::rep>(std::floor(ceiling * u)));
  }
  if (deadline.bounded() && now + delay >= deadline.at()) return std::nullopt;
  return delay;
}

Retrier::Retrier(RetryPolicy policy, Logger& logger)
    : Retrier(policy, logger, RetryClock::system(), make_uniform_random()) {}

Retrier::Retrier(RetryPolicy policy, Logger& logger, RetryClock& clock, UniformRandom random)
    : policy_(policy), logger_(&logger), clock_(&clock), random_(std::move(random)) {}

void Retrier::run_erased(std::string_view what, Deadline deadline, const std::function<void(int)>& attempt) {
  // The last transient failure: when the deadline cuts the retries short, it says more about the
  // store than "timed out" does.
  std::optional<StoreError> last;
  const auto give_up = [&](int attempts, const char* why) {
    logger_->debug("giving up", {{"operation", std::string(what)},
                                 {"attempts", std::to_string(attempts)},
                                 {"failure", failure_name(last->failure())}});
    throw StoreError(last->failure(), std::string(last->what()) + " (gave up after " + std::to_string(attempts) +
                                          " attempt(s): " + why + ")");
  };
  for (int n = 1;; ++n) {
    if (deadline.passed(clock_->now())) {
      if (last) give_up(n - 1, "the deadline passed");
      throw StoreError(StoreFailure::timeout, std::string(what) + ": the deadline passed before the first attempt");
    }
    try {
      attempt(n);
      return;
    } catch (const StoreError& error) {
      if (!error.transient()) {
        if (error.failure() == StoreFailure::timeout && last) give_up(n, "the deadline passed");
        throw;
      }
      last.emplace(error.failure(), error.what());
      std::optional<milliseconds> retry_after;
      if (const auto* hinted = dynamic_cast<const RetryAfterError*>(&error)) retry_after = hinted->retry_after();
      const auto delay = backoff_delay(policy_, n + 1, retry_after, deadline, clock_->now(), random_());
      if (!delay) {
        const bool out_of_attempts = policy_.max_attempts > 0 && n >= policy_.max_attempts;
        give_up(n, out_of_attempts ? "retry limit reached" : "the deadline leaves no time to wait");
      }
      logger_->debug("retrying", {{"operation", std::string(what)},
                                  {"attempt", std::to_string(n)},
                                  {"failure", failure_name(error.failure())},
                                  {"delay_ms", std::to_string(delay->count())},
                                  {"retry_after", retry_after ? "yes" : "no"}});
      clock_->sleep_for(*delay);
    }
  }
}

}  // namespace hush::vault_client
