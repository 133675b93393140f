#include "vault/vault_response.hpp"

#include <algorithm>
#include <limits>

#include "hush/common/secure_json.hpp"

namespace hush::vault_client::detail {
namespace {

constexpr std::size_t max_error_length = 300;

[[noreturn]] void malformed(std::string_view what) {
  throw StoreError(StoreFailure::bad_response, "Vault returned a malformed " + std::string(what));
}

SecureJson parse_object(std::string_view body, const char* what) {
  SecureJson root;
  const JsonStatus status = read_json(body, root);
  if (status == JsonStatus::too_deep) malformed(std::string(what) + " (" + json_status_text(status) + ")");
  if (status != JsonStatus::ok || !root.is_object()) malformed(what);
  return root;
}

// Absent, or not JSON: answers whose body is only a hint (error lists, a soft delete).
SecureJson parse_optional(std::string_view body) {
  SecureJson root;
  (void)read_json(body, root);
  return root;
}

const SecureJson* member(const SecureJson& object, const char* key) {
  if (!object.is_object()) return nullptr;
  const auto it = object.find(key);
  return it == object.end() ? nullptr : &*it;
}

// The object `key` of `object`, without which the answer is malformed (`missing` says which).
const SecureJson& object_member(const SecureJson& object, const char* key, std::string_view missing) {
  const SecureJson* value = member(object, key);
  if (value == nullptr || !value->is_object()) malformed(missing);
  return *value;
}

// Vault sends durations as numbers of seconds; tolerate numeric strings.
std::optional<std::int64_t> integer(const SecureJson* value) {
  if (value == nullptr) return std::nullopt;
  if (value->is_number_integer()) return value->get<std::int64_t>();
  if (value->is_number_unsigned()) {
    return static_cast<std::int64_t>(
        std::min<std::uint64_t>(value->get<std::uint64_t>(), std::numeric_limits<std::int64_t>::max()));
  }
  if (value->is_number_float()) {
    const double d = value->get<double>();
    if (!(d >= 0.0 && d < 9.0e15)) return std::nullopt;
    return static_cast<std::int64_t>(d);
  }
  if (value->is_string()) {
    const auto& s = value->get_ref<const SecureString&>();
    if (s.empty() || s.size() > 18) return std::nullopt;
    std::int64_t n = 0;
    for (const char c : s) {
      if (c < '0' || c > '9') return std::nullopt;
      n = n * 10 + (c - '0');
    }
    return n;
  }
  return std::nullopt;
}

std::chrono::seconds seconds_of(const SecureJson* value) {
  const auto n = integer(value);
  if (!n || *n < 0) return std::chrono::seconds(0);
  return std::chrono::seconds(std::min<std::int64_t>(*n, 100LL * 365 * 86400));
}

bool boolean(const SecureJson* value) { return value != nullptr && value->is_boolean() && value->get<bool>(); }

std::string plain_string(const SecureJson* value) {
  if (value == nullptr || !value->is_string()) return {};
  const auto& s = value->get_ref<const SecureString&>();
  return std::string(s.data(), s.size());
}

std::vector<std::string> string_list(const SecureJson* value) {
  std::vector<std::string> out;
  if (value == nullptr || !value->is_array()) return out;
  for (const auto& item : *value) {
    if (item.is_string()) out.push_back(plain_string(&item));
  }
  return out;
}

std::string one_line(std::string_view text) {
  std::string out;
  bool space = false;
  for (const char c : text) {
    const bool ws = c == '\n' || c == '\t' || c == '\r' || c == ' ';
    if (ws) {
      space = !out.empty();
      continue;
    }
    if (static_cast<unsigned char>(c) < 0x20) continue;
    if (space) out.push_back(' ');
    space = false;
    out.push_back(c);
    if (out.size() >= max_error_length) {
      out += "...";
      break;
    }
  }
  return out;
}

}  // namespace

std::vector<std::string> parse_errors(std::string_view body) {
  std::vector<std::string> out;
  const SecureJson root = parse_optional(body);
  const SecureJson* errors = member(root, "errors");
  if (errors == nullptr || !errors->is_array()) return out;
  for (const auto& item : *errors) {
    if (!item.is_string()) continue;
    std::string line = one_line(plain_string(&item));
    if (!line.empty()) out.push_back(std::move(line));
    if (out.size() >= 5) break;
  }
  return out;
}

VaultSecret parse_secret(std::string_view body, int kv_version) {
  const SecureJson root = parse_object(body, "secret response");
  VaultSecret secret;
  secret.kv_version = kv_version;
  secret.lease_id = plain_string(member(root, "lease_id"));
  secret.lease_duration = seconds_of(member(root, "lease_duration"));
  secret.renewable = boolean(member(root, "renewable"));
  secret.warnings = string_list(member(root, "warnings"));
  const SecureJson* data = &object_member(root, "data", "secret response (no data)");
  if (kv_version == 2) {
    const SecureJson* metadata = member(*data, "metadata");
    if (metadata != nullptr && metadata->is_object()) {
      const auto version = integer(member(*metadata, "version"));
      if (version && *version >= 0 && *version <= std::numeric_limits<int>::max())
        secret.version = static_cast<int>(*version);
    }
    data = &object_member(*data, "data", "KV v2 response (no data.data)");
  }
  for (auto it = data->begin(); it != data->end(); ++it) {
    const SecureString& key = it.key();
    secret.data.emplace(std::string(key.data(), key.size()), secret_text(*it));
  }
  return secret;
}

std::optional<KvVersionGone> parse_kv2_gone(std::string_view body) {
  const SecureJson root = parse_optional(body);
  const SecureJson* data = member(root, "data");
  if (data == nullptr || !data->is_object()) return std::nullopt;
  const SecureJson* metadata = member(*data, "metadata");
  if (metadata == nullptr || !metadata->is_object()) return std::nullopt;
  KvVersionGone gone;
  const auto version = integer(member(*metadata, "version"));
  if (version && *version >= 0 && *version <= std::numeric_limits<int>::max())
    gone.version = static_cast<int>(*version);
  gone.destroyed = boolean(member(*metadata, "destroyed"));
  gone.deletion_time = one_line(plain_string(member(*metadata, "deletion_time")));
  if (!gone.destroyed && gone.deletion_time.empty()) return std::nullopt;
  return gone;
}

VaultAuthData parse_auth(std::string_view body) {
  const SecureJson root = parse_object(body, "auth response");
  const SecureJson& auth = object_member(root, "auth", "auth response (no auth block)");
  const SecureJson* token = member(auth, "client_token");
  if (token == nullptr || !token->is_string() || token->get_ref<const SecureString&>().empty()) {
    malformed("auth response (no client token)");
  }
  VaultAuthData out;
  const auto& t = token->get_ref<const SecureString&>();
  out.client_token.append(std::string_view(t.data(), t.size()));
  out.policies = string_list(member(auth, "policies"));
  out.lease_duration = seconds_of(member(auth, "lease_duration"));
  out.renewable = boolean(member(auth, "renewable"));
  out.warnings = string_list(member(root, "warnings"));
  return out;
}

TokenLookup parse_token_lookup(std::string_view body) {
  const SecureJson root = parse_object(body, "token lookup");
  const SecureJson& data = object_member(root, "data", "token lookup (no data)");
  TokenLookup out;
  out.ttl = seconds_of(member(data, "ttl"));
  out.creation_ttl = seconds_of(member(data, "creation_ttl"));
  out.renewable = boolean(member(data, "renewable"));
  return out;
}

VaultLease parse_lease(std::string_view body) {
  const SecureJson root = parse_object(body, "lease response");
  VaultLease lease;
  lease.lease_id = plain_string(member(root, "lease_id"));
  if (lease.lease_id.empty()) malformed("lease response (no lease id)");
  lease.duration = seconds_of(member(root, "lease_duration"));
  lease.renewable = boolean(member(root, "renewable"));
  lease.warnings = string_list(member(root, "warnings"));
  return lease;
}

VaultMount parse_mount(std::string_view body) {
  const SecureJson root = parse_object(body, "mount description");
  const SecureJson& data = object_member(root, "data", "mount description (no data)");
  VaultMount mount;
  mount.path = plain_string(member(data, "path"));
  mount.type = plain_string(member(data, "type"));
  if (mount.path.empty() || mount.type.empty()) malformed("mount description (no path or type)");
  if (mount.path.back() != '/') mount.path.push_back('/');
  if (mount.type == "kv" || mount.type == "generic") {
    mount.kv_version = 1;
    const SecureJson* options = member(data, "options");
    const auto version = integer(member(options == nullptr ? data : *options, "version"));
    if (mount.type == "kv" && version && *version == 2) mount.kv_version = 2;
  }
  return mount;
}

std::vector<std::string> parse_list(std::string_view body) {
  const SecureJson root = parse_object(body, "list response");
  const SecureJson* data = member(root, "data");
  const SecureJson* keys = data == nullptr ? nullptr : member(*data, "keys");
  if (keys == nullptr || !keys->is_array()) malformed("list response (no data.keys)");
  return string_list(keys);
}

VaultHealth parse_health(std::string_view body, long status) {
  const SecureJson root = parse_object(body, "health response");
  VaultHealth health;
  health.status = status;
  health.initialized = boolean(member(root, "initialized"));
  health.sealed = boolean(member(root, "sealed"));
  health.standby = boolean(member(root, "standby"));
  health.performance_standby = boolean(member(root, "performance_standby"));
  health.version = one_line(plain_string(member(root, "version")));
  return health;
}

void append_json_string(SecretBuffer& out, std::string_view text) {
  static constexpr char hex[] = "0123456789abcdef";
  out.append("\"");
  std::size_t run = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    const char* escape = nullptr;
    char unicode[7] = {'\\', 'u', '0', '0', 0, 0, 0};
    if (c == '"') escape = "\\\"";
    else if (c == '\\') escape = "\\\\";
    else if (c == '\n') escape = "\\n";
    else if (c == '\r') escape = "\\r";
    else if (c == '\t') escape = "\\t";
    else if (c < 0x20) {
      unicode[4] = hex[c >> 4];
      unicode[5] = hex[c & 0x0f];
      escape = unicode;
    }
    if (escape == nullptr) continue;
    out.append(text.substr(run, i - run));
    out.append(escape);
    run = i + 1;
  }
  out.append(text.substr(run));
  out.append("\"");
}

}  // namespace hush::vault_client::detail
