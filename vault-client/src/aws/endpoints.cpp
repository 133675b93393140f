#include "hush/vault_client/aws/endpoints.hpp"

#include <algorithm>
#include <cctype>

#include "hush/common/error.hpp"

namespace hush::vault_client::aws {

std::string endpoint_env_suffix(std::string_view service) {
  if (service == "secretsmanager") return "SECRETS_MANAGER";
  std::string out(service);
  for (char& c : out) c = c == '-' || c == ' ' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

bool valid_region(std::string_view region) noexcept {
  if (region.empty() || region.size() > 64) return false;
  return std::all_of(region.begin(), region.end(),
                     [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'; });
}

bool env_flag(const Environment& env, std::string_view name) {
  std::string value = env_value(env, name);
  for (char& c : value) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return value == "true" || value == "1" || value == "yes";
}

std::string region_from_settings(const Environment& env, std::string_view profile_region) {
  std::string region = env_value(env, "AWS_REGION");
  if (region.empty()) region = env_value(env, "AWS_DEFAULT_REGION");
  if (region.empty()) region = std::string(profile_region);
  return region;
}

std::string configured_endpoint(const Environment& env, std::string_view service,
                                std::string_view profile_endpoint_url) {
  if (env_flag(env, "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS")) return {};
  std::string url = env_value(env, "AWS_ENDPOINT_URL_" + endpoint_env_suffix(service));
  if (url.empty()) url = env_value(env, "AWS_ENDPOINT_URL");
  if (url.empty()) url = std::string(profile_endpoint_url);
  return url;
}

std::string public_endpoint(std::string_view service, std::string_view region) {
  if (region.empty() && service == "sts") return "https://sts.amazonaws.com";
  if (!valid_region(region)) {
    throw Error(ErrorKind::config, "invalid AWS region '" + std::string(region) + "' (expected e.g. us-east-1)");
  }
  const bool china = region.substr(0, 3) == "cn-";
  return "https://" + std::string(service) + "." + std::string(region) +
         (china ? ".amazonaws.com.cn" : ".amazonaws.com");
}

std::string resolve_endpoint(const Environment& env, std::string_view service, std::string_view region,
                             std::string_view profile_endpoint_url, std::string_view configured) {
  if (!configured.empty()) return std::string(configured);
  std::string url = configured_endpoint(env, service, profile_endpoint_url);
  return url.empty() ? public_endpoint(service, region) : url;
}

}  // namespace hush::vault_client::aws
