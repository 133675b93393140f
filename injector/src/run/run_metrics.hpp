#pragma once
// The metrics `hush run` exposes while it supervises. Updated from the refresher and the
// supervisor's loop thread, scraped from the metrics server's thread: hence the lock. Labels
// carry variable names and outcomes, never values.
#include <mutex>
#include <string>

#include "hush/common/metrics.hpp"

namespace hush::injector {

class RunMetrics {
 public:
  RunMetrics();
  void fetch(double seconds, bool ok);
  void refresh(const char* result);  // "unchanged", "changed", "error"
  void retry();
  void restart();
  void signal_sent();
  void child_exit(int code);
  void lease_remaining(const std::string& variable, double seconds);
  void secrets(std::size_t count);
  [[nodiscard]] std::string render() const;

 private:
  mutable std::mutex mutex_;
  Metrics metrics_;
};

}  // namespace hush::injector
