#pragma once
// Small shared pieces of the AWS response parsers.
#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

#include "hush/common/secret.hpp"
#include "hush/vault_client/store_error.hpp"

namespace hush::vault_client::aws::detail {

[[noreturn]] inline void malformed(std::string_view what) {
  throw StoreError(StoreFailure::bad_response, "malformed AWS response: " + std::string(what));
}

// A string member, or empty when absent or not a string.
inline std::string string_member(const nlohmann::json& object, const char* key) {
  const auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// A string member straight into a guarded buffer; false when absent or not a string.
inline bool secret_member(const nlohmann::json& object, const char* key, SecretBuffer& out) {
  const auto it = object.find(key);
  if (it == object.end() || !it->is_string()) return false;
  out = SecretBuffer(it->get_ref<const std::string&>());
  return true;
}

inline std::string_view trim_space(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\n' || s.front() == '\r' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\n' || s.back() == '\r' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// Base64 (standard alphabet, padding, whitespace ignored) decoded into a guarded buffer.
bool base64_decode(std::string_view text, SecretBuffer& out);

// A server-provided message made safe for one log/error line: control characters dropped, cut.
std::string printable_message(std::string_view message, std::size_t limit = 300);

}  // namespace hush::vault_client::aws::detail
