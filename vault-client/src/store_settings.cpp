#include "hush/vault_client/store_settings.hpp"

#include "hush/common/error.hpp"
#include "hush/common/text.hpp"
#include "hush/vault_client/aws/endpoints.hpp"

namespace hush::vault_client {
namespace {

[[noreturn]] void bad(std::string_view section, std::string_view key, const std::string& why) {
  throw Error(ErrorKind::config, "[" + std::string(section) + "] " + printable(key, 100) + " " + why);
}

bool is_http_url(std::string_view url) {
  return (url.starts_with("http://") || url.starts_with("https://")) && is_vault_address(url);
}

void apply(VaultSettings& s, std::string_view key, std::string_view value) {
  const std::string text(value);
  if (key == "address") {
    if (!is_vault_address(value))
      bad("vault", key,
          "'" + printable(value, 200) +
              "' is not a Vault address (http://HOST[:PORT], https://HOST[:PORT] or unix:///PATH)");
    s.address = text;
  } else if (key == "namespace") s.namespace_name = text;
  else if (key == "token_file") s.token_file = text;
  else if (key == "ca_cert") s.ca_cert = text;
  else if (key == "ca_path") s.ca_path = text;
  else if (key == "client_cert") s.client_cert = text;
  else if (key == "client_key") s.client_key = text;
  else if (key == "client_key_passphrase_file") s.client_key_passphrase_file = text;
  else if (key == "tls_server_name") s.tls_server_name = text;
  else if (key == "skip_verify") {
    if (value != "true" && value != "false") bad("vault", key, "must be true or false");
    s.skip_verify = value == "true";
  } else if (key == "auth") {
    s.auth_method = parse_auth_method(value);
    if (!s.auth_method)
      bad("vault", key, "must be token, approle, kubernetes or jwt, not '" + printable(value, 100) + "'");
  } else if (key == "auth_mount") s.auth_mount = text;
  else if (key == "role") s.role = text;
  else if (key == "role_id_file") s.role_id_file = text;
  else if (key == "secret_id_file") s.secret_id_file = text;
  else if (key == "jwt_file") s.jwt_file = text;
  else if (key == "request_timeout") {
    const auto timeout = parse_vault_duration(value);
    if (!timeout) bad("vault", key, "must be a duration such as 30s or 1m");
    s.request_timeout = *timeout;
  } else {
    bad("vault", key,
        "is not a setting (address, namespace, token_file, ca_cert, ca_path, client_cert, client_key, "
        "client_key_passphrase_file, "
        "tls_server_name, skip_verify, auth, auth_mount, role, role_id_file, secret_id_file, jwt_file, "
        "request_timeout)");
  }
}

}  // namespace

void check_vault_setting(std::string_view key, std::string_view value) {
  VaultSettings scratch;
  apply(scratch, key, value);
}

VaultSettings parse_vault_settings(const std::map<std::string, std::string>& section) {
  VaultSettings settings;
  for (const auto& [key, value] : section) apply(settings, key, value);
  return settings;
}

void check_aws_setting(std::string_view key, std::string_view value) {
  if (key == "region") {
    if (!aws::valid_region(value)) bad("aws", key, "'" + printable(value, 100) + "' is not a region name");
  } else if (key == "endpoint_url") {
    if (!is_http_url(value)) bad("aws", key, "'" + printable(value, 200) + "' is not an http:// or https:// URL");
  } else if (key != "profile") {
    bad("aws", key, "is not a setting (region, profile, endpoint_url)");
  }
}

void check_file_setting(std::string_view key, std::string_view value) {
  if (key != "keydir" && key != "key_file") bad("file", key, "is not a setting (keydir, key_file)");
  if (value.empty()) bad("file", key, "must not be empty");
}

}  // namespace hush::vault_client
