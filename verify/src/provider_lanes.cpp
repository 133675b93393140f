#include "provider_lanes.hpp"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <map>
#include <mutex>
#include <thread>

#include "hush/vault_client/retry.hpp"
#include "hush/vault_client/store_error.hpp"

namespace hush::verify::detail {
namespace {

using vault_client::SteadyClock;

// Start times as a generic cell rate algorithm hands them out: one every 1/rate, with `burst`
// allowed at once; a throttled answer moves every later start past its Retry-After.
class RateGate {
 public:
  RateGate(double rate, std::size_t burst)
      : interval_(std::chrono::duration_cast<SteadyClock::duration>(std::chrono::duration<double>(1.0 / rate))),
        tolerance_(interval_ * static_cast<long>(burst - 1)),
        theoretical_(SteadyClock::now()) {}

  // When the next request may start.
  [[nodiscard]] SteadyClock::time_point reserve() {
    std::lock_guard lock(mutex_);
    const auto now = SteadyClock::now();
    theoretical_ = std::max(theoretical_, now);
    const auto start = std::max(now, theoretical_ - tolerance_);
    theoretical_ += interval_;
    return start;
  }

  void hold_until(SteadyClock::time_point until) {
    std::lock_guard lock(mutex_);
    theoretical_ = std::max(theoretical_, until + tolerance_);
  }

 private:
  std::mutex mutex_;
  SteadyClock::duration interval_;
  SteadyClock::duration tolerance_;
  SteadyClock::time_point theoretical_;
};

struct Lane {
  std::vector<std::size_t> members;  // indexes into the requests
  std::atomic<std::size_t> next{0};
  std::unique_ptr<RateGate> gate;
  std::size_t workers = 1;
};

vault_client::Outcome<vault_client::HttpResponse> timed_out() {
  return vault_client::Outcome<vault_client::HttpResponse>::failed(std::make_exception_ptr(
      vault_client::StoreError(vault_client::StoreFailure::timeout, "verification deadline passed")));
}

// A provider that is restarting or behind a flapping balancer gets a few quick attempts more, as
// long as they fit before the deadline; a verdict is worth a short wait, not the whole timeout.
constexpr vault_client::RetryPolicy transient_retries{std::chrono::milliseconds(100), std::chrono::milliseconds(1000),
                                                      3};

bool unavailable(long status) { return status == 500 || status == 502 || status == 503 || status == 504; }

vault_client::Outcome<vault_client::HttpResponse> ask(vault_client::HttpClient& client,
                                                      const vault_client::HttpRequest& request, RateGate& gate,
                                                      vault_client::Deadline deadline,
                                                      const vault_client::UniformRandom& random, Logger& log) {
  int attempt = 1;
  // Whether another attempt fits before the deadline; waits for it when it does.
  const auto retry = [&](std::string_view why) {
    const auto wait =
        vault_client::backoff_delay(transient_retries, ++attempt, std::nullopt, deadline, SteadyClock::now(), random());
    if (!wait) return false;
    log.debug("provider did not answer, trying again", {{"url", vault_client::loggable_url(request)},
                                                        {"why", std::string(why)},
                                                        {"attempt", std::to_string(attempt)}});
    std::this_thread::sleep_for(*wait);
    return true;
  };
  for (;;) {
    const auto start = gate.reserve();
    if (deadline.bounded() && start >= deadline.at()) return timed_out();
    std::this_thread::sleep_until(start);
    vault_client::HttpResponse response;
    try {
      response = client.perform(request, deadline);
    } catch (const vault_client::StoreError& e) {
      if (e.failure() == vault_client::StoreFailure::unreachable && retry(vault_client::failure_name(e.failure())))
        continue;
      return vault_client::Outcome<vault_client::HttpResponse>::current_failure();
    } catch (...) {
      return vault_client::Outcome<vault_client::HttpResponse>::current_failure();
    }
    if (unavailable(response.status)) {
      if (retry("status " + std::to_string(response.status))) continue;
      return vault_client::Outcome<vault_client::HttpResponse>::of(std::move(response));
    }
    if (response.status != 429) return vault_client::Outcome<vault_client::HttpResponse>::of(std::move(response));
    const auto wait = vault_client::retry_after_of(response);
    const auto resume = SteadyClock::now() + wait.value_or(std::chrono::milliseconds(0));
    // Asked to come back after the deadline (or not told when): the throttled answer is the verdict.
    if (!wait || (deadline.bounded() && resume >= deadline.at()))
      return vault_client::Outcome<vault_client::HttpResponse>::of(std::move(response));
    log.debug("provider throttles, waiting as asked",
              {{"url", vault_client::loggable_url(request)}, {"retry_after_ms", std::to_string(wait->count())}});
    gate.hold_until(resume);
  }
}

}  // namespace

std::vector<vault_client::Outcome<vault_client::HttpResponse>> send_in_lanes(std::span<const LaneRequest> requests,
                                                                             const LimitsOf& limits,
                                                                             const vault_client::HttpOptions& http,
                                                                             vault_client::Deadline deadline,
                                                                             Logger& log) {
  std::vector<vault_client::Outcome<vault_client::HttpResponse>> outcomes(requests.size());
  std::map<std::string, Lane> lanes;
  for (std::size_t i = 0; i < requests.size(); ++i) lanes[requests[i].provider].members.push_back(i);
  for (auto& [provider, lane] : lanes) {
    const LaneLimits l = limits(provider);
    lane.workers = std::clamp<std::size_t>(l.concurrency, 1, lane.members.size());
    lane.gate = std::make_unique<RateGate>(l.rate, std::max<std::size_t>(l.concurrency, 1));
  }
  vault_client::HttpOptions one_at_a_time = http;
  one_at_a_time.max_parallel = 1;
  {
    std::vector<std::jthread> workers;
    for (auto& entry : lanes) {
      auto& lane = entry.second;  // a named reference: lambdas capture it by name
      for (std::size_t w = 0; w < lane.workers; ++w) {
        workers.emplace_back([&lane, &requests, &outcomes, &one_at_a_time, deadline, &log] {
          // A client per worker: each keeps its own connection to its provider.
          vault_client::HttpClient client(one_at_a_time, log);
          const vault_client::UniformRandom random = vault_client::make_uniform_random();
          for (std::size_t at; (at = lane.next.fetch_add(1)) < lane.members.size();) {
            const std::size_t index = lane.members[at];
            outcomes[index] = ask(client, *requests[index].request, *lane.gate, deadline, random, log);
          }
        });
      }
    }
  }  // the workers join here
  return outcomes;
}

}  // namespace hush::verify::detail
