#include "hush/injector/runner.hpp"

#include <sys/resource.h>

#include <algorithm>
#include <condition_variable>
#include <cstring>
#include <mutex>
#include <optional>
#include <stop_token>
#include <thread>
#include <utility>

#include "hush/common/error.hpp"
#include "hush/common/secret.hpp"
#include "hush/injector/supervisor.hpp"
#include "metrics_server.hpp"
#include "run_metrics.hpp"

namespace hush::injector {
namespace {

using Duration = Clock::duration;

double seconds_since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

// A dynamic secret whose lease the refresher watches.
struct TrackedLease {
  std::string variable;  // every variable the lease backs, comma-separated
  Backend backend;
  LeaseInfo lease;
  Clock::time_point obtained;
  [[nodiscard]] Clock::time_point due() const {
    return obtained + lease.duration * 2 / 3;
  }  // act with a third of the TTL to spare
  [[nodiscard]] Clock::time_point expires() const { return obtained + lease.duration; }
};

// One entry per lease: variables that took keys from one secret share its lease, which is
// renewed and revoked once.
std::vector<TrackedLease> leases_of(const ResolvedEnvironment& env) {
  std::vector<TrackedLease> out;
  for (const auto& e : env.entries) {
    if (!e.lease || e.lease->duration.count() <= 0) continue;
    const auto same = std::find_if(out.begin(), out.end(),
                                   [&](const TrackedLease& l) { return l.lease.lease_id == e.lease->lease_id; });
    if (same != out.end()) {
      same->variable += "," + e.name;
      continue;
    }
    const auto ref = parse_reference(e.origin);
    out.push_back({e.name, ref ? ref->backend : Backend::vault, *e.lease, Clock::now()});
  }
  return out;
}

// Said once, at start: values that cannot be locked may be written to swap. libsodium tries to
// lock every guarded allocation but stays silent when RLIMIT_MEMLOCK (0 for unprivileged users
// in many containers) or a missing CAP_IPC_LOCK refuses it.
void warn_if_unlocked(const ResolvedEnvironment& env, Logger& log) {
  std::size_t secrets = 0;
  std::size_t unlocked = 0;
  int error = 0;
  for (const auto& e : env.entries) {
    if (!e.secret) continue;
    ++secrets;
    if (const int failed = e.value.lock_pages(); failed != 0) {
      ++unlocked;
      error = failed;
    }
  }
  if (unlocked == 0) return;
  rlimit limit{};
  ::getrlimit(RLIMIT_MEMLOCK, &limit);
  const std::string allowed =
      limit.rlim_cur == RLIM_INFINITY ? "unlimited" : std::to_string(limit.rlim_cur / 1024) + " KiB";
  log.warn(
      "secret values could not be locked in memory and may be written to swap; raise RLIMIT_MEMLOCK (ulimit -l, docker "
      "run --ulimit memlock=...) or grant CAP_IPC_LOCK",
      {{"unlocked", std::to_string(unlocked) + " of " + std::to_string(secrets)},
       {"mlock", std::strerror(error)},
       {"memlock_limit", allowed}});
}

// Copies for the output maskers, which outlive `env` across restarts; none without masking.
std::vector<SecretBuffer> masked_values(const ResolvedEnvironment& env, bool mask_output) {
  std::vector<SecretBuffer> out;
  if (!mask_output) return out;
  for (const auto& e : env.entries)
    if (e.secret) out.push_back(e.value.clone());
  return out;
}

class Refresher {
 public:
  Refresher(const RunPlan& plan, StoreProvider& stores, Logger& log, RunMetrics& metrics, Supervisor& supervisor,
            ResolvedEnvironment initial)
      : plan_(plan),
        stores_(stores),
        log_(log),
        metrics_(metrics),
        supervisor_(supervisor),
        current_(std::move(initial)),
        leases_(leases_of(current_)) {}

  [[nodiscard]] bool needed() const {
    return plan_.settings.refresh.has_value() || !leases_.empty() || plan_.settings.revoke_on_exit;
  }

  void loop(const std::stop_token& stop) {
    Clock::time_point next_interval =
        plan_.settings.refresh ? Clock::now() + *plan_.settings.refresh : Clock::time_point::max();
    Clock::time_point retry_at = Clock::time_point::max();  // max: not retrying
    Duration backoff = std::chrono::seconds(1);
    for (;;) {
      Clock::time_point wake_at = std::min(retry_at, next_interval);
      for (const auto& l : leases_) wake_at = std::min(wake_at, l.due());
      for (const auto& l : leases_)
        metrics_.lease_remaining(l.variable, std::chrono::duration<double>(l.expires() - Clock::now()).count());
      if (!pause_until(stop, wake_at)) break;
      const auto now = Clock::now();
      const bool retrying = retry_at != Clock::time_point::max();
      bool refetch = now >= next_interval || now >= retry_at;
      for (auto& l : leases_) {
        if (now < l.due()) continue;
        if (l.lease.renewable && renew(l)) continue;
        refetch = true;  // a lease that cannot be renewed is replaced by fetching the secret again
      }
      if (!refetch) continue;
      if (retrying) metrics_.retry();
      if (refresh_once(stop)) {
        retry_at = Clock::time_point::max();
        backoff = std::chrono::seconds(1);
      } else {
        // Keep the child running on what it has; try again sooner than the interval.
        retry_at = Clock::now() + backoff;
        backoff = std::min<Duration>(backoff * 2, plan_.settings.refresh.value_or(std::chrono::minutes(5)));
      }
      if (plan_.settings.refresh) next_interval = Clock::now() + *plan_.settings.refresh;
    }
  }

  void revoke_all() {
    for (const auto& l : leases_) {
      try {
        stores_.store(l.backend).revoke(l.lease, Clock::now() + std::chrono::seconds(10));
        log_.info("revoked lease", {{"variable", l.variable}});
      } catch (const std::exception& e) {
        log_.warn("could not revoke lease", {{"variable", l.variable}, {"error", e.what()}});
      }
    }
  }

 private:
  // The refresh timer: false when hush is stopping.
  bool pause_until(const std::stop_token&, Clock::time_point when) {
    std::unique_lock lock(mutex_);
    // Nothing scheduled (only --revoke-on-exit): wait for the stop alone; a time_point::max()
    // deadline would overflow inside the clock conversion. (A plain condition variable with an
    // own flag: condition_variable_any's stop_token wait missed its deadline on GCC 12.)
    if (when == Clock::time_point::max()) wake_.wait(lock, [this] { return stopping_; });
    else wake_.wait_until(lock, when, [this] { return stopping_; });
    return !stopping_;
  }

 public:
  void stop() {
    {
      const std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    wake_.notify_all();
  }

 private:
  bool renew(TrackedLease& l) {
    try {
      l.lease.duration = stores_.store(l.backend).renew(l.lease, Clock::now() + plan_.settings.timeout);
      l.obtained = Clock::now();
      log_.info("renewed lease", {{"variable", l.variable}, {"ttl_seconds", std::to_string(l.lease.duration.count())}});
      return l.lease.duration.count() > 0;
    } catch (const std::exception& e) {
      log_.warn("lease renewal failed; fetching the secret again", {{"variable", l.variable}, {"error", e.what()}});
      return false;
    }
  }

  std::optional<ResolvedEnvironment> resolve() {
    const auto start = Clock::now();
    try {
      auto env = resolve_environment(plan_.spec, stores_, start + plan_.settings.timeout);
      metrics_.fetch(seconds_since(start), true);
      return env;
    } catch (const std::exception& e) {
      metrics_.fetch(seconds_since(start), false);
      metrics_.refresh("error");
      log_.warn("refresh failed; the child keeps its current environment", {{"error", e.what()}});
      return std::nullopt;
    }
  }

  bool refresh_once(const std::stop_token& stop) {
    auto fresh = resolve();
    if (!fresh) return false;
    if (fresh->same_as(current_)) {
      metrics_.refresh("unchanged");
      log_.debug("refresh: unchanged");
      leases_ = merge_leases(*fresh);
      return true;
    }
    // Debounce: a rotation may take several writes; act on the value once it has settled.
    if (!pause_until(stop, Clock::now() + plan_.debounce)) return true;
    for (int settle = 0; settle < 3; ++settle) {
      auto again = resolve();
      if (!again) return false;
      const bool settled = again->same_as(*fresh);
      fresh = std::move(again);
      if (settled) break;
    }
    metrics_.refresh("changed");
    apply(*fresh);
    current_ = std::move(*fresh);
    leases_ = leases_of(current_);
    return true;
  }

  // An unchanged environment keeps its lease clocks; new leases (rare) start now.
  std::vector<TrackedLease> merge_leases(const ResolvedEnvironment& fresh) {
    auto updated = leases_of(fresh);
    for (auto& u : updated)
      for (const auto& old : leases_)
        if (old.variable == u.variable && old.lease.lease_id == u.lease.lease_id) u = old;
    return updated;
  }

  void apply(const ResolvedEnvironment& fresh) {
    switch (plan_.settings.on_change) {
      case OnChange::restart:
        log_.info("secrets changed: restarting the child");
        metrics_.restart();
        supervisor_.request_restart(environment_block(fresh), masked_values(fresh, plan_.settings.mask_output),
                                    plan_.settings.stop_signal, plan_.settings.grace_period);
        break;
      case OnChange::signal:
        log_.info("secrets changed: signalling the child", {{"signal", std::to_string(plan_.settings.change_signal)}});
        metrics_.signal_sent();
        supervisor_.request_signal(plan_.settings.change_signal);
        break;
      case OnChange::none:
        log_.info("secrets changed; on_change is none, the child keeps its environment");
        break;
    }
  }

  const RunPlan& plan_;
  StoreProvider& stores_;
  Logger& log_;
  RunMetrics& metrics_;
  Supervisor& supervisor_;
  ResolvedEnvironment current_;
  std::vector<TrackedLease> leases_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
};

}  // namespace

EnvironmentBlock environment_block(const ResolvedEnvironment& env) {
  std::size_t bytes = 0;
  for (const auto& e : env.entries) bytes += e.name.size() + 1 + e.value.size();
  EnvironmentBlock out;
  out.reserve(env.entries.size(), bytes);
  for (const auto& e : env.entries) out.add(e.name, e.value.view());
  return out;
}

int run_with_secrets(const RunPlan& plan, StoreProvider& stores, Logger& log) {
  if (plan.argv.empty()) throw Error(ErrorKind::usage, "no command to run (hush run [options] -- CMD [ARGS...])");
  if (plan.settings.refresh) {
    if (const auto problem = refresh_interval_problem(*plan.settings.refresh))
      throw Error(ErrorKind::usage, "the refresh interval " + *problem);
  }
  if (plan.exec && (plan.settings.refresh || plan.settings.mask_output || plan.settings.revoke_on_exit ||
                    !plan.metrics_address.empty()))
    throw Error(ErrorKind::usage,
                "--exec replaces hush with the command: it cannot be combined with --refresh, --mask-output, "
                "--revoke-on-exit or --metrics-addr");
  // Before any thread exists (the metrics server, the refresher, glibc's resolver thread for a
  // store's host name), so that every thread inherits the mask and signals reach only the supervisor.
  block_supervised_signals();
  if (!make_process_non_dumpable()) log.warn("could not make the process non-dumpable; core dumps may contain secrets");

  RunMetrics metrics;
  std::unique_ptr<MetricsServer> server;
  if (!plan.metrics_address.empty()) {
    server = std::make_unique<MetricsServer>(plan.metrics_address, [&metrics] { return metrics.render(); });
    log.info("serving metrics", {{"port", std::to_string(server->port())}});
  }

  const auto start = Clock::now();
  ResolvedEnvironment env;
  try {
    env = resolve_environment(plan.spec, stores, start + plan.settings.timeout);
  } catch (const Error& e) {
    throw Error(e.kind(), "not starting " + plan.argv.front() + ": " + e.what());
  }
  metrics.fetch(seconds_since(start), true);
  std::size_t secret_count = 0;
  for (const auto& e : env.entries) secret_count += e.secret ? 1 : 0;
  metrics.secrets(secret_count);
  for (const auto& w : env.warnings) log.warn("allowed to be missing, left out", {{"reference", w}});
  warn_if_unlocked(env, log);
  log.info("resolved the environment",
           {{"secrets", std::to_string(secret_count)}, {"variables", std::to_string(env.entries.size())}});

  if (plan.exec) return exec_replace(plan.argv, environment_block(env), &log);

  SupervisorOptions options;
  options.signal_group = plan.settings.signal_group;
  options.mask_output = plan.settings.mask_output;
  options.descendant_stop_signal = plan.settings.stop_signal;
  options.descendant_grace = plan.settings.grace_period;
  options.on_child_exit = [&metrics](pid_t, int code) { metrics.child_exit(code); };
  options.diagnostics = &log;
  Supervisor supervisor(options);

  auto block = environment_block(env);
  const auto masked_copies = masked_values(env, plan.settings.mask_output);
  std::vector<std::string_view> masked(masked_copies.size());
  std::transform(masked_copies.begin(), masked_copies.end(), masked.begin(),
                 [](const SecretBuffer& b) { return b.view(); });
  Refresher refresher(plan, stores, log, metrics, supervisor, std::move(env));
  std::jthread refresh_thread;
  if (refresher.needed())
    refresh_thread = std::jthread([&refresher](const std::stop_token& stop) { refresher.loop(stop); });
  const int code = supervisor.run(plan.argv, std::move(block), masked);
  if (refresh_thread.joinable()) {
    refresher.stop();
    refresh_thread.join();
  }
  if (plan.settings.revoke_on_exit) refresher.revoke_all();
  return code;
}

}  // namespace hush::injector
