#pragma once
// Requests to providers, each provider in its own lane: at most `concurrency` of its requests in
// flight, at most `rate` started per second (the first `concurrency` at once), and a 429's
// Retry-After waited out, by the whole lane, when the answer would still come before the deadline.
// Lanes run side by side, so a slow or strict provider does not hold up the others.
#include <cstddef>
#include <functional>
#include <span>
#include <string>
#include <vector>

#include "hush/common/log.hpp"
#include "hush/vault_client/deadline.hpp"
#include "hush/vault_client/http.hpp"
#include "hush/vault_client/outcome.hpp"

namespace hush::verify::detail {

struct LaneLimits {
  std::size_t concurrency = 4;
  double rate = 10;  // requests started per second
};

struct LaneRequest {
  const vault_client::HttpRequest* request = nullptr;
  std::string provider;
};

using LimitsOf = std::function<LaneLimits(const std::string& provider)>;

// One outcome per request, in order.
[[nodiscard]] std::vector<vault_client::Outcome<vault_client::HttpResponse>> send_in_lanes(
    std::span<const LaneRequest> requests, const LimitsOf& limits, const vault_client::HttpOptions& http,
    vault_client::Deadline deadline, Logger& log);

}  // namespace hush::verify::detail
