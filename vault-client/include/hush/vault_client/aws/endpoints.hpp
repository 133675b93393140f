#pragma once
// Where to send a request: endpoint overrides and the public endpoint for a region.
#include <string>
#include <string_view>

#include "hush/vault_client/aws/environment.hpp"

namespace hush::vault_client::aws {

// `service` is the endpoint prefix: "ssm", "secretsmanager" or "sts". Order: `configured` (hush's
// own setting), AWS_ENDPOINT_URL_<SERVICE> (SSM, SECRETS_MANAGER, STS), AWS_ENDPOINT_URL, the
// profile's endpoint_url, then https://<service>.<region>.amazonaws.com (.com.cn in China). The
// environment and profile overrides are ignored when AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true. STS
// without a region uses the global endpoint. Throws hush::Error(config) for a malformed region.
[[nodiscard]] std::string resolve_endpoint(const Environment& env, std::string_view service, std::string_view region,
                                           std::string_view profile_endpoint_url = {},
                                           std::string_view configured = {});

// Only the overrides (environment, then profile); empty when none applies.
[[nodiscard]] std::string configured_endpoint(const Environment& env, std::string_view service,
                                              std::string_view profile_endpoint_url);

// https://<service>.<region>.amazonaws.com (or the China partition's domain).
[[nodiscard]] std::string public_endpoint(std::string_view service, std::string_view region);

// The env variable suffix of a service ("secretsmanager" -> "SECRETS_MANAGER").
[[nodiscard]] std::string endpoint_env_suffix(std::string_view service);

// Region names go into host names, so only [a-z0-9-] is accepted.
[[nodiscard]] bool valid_region(std::string_view region) noexcept;

// AWS_REGION, then AWS_DEFAULT_REGION, then the profile's region; empty when none is set.
[[nodiscard]] std::string region_from_settings(const Environment& env, std::string_view profile_region);

// "true"/"1"/"yes" in any case.
[[nodiscard]] bool env_flag(const Environment& env, std::string_view name);

}  // namespace hush::vault_client::aws
