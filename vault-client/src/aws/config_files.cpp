#include "hush/vault_client/aws/config_files.hpp"

#include <cstdio>
#include <memory>

#include "hush/common/text.hpp"

namespace hush::vault_client::aws {
namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v'; }

// "value # note": a comment needs whitespace before it, so values like "a#b" stay whole.
std::string_view strip_inline_comment(std::string_view value) {
  for (std::size_t i = 1; i < value.size(); ++i) {
    if ((value[i] == '#' || value[i] == ';') && is_space(value[i - 1])) return trim(value.substr(0, i));
  }
  return value;
}

// Every well-formed section header of a file, so an empty [name] still counts as present.
std::vector<std::string_view> section_names(std::string_view text) {
  std::vector<std::string_view> out;
  while (!text.empty()) {
    const auto eol = text.find('\n');
    const std::string_view line = trim(text.substr(0, eol));
    text = eol == std::string_view::npos ? std::string_view{} : text.substr(eol + 1);
    const auto close = line.find(']');
    if (!line.empty() && line.front() == '[' && close != std::string_view::npos)
      out.push_back(trim(line.substr(1, close - 1)));
  }
  return out;
}

std::string expand_home(const Environment& env, std::string path) {
  if (!path.empty() && path[0] == '~' && (path.size() == 1 || path[1] == '/')) {
    path = env_value(env, "HOME") + path.substr(1);
  }
  return path;
}

// Section names that name a profile in the config file: "default" and "profile NAME".
std::string_view config_profile_name(std::string_view section) {
  if (section == "default") return section;
  if (section.substr(0, 7) == "profile" && section.size() > 7 && is_space(section[7])) return trim(section.substr(8));
  return {};
}

void apply(Profile& profile, std::string_view key, std::string_view value) {
  auto set = [&](const char* wanted, std::string& field) {
    if (ascii_iequals(key, wanted)) field = std::string(value);
  };
  if (ascii_iequals(key, "aws_secret_access_key")) {
    profile.secret_access_key = SecretBuffer(value);
  } else if (ascii_iequals(key, "aws_session_token")) {
    profile.session_token = SecretBuffer(value);
  } else {
    set("aws_access_key_id", profile.access_key_id);
    set("region", profile.region);
    set("role_arn", profile.role_arn);
    set("source_profile", profile.source_profile);
    set("credential_source", profile.credential_source);
    set("role_session_name", profile.role_session_name);
    set("external_id", profile.external_id);
    set("web_identity_token_file", profile.web_identity_token_file);
    set("credential_process", profile.credential_process);
    set("endpoint_url", profile.endpoint_url);
  }
}

struct FileCloser {
  void operator()(std::FILE* f) const noexcept { std::fclose(f); }
};

}  // namespace

std::vector<IniEntry> parse_ini(std::string_view text) {
  std::vector<IniEntry> out;
  std::string_view section;
  bool in_section = false;
  bool nested = false;  // inside the indented block of a "key =" with no value
  while (!text.empty()) {
    const auto eol = text.find('\n');
    const std::string_view raw = text.substr(0, eol);
    text = eol == std::string_view::npos ? std::string_view{} : text.substr(eol + 1);
    const std::string_view line = trim(raw);
    if (line.empty() || line.front() == '#' || line.front() == ';') continue;
    if (line.front() == '[') {
      const auto close = line.find(']');
      if (close == std::string_view::npos) {
        in_section = false;  // a broken header: ignore what follows until the next good one
        continue;
      }
      section = trim(line.substr(1, close - 1));
      in_section = true;
      nested = false;
      continue;
    }
    const bool indented = !raw.empty() && (raw.front() == ' ' || raw.front() == '\t');
    if (nested && indented) continue;
    nested = false;
    if (!in_section) continue;
    const auto eq = line.find('=');
    if (eq == std::string_view::npos) continue;
    const std::string_view key = trim(line.substr(0, eq));
    const std::string_view value = strip_inline_comment(trim(line.substr(eq + 1)));
    if (key.empty()) continue;
    if (value.empty()) {
      nested = true;
      continue;
    }
    out.push_back(IniEntry{section, key, value});
  }
  return out;
}

std::string selected_profile_name(const Environment& env) {
  std::string name = env_value(env, "AWS_PROFILE");
  if (name.empty()) name = env_value(env, "AWS_DEFAULT_PROFILE");
  return name.empty() ? "default" : name;
}

Profile profile_from_text(std::string_view credentials_text, std::string_view config_text, std::string_view name) {
  Profile profile;
  profile.name = std::string(name);
  // Config first, credentials second: the credentials file wins where both set a key.
  for (const auto& entry : parse_ini(config_text)) {
    // "[profile default]" is accepted as well as "[default]".
    if (config_profile_name(entry.section) != name) continue;
    profile.found = true;
    apply(profile, entry.key, entry.value);
  }
  for (const auto& entry : parse_ini(credentials_text)) {
    if (entry.section != name) continue;
    profile.found = true;
    apply(profile, entry.key, entry.value);
  }
  for (const auto section : section_names(config_text))
    profile.found = profile.found || config_profile_name(section) == name;
  for (const auto section : section_names(credentials_text)) profile.found = profile.found || section == name;
  return profile;
}

std::string credentials_file_path(const Environment& env) {
  const std::string set = env_value(env, "AWS_SHARED_CREDENTIALS_FILE");
  return expand_home(env, set.empty() ? "~/.aws/credentials" : set);
}

std::string config_file_path(const Environment& env) {
  const std::string set = env_value(env, "AWS_CONFIG_FILE");
  return expand_home(env, set.empty() ? "~/.aws/config" : set);
}

bool read_secret_file(const std::string& path, SecretBuffer& out) {
  std::unique_ptr<std::FILE, FileCloser> file(std::fopen(path.c_str(), "rb"));
  if (!file) return false;
  out.clear();
  char chunk[4096];
  std::size_t n = 0;
  while ((n = std::fread(chunk, 1, sizeof chunk, file.get())) > 0) out.append(std::string_view(chunk, n));
  secure_wipe(chunk, sizeof chunk);
  return std::ferror(file.get()) == 0;
}

Profile load_profile(const Environment& env, std::string_view name) {
  SecretBuffer credentials;
  SecretBuffer config;
  (void)read_secret_file(credentials_file_path(env), credentials);
  (void)read_secret_file(config_file_path(env), config);
  return profile_from_text(credentials.view(), config.view(), name);
}

}  // namespace hush::vault_client::aws
