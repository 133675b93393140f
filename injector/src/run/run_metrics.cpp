#include "run_metrics.hpp"

namespace hush::injector {

RunMetrics::RunMetrics() {
  metrics_.describe("hush_run_fetch_duration_seconds", "gauge", "Duration of the last resolution of every secret");
  metrics_.describe("hush_run_fetches_total", "counter", "Resolutions of the environment, by result");
  metrics_.describe("hush_run_fetch_retries_total", "counter", "Refresh attempts made after a failed refresh");
  metrics_.describe("hush_run_refreshes_total", "counter", "Refreshes, by result");
  metrics_.describe("hush_run_restarts_total", "counter", "Child restarts after a secret changed");
  metrics_.describe("hush_run_signals_sent_total", "counter", "Change signals sent to the child");
  metrics_.describe("hush_run_child_exits_total", "counter", "Child exits, by exit code");
  metrics_.describe("hush_run_child_last_exit_code", "gauge", "Exit code of the last child that ended");
  metrics_.describe("hush_run_lease_seconds_remaining", "gauge", "Time left on a dynamic secret's lease, by variable");
  metrics_.describe("hush_run_secrets", "gauge", "Variables set from a secret store");
  for (const char* r : {"ok", "error"}) metrics_.add("hush_run_fetches_total", 0, {{"result", r}});
  for (const char* r : {"unchanged", "changed", "error"}) metrics_.add("hush_run_refreshes_total", 0, {{"result", r}});
  metrics_.add("hush_run_restarts_total", 0);
  metrics_.add("hush_run_signals_sent_total", 0);
  metrics_.add("hush_run_fetch_retries_total", 0);
}

void RunMetrics::fetch(double seconds, bool ok) {
  const std::lock_guard lock(mutex_);
  metrics_.set("hush_run_fetch_duration_seconds", seconds);
  metrics_.add("hush_run_fetches_total", 1, {{"result", ok ? "ok" : "error"}});
}

void RunMetrics::refresh(const char* result) {
  const std::lock_guard lock(mutex_);
  metrics_.add("hush_run_refreshes_total", 1, {{"result", result}});
}

void RunMetrics::retry() {
  const std::lock_guard lock(mutex_);
  metrics_.add("hush_run_fetch_retries_total", 1);
}

void RunMetrics::restart() {
  const std::lock_guard lock(mutex_);
  metrics_.add("hush_run_restarts_total", 1);
}

void RunMetrics::signal_sent() {
  const std::lock_guard lock(mutex_);
  metrics_.add("hush_run_signals_sent_total", 1);
}

void RunMetrics::child_exit(int code) {
  const std::lock_guard lock(mutex_);
  metrics_.add("hush_run_child_exits_total", 1, {{"code", std::to_string(code)}});
  metrics_.set("hush_run_child_last_exit_code", code);
}

void RunMetrics::lease_remaining(const std::string& variable, double seconds) {
  const std::lock_guard lock(mutex_);
  metrics_.set("hush_run_lease_seconds_remaining", seconds, {{"variable", variable}});
}

void RunMetrics::secrets(std::size_t count) {
  const std::lock_guard lock(mutex_);
  metrics_.set("hush_run_secrets", static_cast<double>(count));
}

std::string RunMetrics::render() const {
  const std::lock_guard lock(mutex_);
  return metrics_.render();
}

}  // namespace hush::injector
