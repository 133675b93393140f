#include "aws/json_scrub.hpp"
#include "hush/vault_client/aws/responses.hpp"

namespace hush::vault_client::aws {
namespace {

const nlohmann::json* find_path(const nlohmann::json& root, std::string_view key) {
  if (const auto exact = root.find(std::string(key)); exact != root.end()) return &*exact;
  const nlohmann::json* node = &root;
  while (!key.empty()) {
    if (!node->is_object()) return nullptr;
    const auto dot = key.find('.');
    const auto it = node->find(std::string(key.substr(0, dot)));
    if (it == node->end()) return nullptr;
    node = &*it;
    key = dot == std::string_view::npos ? std::string_view{} : key.substr(dot + 1);
  }
  return node;
}

}  // namespace

SecretBuffer select_json_key(std::string_view secret_json, std::string_view key) {
  const detail::ScrubbedJson parsed(secret_json);
  if (!parsed.valid() || !parsed.get().is_object()) {
    throw StoreError(StoreFailure::bad_response,
                     "the secret is not a JSON object, so its key '" + std::string(key) + "' cannot be selected");
  }
  const nlohmann::json* found = key.empty() ? nullptr : find_path(parsed.get(), key);
  if (found == nullptr) throw StoreError(StoreFailure::not_found, "the secret has no JSON key '" + std::string(key) + "'");
  if (found->is_string()) return SecretBuffer(found->get_ref<const std::string&>());
  std::string text = found->dump();
  SecretBuffer out(text);
  secure_wipe(text.data(), text.size());
  return out;
}

}  // namespace hush::vault_client::aws
