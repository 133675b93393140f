#include "hush/vault_client/vault_config.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <memory>

#include "hush/common/enum_names.hpp"
#include "hush/common/error.hpp"
#include "hush/common/text.hpp"
#include "hush/common/unique_fd.hpp"

extern char** environ;  // NOLINT(readability-redundant-declaration): POSIX requires the program to declare it

namespace hush::vault_client {
namespace {

std::optional<std::string_view> lookup(const Environment& env, std::string_view name) {
  const auto it = env.find(name);
  if (it == env.end() || it->second.empty()) return std::nullopt;
  return std::string_view(it->second);
}

std::string pick(const std::optional<std::string>& setting, const Environment& env, std::string_view name,
                 std::string_view fallback = {}) {
  if (setting) return *setting;
  if (const auto value = lookup(env, name)) return std::string(*value);
  return std::string(fallback);
}

// Go's strconv.ParseBool, which Vault uses for VAULT_SKIP_VERIFY.
bool parse_bool(std::string_view name, std::string_view text) {
  for (const char* yes : {"1", "t", "T", "TRUE", "true", "True"}) {
    if (text == yes) return true;
  }
  for (const char* no : {"0", "f", "F", "FALSE", "false", "False"}) {
    if (text == no) return false;
  }
  throw Error(ErrorKind::config, std::string(name) + " must be true or false");
}

std::chrono::milliseconds parse_timeout(std::string_view name, std::string_view text) {
  const auto timeout = parse_vault_duration(text);
  if (!timeout) throw Error(ErrorKind::config, std::string(name) + " must be a positive duration such as 30s or 1m");
  return *timeout;
}

bool is_port(std::string_view text) noexcept {
  if (text.empty() || text.size() > 5) return false;
  unsigned value = 0;
  for (const char c : text) {
    if (c < '0' || c > '9') return false;
    value = value * 10 + static_cast<unsigned>(c - '0');
  }
  return value >= 1 && value <= 65535;
}

bool is_host(std::string_view host) noexcept {
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') {
    return std::all_of(host.begin() + 1, host.end() - 1, [](char c) {
      return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == ':' || c == '.';
    });
  }
  return !host.empty() && std::all_of(host.begin(), host.end(), [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '.' || c == '-' ||
           c == '_';
  });
}

// What is stripped around a token or AppRole id read from a file or the environment.
constexpr std::string_view token_blanks = " \t\r\n";

bool file_exists(const std::string& path) { return !path.empty() && access(path.c_str(), R_OK) == 0; }

constexpr EnumName<VaultAuthMethod> auth_method_names[] = {{VaultAuthMethod::token, "token"},
                                                           {VaultAuthMethod::approle, "approle"},
                                                           {VaultAuthMethod::kubernetes, "kubernetes"},
                                                           {VaultAuthMethod::jwt, "jwt"}};

}  // namespace

bool is_vault_address(std::string_view address) noexcept {
  if (std::any_of(address.begin(), address.end(),
                  [](char c) { return static_cast<unsigned char>(c) <= 0x20 || c == 0x7f; }))
    return false;
  if (address.starts_with("unix://")) return address.size() > 8 && address[7] == '/';
  std::string_view rest;
  if (address.starts_with("https://")) rest = address.substr(8);
  else if (address.starts_with("http://")) rest = address.substr(7);
  else return false;
  const std::string_view authority = rest.substr(0, rest.find_first_of("/?#"));
  const auto colon = authority.rfind(':');
  if (colon != std::string_view::npos && authority.find(']', colon) == std::string_view::npos) {
    return is_host(authority.substr(0, colon)) && is_port(authority.substr(colon + 1));
  }
  return is_host(authority);
}

// Go durations as Vault reads them ("30s", "1m"), or bare seconds.
std::optional<std::chrono::milliseconds> parse_vault_duration(std::string_view text) {
  std::int64_t total_ms = 0;
  std::size_t i = 0;
  bool any = false;
  while (i < text.size()) {
    std::int64_t n = 0;
    const std::size_t start = i;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9' && n < 1000000000) n = n * 10 + (text[i++] - '0');
    if (i == start) return std::nullopt;
    std::size_t unit_end = i;
    while (unit_end < text.size() && (text[unit_end] < '0' || text[unit_end] > '9')) ++unit_end;
    const std::string_view unit = text.substr(i, unit_end - i);
    i = unit_end;
    if (unit.empty() || unit == "s") total_ms += n * 1000;
    else if (unit == "ms") total_ms += n;
    else if (unit == "m") total_ms += n * 60000;
    else if (unit == "h") total_ms += n * 3600000;
    else return std::nullopt;
    any = true;
  }
  if (!any || total_ms <= 0) return std::nullopt;
  return std::chrono::milliseconds(total_ms);
}

Environment process_environment() {
  Environment env;
  for (char** entry = environ; entry != nullptr && *entry != nullptr; ++entry) {
    const std::string_view text(*entry);
    const std::size_t eq = text.find('=');
    if (eq == std::string_view::npos) continue;
    const std::string_view name = text.substr(0, eq);
    const bool wanted = name.rfind("VAULT_", 0) == 0 || name.rfind("HUSH_VAULT_", 0) == 0 ||
                        name.rfind("AWS_", 0) == 0 || name == "HOME" || name == "https_proxy" ||
                        name == "HTTPS_PROXY" || name == "no_proxy" || name == "NO_PROXY";
    if (wanted) env.emplace(std::string(name), std::string(text.substr(eq + 1)));
  }
  return env;
}

const char* auth_method_name(VaultAuthMethod method) noexcept { return name_of(auth_method_names, method, "token"); }

std::optional<VaultAuthMethod> parse_auth_method(std::string_view text) noexcept {
  return value_named(auth_method_names, text);
}

SecretBuffer read_secret_file(const std::string& path) {
  const UniqueFd fd(open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd) {
    throw StoreError(StoreFailure::auth_failed, "cannot read credential file " + path + ": " + std::strerror(errno));
  }
  SecretBuffer raw;
  std::array<char, 4096> chunk{};
  for (;;) {
    const ssize_t n = read(fd.get(), chunk.data(), chunk.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      const int saved = errno;
      secure_wipe(chunk.data(), chunk.size());
      throw StoreError(StoreFailure::auth_failed, "cannot read credential file " + path + ": " + std::strerror(saved));
    }
    if (n == 0) break;
    raw.append(std::string_view(chunk.data(), static_cast<std::size_t>(n)));
    if (raw.size() > 1024 * 1024) {
      secure_wipe(chunk.data(), chunk.size());
      throw StoreError(StoreFailure::auth_failed, "credential file " + path + " is larger than 1 MiB");
    }
  }
  secure_wipe(chunk.data(), chunk.size());
  return SecretBuffer(trim(raw.view(), token_blanks));
}

VaultConfig resolve_vault_config(const VaultSettings& settings, const Environment& env) {
  VaultConfig config;
  config.address = pick(settings.address, env, "VAULT_ADDR", "https://127.0.0.1:8200");
  while (config.address.size() > 1 && config.address.back() == '/') config.address.pop_back();
  if (!is_vault_address(config.address)) {
    throw Error(ErrorKind::config,
                "'" + printable(config.address, 200) +
                    "' is not a Vault address (http://HOST[:PORT], https://HOST[:PORT] or unix:///PATH)");
  }
  if (config.address.starts_with("unix://")) {
    config.http.unix_socket = config.address.substr(7);
    config.address = "http://localhost";
  }
  config.namespace_name = pick(settings.namespace_name, env, "VAULT_NAMESPACE");

  TlsOptions& tls = config.http.tls;
  tls.ca_file = pick(settings.ca_cert, env, "VAULT_CACERT");
  tls.ca_path = pick(settings.ca_path, env, "VAULT_CAPATH");
  tls.client_cert = pick(settings.client_cert, env, "VAULT_CLIENT_CERT");
  tls.client_key = pick(settings.client_key, env, "VAULT_CLIENT_KEY");
  tls.server_name = pick(settings.tls_server_name, env, "VAULT_TLS_SERVER_NAME");
  if (tls.client_cert.empty() != tls.client_key.empty()) {
    throw Error(ErrorKind::config, "a Vault client certificate needs both VAULT_CLIENT_CERT and VAULT_CLIENT_KEY");
  }
  const std::string passphrase_file =
      pick(settings.client_key_passphrase_file, env, "HUSH_VAULT_CLIENT_KEY_PASSPHRASE_FILE");
  if (!passphrase_file.empty()) {
    tls.client_key_passphrase = std::make_shared<const SecretBuffer>(read_secret_file(passphrase_file));
  } else if (const auto passphrase = lookup(env, "HUSH_VAULT_CLIENT_KEY_PASSPHRASE")) {
    tls.client_key_passphrase = std::make_shared<const SecretBuffer>(*passphrase);
  }
  if (settings.skip_verify) {
    tls.verify = !*settings.skip_verify;
  } else if (const auto skip = lookup(env, "VAULT_SKIP_VERIFY")) {
    tls.verify = !parse_bool("VAULT_SKIP_VERIFY", *skip);
  }

  if (settings.request_timeout) {
    config.http.request_timeout = *settings.request_timeout;
  } else if (const auto timeout = lookup(env, "VAULT_CLIENT_TIMEOUT")) {
    config.http.request_timeout = parse_timeout("VAULT_CLIENT_TIMEOUT", *timeout);
  }
  // Without either, the default policy: retries until the caller's deadline (hush's --timeout).
  std::optional<int> retries = settings.max_retries;
  if (!retries) {
    if (const auto text = lookup(env, "VAULT_MAX_RETRIES")) {
      retries = 0;
      for (const char c : *text) {
        if (c < '0' || c > '9' || *retries > 1000) throw Error(ErrorKind::config, "VAULT_MAX_RETRIES must be a number");
        *retries = *retries * 10 + (c - '0');
      }
    }
  }
  if (retries) {
    if (*retries < 0) throw Error(ErrorKind::config, "max_retries must not be negative");
    config.retry.max_attempts = *retries + 1;
  }

  // The token: hush's token_file, else VAULT_TOKEN, else ~/.vault-token.
  if (settings.token_file) {
    config.token = read_secret_file(*settings.token_file);
    config.token_origin = *settings.token_file;
  } else if (const auto token = lookup(env, "VAULT_TOKEN")) {
    config.token = SecretBuffer(trim(*token, token_blanks));
    config.token_origin = "VAULT_TOKEN";
  } else if (const auto home = lookup(env, "HOME")) {
    const std::string path = std::string(*home) + "/.vault-token";
    if (file_exists(path)) {
      config.token = read_secret_file(path);
      config.token_origin = "~/.vault-token";
    }
  }

  VaultAuthConfig& auth = config.auth;
  if (settings.auth_method) {
    auth.method = *settings.auth_method;
  } else if (const auto method = lookup(env, "HUSH_VAULT_AUTH_METHOD")) {
    const auto parsed = parse_auth_method(*method);
    if (!parsed) throw Error(ErrorKind::config, "HUSH_VAULT_AUTH_METHOD must be token, approle, kubernetes or jwt");
    auth.method = *parsed;
  } else if (config.token.empty() &&
             (lookup(env, "HUSH_VAULT_ROLE_ID") || lookup(env, "HUSH_VAULT_ROLE_ID_FILE") || settings.role_id_file)) {
    auth.method = VaultAuthMethod::approle;
  }
  auth.mount = pick(settings.auth_mount, env, "HUSH_VAULT_AUTH_MOUNT", auth_method_name(auth.method));
  while (!auth.mount.empty() && auth.mount.back() == '/') auth.mount.pop_back();
  if (auth.mount.rfind("auth/", 0) == 0) auth.mount.erase(0, 5);
  auth.role = pick(settings.role, env, "HUSH_VAULT_ROLE");

  switch (auth.method) {
    case VaultAuthMethod::token:
      break;
    case VaultAuthMethod::approle: {
      auth.role_id_file = pick(settings.role_id_file, env, "HUSH_VAULT_ROLE_ID_FILE");
      auth.secret_id_file = pick(settings.secret_id_file, env, "HUSH_VAULT_SECRET_ID_FILE");
      if (auth.role_id_file.empty()) {
        if (const auto v = lookup(env, "HUSH_VAULT_ROLE_ID")) auth.role_id = SecretBuffer(trim(*v, token_blanks));
      }
      if (auth.secret_id_file.empty()) {
        if (const auto v = lookup(env, "HUSH_VAULT_SECRET_ID")) auth.secret_id = SecretBuffer(trim(*v, token_blanks));
      }
      if (auth.role_id_file.empty() && auth.role_id.empty()) {
        throw Error(ErrorKind::config, "AppRole login needs a role ID (HUSH_VAULT_ROLE_ID or HUSH_VAULT_ROLE_ID_FILE)");
      }
      break;
    }
    case VaultAuthMethod::kubernetes:
    case VaultAuthMethod::jwt: {
      const bool kubernetes = auth.method == VaultAuthMethod::kubernetes;
      auth.jwt_file = pick(settings.jwt_file, env, "HUSH_VAULT_JWT_FILE", kubernetes ? kubernetes_token_path : "");
      if (auth.role.empty()) {
        throw Error(ErrorKind::config,
                    std::string(auth_method_name(auth.method)) + " login needs a role (HUSH_VAULT_ROLE)");
      }
      if (auth.jwt_file.empty()) throw Error(ErrorKind::config, "JWT login needs a token file (HUSH_VAULT_JWT_FILE)");
      break;
    }
  }
  return config;
}

}  // namespace hush::vault_client
