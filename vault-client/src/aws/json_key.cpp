#include "aws/parse_support.hpp"
#include "hush/vault_client/aws/responses.hpp"

namespace hush::vault_client::aws {
namespace {

const SecureJson* find_path(const SecureJson& root, std::string_view key) {
  if (const auto exact = root.find(key); exact != root.end()) return &*exact;
  const SecureJson* node = &root;
  while (!key.empty()) {
    if (!node->is_object()) return nullptr;
    const auto dot = key.find('.');
    const auto it = node->find(key.substr(0, dot));
    if (it == node->end()) return nullptr;
    node = &*it;
    key = dot == std::string_view::npos ? std::string_view{} : key.substr(dot + 1);
  }
  return node;
}

// `wanted` names what the caller was after, for the message: "its key 'db.password'".
SecureJson parse_secret_object(std::string_view secret_json, const std::string& wanted) {
  SecureJson parsed;
  const JsonStatus status = read_json(secret_json, parsed);
  if (status == JsonStatus::too_deep) {
    throw StoreError(StoreFailure::bad_response,
                     "the secret is " + json_status_text(status) + ", so " + wanted + " is not read");
  }
  if (status != JsonStatus::ok || !parsed.is_object()) {
    throw StoreError(StoreFailure::bad_response,
                     "the secret is not a JSON object, so " + wanted + " cannot be selected");
  }
  return parsed;
}

}  // namespace

SecretBuffer select_json_key(std::string_view secret_json, std::string_view key) {
  const SecureJson parsed = parse_secret_object(secret_json, "its key '" + std::string(key) + "'");
  const SecureJson* found = key.empty() ? nullptr : find_path(parsed, key);
  if (found == nullptr)
    throw StoreError(StoreFailure::not_found, "the secret has no JSON key '" + std::string(key) + "'");
  return secret_text(*found);
}

std::vector<std::pair<std::string, SecretBuffer>> json_secret_entries(std::string_view secret_json) {
  const SecureJson parsed = parse_secret_object(secret_json, "its keys");
  std::vector<std::pair<std::string, SecretBuffer>> out;
  for (auto it = parsed.begin(); it != parsed.end(); ++it)
    out.emplace_back(std::string(it.key().data(), it.key().size()), secret_text(*it));
  return out;
}

}  // namespace hush::vault_client::aws
