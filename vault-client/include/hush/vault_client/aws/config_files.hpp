#pragma once
// The shared AWS credentials and config files (INI), read the way the SDKs read them: profile
// `name` is section [name] in the credentials file and [profile name] (or [default]) in the config
// file; where both set a key, the credentials file wins.
#include <string>
#include <string_view>
#include <vector>

#include "hush/common/secret.hpp"
#include "hush/vault_client/aws/environment.hpp"

namespace hush::vault_client::aws {

struct IniEntry {
  std::string_view section;  // as written between the brackets, trimmed
  std::string_view key;      // trimmed; compare case-insensitively
  std::string_view value;    // trimmed, inline " #"/" ;" comment removed
};

// Entries in file order, viewing into `text`. Comment lines (# or ;), blank lines, entries
// before the first section and nested sub-properties (indented lines under "key =") are skipped.
[[nodiscard]] std::vector<IniEntry> parse_ini(std::string_view text);

struct Profile {
  std::string name;
  bool found = false;  // a section for it exists in either file
  std::string access_key_id;
  SecretBuffer secret_access_key;
  SecretBuffer session_token;
  std::string region;
  std::string role_arn;
  std::string source_profile;
  std::string credential_source;
  std::string role_session_name;
  std::string external_id;
  std::string web_identity_token_file;
  std::string credential_process;
  std::string endpoint_url;
};

// The profile named by AWS_PROFILE, then AWS_DEFAULT_PROFILE, else "default".
[[nodiscard]] std::string selected_profile_name(const Environment& env);

// A profile from the two files' contents (either may be empty).
[[nodiscard]] Profile profile_from_text(std::string_view credentials_text, std::string_view config_text,
                                        std::string_view name);

// Where the files are: AWS_SHARED_CREDENTIALS_FILE / AWS_CONFIG_FILE, else ~/.aws/credentials and
// ~/.aws/config ("~" from HOME).
[[nodiscard]] std::string credentials_file_path(const Environment& env);
[[nodiscard]] std::string config_file_path(const Environment& env);

// Reads both files (a missing file counts as empty) and returns the profile.
[[nodiscard]] Profile load_profile(const Environment& env, std::string_view name);

// A whole file into guarded memory; false when it cannot be opened.
[[nodiscard]] bool read_secret_file(const std::string& path, SecretBuffer& out);

}  // namespace hush::vault_client::aws
