#include "verify_settings_reader.hpp"

namespace hush::scanner {
namespace {

std::chrono::milliseconds read_duration(const TableReader& r, const toml::table& table, std::string_view key,
                                        const std::string& origin, const std::string& what) {
  const toml::node& node = *table.get(key);
  const auto text = r.string(key);
  const auto duration = parse_duration(*text);
  if (!duration)
    throw_config_error(origin, line_of(node),
                       what + ": " + std::string(key) + " must be a duration such as \"10s\" or \"24h\"");
  return *duration;
}

ProviderLimitSettings read_limits(const TableReader& r, const toml::table& table, const std::string& origin,
                                  const std::string& what) {
  ProviderLimitSettings limits;
  if (auto n = r.integer("concurrency")) {
    if (*n < 1 || *n > 64)
      throw_config_error(origin, line_of(*table.get("concurrency")), what + ": concurrency must be between 1 and 64");
    limits.concurrency = static_cast<std::size_t>(*n);
  }
  if (auto rate = r.number("rate")) {
    if (!(*rate > 0) || *rate > 1000)
      throw_config_error(origin, line_of(*table.get("rate")),
                         what + ": rate must be a number of requests per second above 0 (at most 1000)");
    limits.rate = *rate;
  }
  return limits;
}

}  // namespace

VerifySettings read_verify_settings(const toml::table& table, const std::string& origin) {
  const std::string what = "[verify]";
  TableReader r(table, origin, what);
  r.reject_unknown(
      {"timeout", "cache", "cache_ttl", "concurrency", "rate", "providers", "endpoints", "allow_http_endpoints"});
  VerifySettings settings;
  if (table.get("timeout")) {
    settings.timeout = read_duration(r, table, "timeout", origin, what);
    if (settings.timeout->count() <= 0)
      throw_config_error(origin, line_of(*table.get("timeout")), "[verify]: timeout must be above 0");
  }
  settings.cache = r.boolean("cache");
  if (table.get("cache_ttl")) settings.cache_ttl = read_duration(r, table, "cache_ttl", origin, what);
  settings.limits = read_limits(r, table, origin, what);
  settings.allow_http_endpoints = r.boolean("allow_http_endpoints").value_or(false);
  if (const toml::table* providers = r.table("providers")) {
    for (const auto& [name, node] : *providers) {
      const toml::table* one = node.as_table();
      const std::string provider_what = "[verify.providers." + std::string(name.str()) + "]";
      if (!one) throw_config_error(origin, line_of(node), provider_what + " must be a table");
      TableReader pr(*one, origin, provider_what);
      pr.reject_unknown({"concurrency", "rate"});
      settings.providers[std::string(name.str())] = read_limits(pr, *one, origin, provider_what);
    }
  }
  if (const toml::table* endpoints = r.table("endpoints")) {
    for (const auto& [name, node] : *endpoints) {
      const auto url = node.value<std::string>();
      if (!url)
        throw_config_error(origin, line_of(node),
                           "[verify.endpoints]: " + std::string(name.str()) + " must be a URL string");
      settings.endpoints[std::string(name.str())] = *url;
    }
  }
  return settings;
}

}  // namespace hush::scanner
