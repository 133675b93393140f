#pragma once
// Small shared pieces of the AWS response parsers.
#include <string>
#include <string_view>

#include "hush/common/secret.hpp"
#include "hush/common/secure_json.hpp"
#include "hush/common/text.hpp"
#include "hush/vault_client/store_error.hpp"

namespace hush::vault_client::aws::detail {

[[noreturn]] inline void malformed(std::string_view what) {
  throw StoreError(StoreFailure::bad_response, "malformed AWS response: " + std::string(what));
}

// A body that must be a JSON object; `what` names it in the error ("SSM GetParameter answer").
[[nodiscard]] inline SecureJson parse_object(std::string_view body, std::string_view what) {
  SecureJson document;
  const JsonStatus status = read_json(body, document);
  if (status == JsonStatus::too_deep) malformed(std::string(what) + ": " + json_status_text(status));
  if (status != JsonStatus::ok || !document.is_object()) malformed(std::string(what) + " is not a JSON object");
  return document;
}

inline std::string_view text_of(const SecureJson& string) {
  const auto& text = string.get_ref<const SecureString&>();
  return {text.data(), text.size()};
}

// A string member, or empty when absent or not a string. For metadata, never for values.
inline std::string string_member(const SecureJson& object, const char* key) {
  const auto it = object.find(key);
  return it != object.end() && it->is_string() ? std::string(text_of(*it)) : std::string();
}

// A string member straight into a guarded buffer; false when absent or not a string.
inline bool secret_member(const SecureJson& object, const char* key, SecretBuffer& out) {
  const auto it = object.find(key);
  if (it == object.end() || !it->is_string()) return false;
  out = SecretBuffer(text_of(*it));
  return true;
}

// What trim() strips around a token file's or an instance-metadata answer's value.
inline constexpr std::string_view value_blanks = " \t\r\n";

// Base64 (standard alphabet, padding, whitespace ignored) decoded into a guarded buffer.
bool base64_decode(std::string_view text, SecretBuffer& out);

}  // namespace hush::vault_client::aws::detail
