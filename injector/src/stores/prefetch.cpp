#include <charconv>
#include <map>

#include "hush/common/error.hpp"
#include "hush/injector/store_provider.hpp"

namespace hush::injector {

void SecretStore::prefetch(const std::vector<Reference>& /*refs*/, const std::vector<BulkSource>& /*bulk*/,
                           Clock::time_point /*deadline*/) {}

void prefetch_secrets(StoreProvider& stores, const EnvironmentSpec& spec, Clock::time_point deadline) {
  std::map<Backend, std::vector<Reference>> refs;
  std::map<Backend, std::vector<BulkSource>> bulk;
  const auto consider = [&](const std::string& value) {
    try {
      if (auto ref = parse_reference(value)) refs[ref->backend].push_back(std::move(*ref));
    } catch (const Error&) {
      // A malformed reference is reported when its variable is placed.
    }
  };
  for (const auto& [name, value] : spec.inherited) {
    if (spec.pass_auth_env || !is_auth_variable(name)) consider(value);
  }
  for (const auto& [name, value] : spec.declared) consider(value);
  for (const BulkSource& source : spec.bulk) bulk[source.backend].push_back(source);

  for (const Backend backend : {Backend::vault, Backend::ssm, Backend::secrets_manager}) {
    if (refs[backend].empty() && bulk[backend].empty()) continue;
    try {
      stores.store(backend).prefetch(refs[backend], bulk[backend], deadline);
    } catch (const std::exception&) {
      // A store that cannot even be set up fails again, with its message, on the first read.
    }
  }
}

std::size_t parallel_requests(const std::map<std::string, std::string>& environment) {
  constexpr std::size_t fallback = 8;
  constexpr std::size_t most = 64;
  const auto it = environment.find("HUSH_PARALLEL_REQUESTS");
  if (it == environment.end() || it->second.empty()) return fallback;
  const std::string& text = it->second;
  std::size_t value = 0;
  const auto parsed = std::from_chars(text.data(), text.data() + text.size(), value);
  if (parsed.ec != std::errc() || parsed.ptr != text.data() + text.size() || value < 1 || value > most) {
    throw Error(ErrorKind::config, "HUSH_PARALLEL_REQUESTS must be a number from 1 to " + std::to_string(most));
  }
  return value;
}

}  // namespace hush::injector
