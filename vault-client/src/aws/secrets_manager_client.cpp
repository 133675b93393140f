#include <nlohmann/json.hpp>

#include "hush/vault_client/aws/secrets_manager.hpp"
#include "hush/vault_client/aws/session.hpp"

namespace hush::vault_client::aws {

SecretReference split_secret_reference(std::string_view reference) {
  const auto hash = reference.find('#');
  if (hash == std::string_view::npos) return {std::string(reference), {}};
  return {std::string(reference.substr(0, hash)), std::string(reference.substr(hash + 1))};
}

namespace {

std::string get_secret_value_input(std::string_view secret_id, const SecretVersion& version) {
  nlohmann::json input{{"SecretId", std::string(secret_id)}};
  if (!version.version_id.empty()) input["VersionId"] = version.version_id;
  if (!version.version_stage.empty()) input["VersionStage"] = version.version_stage;
  return input.dump();
}

JsonCall get_secret_value_call(std::string_view secret_id, std::string_view body) {
  return JsonCall{
      "secretsmanager", "Secrets Manager", "secretsmanager.GetSecretValue", "GetSecretValue", secret_id, body, true};
}

}  // namespace

SecretValue SecretsManagerClient::get_secret_value(std::string_view secret_id, const SecretVersion& version,
                                                   Deadline deadline) {
  const std::string body = get_secret_value_input(secret_id, version);
  const SecretBuffer answer = session_->call_json(get_secret_value_call(secret_id, body), deadline);
  return parse_get_secret_value(answer.view());
}

std::vector<Outcome<SecretValue>> SecretsManagerClient::get_secret_values(std::span<const std::string> secret_ids,
                                                                          Deadline deadline) {
  std::vector<std::string> bodies;
  bodies.reserve(secret_ids.size());
  for (const std::string& id : secret_ids) bodies.push_back(get_secret_value_input(id, {}));
  std::vector<JsonCall> calls;
  for (std::size_t i = 0; i < secret_ids.size(); ++i) calls.push_back(get_secret_value_call(secret_ids[i], bodies[i]));
  std::vector<Outcome<SecretBuffer>> answers = session_->call_json_many(calls, deadline);
  std::vector<Outcome<SecretValue>> out(answers.size());
  for (std::size_t i = 0; i < answers.size(); ++i) {
    try {
      out[i] = Outcome<SecretValue>::of(parse_get_secret_value(answers[i].take().view()));
    } catch (...) {
      out[i] = Outcome<SecretValue>::current_failure();
    }
  }
  return out;
}

SecretBuffer select_secret_key(std::string_view value, bool binary, std::string_view secret_id, std::string_view key) {
  if (key.empty()) return SecretBuffer(value);
  if (binary) {
    throw StoreError(StoreFailure::invalid_request, "Secrets Manager secret '" + std::string(secret_id) +
                                                        "' is binary, so key '" + std::string(key) +
                                                        "' cannot be selected");
  }
  try {
    return select_json_key(value, key);
  } catch (const StoreError& error) {
    throw StoreError(error.failure(), "Secrets Manager secret '" + std::string(secret_id) + "': " + error.what());
  }
}

SecretBuffer SecretsManagerClient::get_secret(std::string_view reference, const SecretVersion& version,
                                              Deadline deadline) {
  const SecretReference parts = split_secret_reference(reference);
  if (parts.secret_id.empty()) {
    throw StoreError(StoreFailure::invalid_request,
                     "Secrets Manager reference '" + std::string(reference) + "' names no secret");
  }
  SecretValue value = get_secret_value(parts.secret_id, version, deadline);
  if (parts.key.empty()) return std::move(value.value);
  return select_secret_key(value.value.view(), value.binary, parts.secret_id, parts.key);
}

}  // namespace hush::vault_client::aws
