#pragma once
// The stores `hush run` reads from, built from hush.toml's [vault], [aws] and [file] sections and
// the standard environment variables of each store, each created on first use.
#include <map>
#include <memory>
#include <string>

#include "hush/common/log.hpp"
#include "hush/injector/secret_store.hpp"

namespace hush::injector {

struct StoreSettings {
  std::map<std::string, std::string> vault;
  std::map<std::string, std::string> aws;
  std::map<std::string, std::string> file;
  std::map<std::string, std::string> environment;  // the process environment (VAULT_ADDR, AWS_REGION, EJSON_KEYDIR, ...)
};

[[nodiscard]] std::unique_ptr<StoreProvider> make_store_provider(StoreSettings settings, Logger& log);

}  // namespace hush::injector
