#pragma once
// How hush reaches Vault: the standard Vault client environment (VAULT_ADDR, VAULT_TOKEN, ...,
// ~/.vault-token), overridden field by field by hush's own configuration. The library never reads
// the process environment behind the caller's back: the caller passes it in (process_environment()
// collects the real one).
//
// hush's own variables, for what Vault's CLI has no variable for:
//   HUSH_VAULT_AUTH_METHOD   token | approle | kubernetes | jwt
//   HUSH_VAULT_AUTH_MOUNT    auth mount path (default: the method's name)
//   HUSH_VAULT_ROLE          role for kubernetes and jwt login
//   HUSH_VAULT_ROLE_ID / HUSH_VAULT_ROLE_ID_FILE, HUSH_VAULT_SECRET_ID / HUSH_VAULT_SECRET_ID_FILE
//   HUSH_VAULT_JWT_FILE      JWT for jwt login; for kubernetes the service-account token file
//                            (default /var/run/secrets/kubernetes.io/serviceaccount/token)
//   HUSH_VAULT_CLIENT_KEY_PASSPHRASE / HUSH_VAULT_CLIENT_KEY_PASSPHRASE_FILE
//                            the passphrase of an encrypted VAULT_CLIENT_KEY (never prompted for)
//
// VAULT_ADDR may name a Unix socket, unix:///path (a Vault Agent listener), as the Vault CLI
// accepts: requests then go to that socket as http://localhost, never through a proxy.
#include <chrono>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "hush/common/secret.hpp"
#include "hush/vault_client/http.hpp"
#include "hush/vault_client/retry.hpp"

namespace hush::vault_client {

using Environment = std::map<std::string, std::string, std::less<>>;

// The variables of the real process environment that the store clients read (VAULT_*,
// HUSH_VAULT_*, AWS_*, HOME), copied into a map.
[[nodiscard]] Environment process_environment();

enum class VaultAuthMethod { token, approle, kubernetes, jwt };

[[nodiscard]] const char* auth_method_name(VaultAuthMethod method) noexcept;
[[nodiscard]] std::optional<VaultAuthMethod> parse_auth_method(std::string_view text) noexcept;

inline constexpr const char* kubernetes_token_path = "/var/run/secrets/kubernetes.io/serviceaccount/token";

// What VAULT_ADDR and [vault] address may be: http://HOST[:PORT][/PATH], https://... or
// unix:///PATH (a Vault Agent listener), HOST a name or an address ([v6] in brackets).
[[nodiscard]] bool is_vault_address(std::string_view address) noexcept;

// A Vault duration as VAULT_CLIENT_TIMEOUT takes it ("30s", "1m30s", bare seconds); nullopt when
// it is not a positive duration.
[[nodiscard]] std::optional<std::chrono::milliseconds> parse_vault_duration(std::string_view text);

// Overrides from hush's configuration; an unset field falls back to the environment, then to
// Vault's default. Secrets are never taken from the configuration file itself, only file paths.
struct VaultSettings {
  std::optional<std::string> address;
  std::optional<std::string> namespace_name;
  std::optional<std::string> token_file;
  std::optional<std::string> ca_cert;
  std::optional<std::string> ca_path;
  std::optional<std::string> client_cert;
  std::optional<std::string> client_key;
  std::optional<std::string> client_key_passphrase_file;
  std::optional<std::string> tls_server_name;
  std::optional<bool> skip_verify;
  std::optional<VaultAuthMethod> auth_method;
  std::optional<std::string> auth_mount;
  std::optional<std::string> role;
  std::optional<std::string> role_id_file;
  std::optional<std::string> secret_id_file;
  std::optional<std::string> jwt_file;
  std::optional<std::chrono::milliseconds> request_timeout;
  std::optional<int> max_retries;  // retries after the first attempt
};

struct VaultAuthConfig {
  VaultAuthMethod method = VaultAuthMethod::token;
  std::string mount;           // auth mount path without "auth/", e.g. "approle"
  std::string role;            // kubernetes and jwt
  SecretBuffer role_id;        // approle, when given directly
  std::string role_id_file;    // approle, read at each login
  SecretBuffer secret_id;      // approle, when given directly
  std::string secret_id_file;  // approle, read at each login
  std::string jwt_file;        // kubernetes and jwt, read at each login (projected tokens rotate)
};

struct VaultConfig {
  std::string address = "https://127.0.0.1:8200";
  std::string namespace_name;  // sent as X-Vault-Namespace when set
  SecretBuffer token;          // the token for method "token" (from VAULT_TOKEN or a token file)
  std::string token_origin;    // where the token came from, for messages ("VAULT_TOKEN", a path)
  VaultAuthConfig auth;
  HttpOptions http;
  RetryPolicy retry;
};

// Builds the configuration. Throws hush::Error (kind config) for unusable values: an unknown auth
// method, an unparseable VAULT_SKIP_VERIFY, a login method without its role or credentials.
[[nodiscard]] VaultConfig resolve_vault_config(const VaultSettings& settings, const Environment& environment);

// Reads a file holding one secret (token, secret ID, JWT) into guarded memory, trimming
// surrounding whitespace. Throws StoreError(auth_failed) naming the path when it cannot be read.
[[nodiscard]] SecretBuffer read_secret_file(const std::string& path);

}  // namespace hush::vault_client
