#pragma once
// Vault response bodies turned into values, without HTTP, so they can be fuzzed on their own.
// Every parser either returns a value or throws StoreError(bad_response) with a fixed message;
// nothing from the body is ever quoted in an error (it may be a secret).
#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hush/common/secret.hpp"
#include "hush/vault_client/vault.hpp"

namespace hush::vault_client::detail {

// {"errors": [...]} as single-line, length-bounded strings; empty when absent or malformed.
[[nodiscard]] std::vector<std::string> parse_errors(std::string_view body);

// A secret read. kv_version 2 unwraps data.data and data.metadata.version.
[[nodiscard]] VaultSecret parse_secret(std::string_view body, int kv_version);

// The 404 of a soft-deleted or destroyed KV v2 version carries the normal envelope.
struct KvVersionGone {
  int version = 0;
  bool destroyed = false;
  std::string deletion_time;
};
[[nodiscard]] std::optional<KvVersionGone> parse_kv2_gone(std::string_view body);

struct VaultAuthData {
  SecretBuffer client_token;
  std::vector<std::string> policies;
  std::chrono::seconds lease_duration{0};
  bool renewable = false;
  std::vector<std::string> warnings;
};
// The auth block of a login or renew-self answer.
[[nodiscard]] VaultAuthData parse_auth(std::string_view body);

struct TokenLookup {
  std::chrono::seconds ttl{0};
  std::chrono::seconds creation_ttl{0};
  bool renewable = false;
};
[[nodiscard]] TokenLookup parse_token_lookup(std::string_view body);

[[nodiscard]] VaultLease parse_lease(std::string_view body);
[[nodiscard]] VaultMount parse_mount(std::string_view body);
[[nodiscard]] std::vector<std::string> parse_list(std::string_view body);
[[nodiscard]] VaultHealth parse_health(std::string_view body, long status);

// Appends text as a JSON string literal (quotes included) to a guarded buffer, for request bodies
// that carry credentials.
void append_json_string(SecretBuffer& out, std::string_view text);

}  // namespace hush::vault_client::detail
