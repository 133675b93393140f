#pragma once
// The `[verify]` table of .hush.toml, as written: the verification library applies it, and the
// command line overrides it (README, "Verification").
#include <chrono>
#include <cstddef>
#include <map>
#include <optional>
#include <string>

namespace hush::scanner {

struct ProviderLimitSettings {
  std::optional<std::size_t> concurrency;  // requests in flight at once
  std::optional<double> rate;              // requests started per second
};

struct VerifySettings {
  std::optional<std::chrono::milliseconds> timeout;
  std::optional<bool> cache;
  std::optional<std::chrono::milliseconds> cache_ttl;
  ProviderLimitSettings limits;                            // every provider's
  std::map<std::string, ProviderLimitSettings> providers;  // one provider's, by name
  std::map<std::string, std::string> endpoints;            // provider name -> base URL
  bool allow_http_endpoints = false;
};

}  // namespace hush::scanner
