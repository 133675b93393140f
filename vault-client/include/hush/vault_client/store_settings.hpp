#pragma once
// hush.toml's store sections ([vault], [aws], [file]) checked when the configuration is loaded, so
// a mistake there is a configuration error (exit 2) at once, whether or not a reference to that
// store is used in this run.
#include <map>
#include <string>
#include <string_view>

#include "hush/vault_client/vault_config.hpp"

namespace hush::vault_client {

// Each throws hush::Error(config) naming the section and key: an unknown key, or a value the
// store could never use (an address that is not a URL, an unknown auth method, a timeout that is
// not a duration, a malformed region or endpoint).
void check_vault_setting(std::string_view key, std::string_view value);
void check_aws_setting(std::string_view key, std::string_view value);
void check_file_setting(std::string_view key, std::string_view value);

// [vault] as VaultSettings, every key checked as above.
[[nodiscard]] VaultSettings parse_vault_settings(const std::map<std::string, std::string>& section);

}  // namespace hush::vault_client
