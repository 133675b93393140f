#pragma once
// The point in time by which a caller needs an answer. Every network wait (connect, transfer,
// backoff sleep) is bounded by one, so a slow or dead store cannot hold the caller past it.
#include <algorithm>
#include <chrono>

namespace hush::vault_client {

using SteadyClock = std::chrono::steady_clock;

class Deadline {
 public:
  // No deadline at all.
  constexpr Deadline() = default;
  explicit constexpr Deadline(SteadyClock::time_point at) : at_(at), bounded_(true) {}

  [[nodiscard]] static Deadline in(std::chrono::milliseconds budget, SteadyClock::time_point now = SteadyClock::now()) {
    return Deadline(now + budget);
  }
  [[nodiscard]] static constexpr Deadline never() { return Deadline(); }

  [[nodiscard]] constexpr bool bounded() const noexcept { return bounded_; }
  [[nodiscard]] constexpr SteadyClock::time_point at() const noexcept {
    return bounded_ ? at_ : SteadyClock::time_point::max();
  }

  // Time left, never negative; a generous constant when unbounded.
  [[nodiscard]] std::chrono::milliseconds remaining(SteadyClock::time_point now = SteadyClock::now()) const {
    if (!bounded_) return std::chrono::hours(24 * 365);
    if (now >= at_) return std::chrono::milliseconds(0);
    return std::chrono::duration_cast<std::chrono::milliseconds>(at_ - now);
  }
  [[nodiscard]] bool passed(SteadyClock::time_point now = SteadyClock::now()) const noexcept {
    return bounded_ && now >= at_;
  }

  // The earlier of two deadlines.
  [[nodiscard]] Deadline min(Deadline other) const noexcept {
    if (!bounded_) return other;
    if (!other.bounded_) return *this;
    return Deadline(std::min(at_, other.at_));
  }

 private:
  SteadyClock::time_point at_{};
  bool bounded_ = false;
};

}  // namespace hush::vault_client
