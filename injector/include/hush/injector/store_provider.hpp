#pragma once
// The stores `hush run` reads from, built from hush.toml's [vault], [aws] and [file] sections and
// the standard environment variables of each store, each created on first use.
#include <cstddef>
#include <map>
#include <memory>
#include <string>

#include "hush/common/log.hpp"
#include "hush/injector/environment.hpp"
#include "hush/injector/secret_store.hpp"

namespace hush::injector {

struct StoreSettings {
  std::map<std::string, std::string> vault;
  std::map<std::string, std::string> aws;
  std::map<std::string, std::string> file;
  std::map<std::string, std::string>
      environment;  // the process environment (VAULT_ADDR, AWS_REGION, EJSON_KEYDIR, ...)
};

[[nodiscard]] std::unique_ptr<StoreProvider> make_store_provider(StoreSettings settings, Logger& log);

// Asks each network store to fetch ahead what resolving `spec` will read (SecretStore::prefetch),
// every reference and bulk source of that store at once. Never throws.
void prefetch_secrets(StoreProvider& stores, const EnvironmentSpec& spec, Clock::time_point deadline);

// How many requests a store client keeps in flight at once: HUSH_PARALLEL_REQUESTS (1 to 64,
// default 8; 1 sends one request at a time). Throws hush::Error(config) for another value.
[[nodiscard]] std::size_t parallel_requests(const std::map<std::string, std::string>& environment);

}  // namespace hush::injector
