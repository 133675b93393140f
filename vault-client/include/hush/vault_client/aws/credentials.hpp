#pragma once
// AWS credentials. The access key id is an identifier (it travels in every Authorization header);
// the secret key and session token are secrets and live in guarded buffers.
#include <chrono>
#include <optional>
#include <string>

#include "hush/common/secret.hpp"

namespace hush::vault_client::aws {

struct Credentials {
  std::string access_key_id;
  SecretBuffer secret_access_key;
  SecretBuffer session_token;                                       // empty for long-term keys
  std::optional<std::chrono::system_clock::time_point> expiration;  // absent: does not expire
  std::string source;  // where they came from, for logs: "environment", "profile dev", "imds", ...

  [[nodiscard]] Credentials clone() const {
    return Credentials{access_key_id, secret_access_key.clone(), session_token.clone(), expiration, source};
  }
  [[nodiscard]] bool temporary() const noexcept { return !session_token.empty(); }
  // True when they expire within `margin` of `now` (so they should be refreshed first).
  [[nodiscard]] bool expires_within(std::chrono::system_clock::time_point now,
                                    std::chrono::seconds margin) const noexcept {
    return expiration.has_value() && *expiration - margin <= now;
  }
};

}  // namespace hush::vault_client::aws
