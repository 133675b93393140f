#pragma once
// Serves Prometheus metrics over HTTP (GET /metrics) from a background thread, for commands that
// run for a long time (`hush run --metrics-addr`). One connection at a time is plenty for a
// scraper; a slow client is cut off after two seconds so it cannot stall the next scrape.
#include <functional>
#include <memory>
#include <string>

namespace hush {

class MetricsServer {
 public:
  // address: "HOST:PORT" (":PORT" or "PORT" listen on all interfaces; port 0 picks a free one).
  // render is called on the server thread for each scrape. Throws hush::Error(usage) for a bad
  // address and hush::Error(runtime) when the socket cannot be bound.
  MetricsServer(const std::string& address, std::function<std::string()> render);
  ~MetricsServer();
  MetricsServer(const MetricsServer&) = delete;
  MetricsServer& operator=(const MetricsServer&) = delete;

  [[nodiscard]] int port() const noexcept;

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace hush
