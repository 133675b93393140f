#pragma once
// The process environment as a value, so credential and region resolution can be tested with a
// map instead of setenv.
#include <map>
#include <string>
#include <string_view>

namespace hush::vault_client::aws {

using Environment = std::map<std::string, std::string, std::less<>>;

// A copy of the real process environment.
[[nodiscard]] Environment process_environment();

// The value of `name`, or empty when unset.
[[nodiscard]] std::string env_value(const Environment& env, std::string_view name);

}  // namespace hush::vault_client::aws
