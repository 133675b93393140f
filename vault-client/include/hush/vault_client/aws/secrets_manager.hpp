#pragma once
// AWS Secrets Manager: GetSecretValue, and the `name#key` reference form for JSON secrets.
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "hush/common/secret.hpp"
#include "hush/vault_client/aws/responses.hpp"
#include "hush/vault_client/deadline.hpp"
#include "hush/vault_client/outcome.hpp"

namespace hush::vault_client::aws {

class AwsSession;

struct SecretVersion {
  std::string version_id;     // a specific version; empty: by stage
  std::string version_stage;  // e.g. AWSPREVIOUS; empty: AWSCURRENT
};

// "name#json.key" -> {"name", "json.key"}; without '#', key is empty. ('#' cannot occur in secret
// names or ARNs, so the first one separates.)
struct SecretReference {
  std::string secret_id;
  std::string key;
};
[[nodiscard]] SecretReference split_secret_reference(std::string_view reference);

// What `key` names in a secret already fetched: the whole value when empty, else one key of a
// JSON secret (see select_json_key). A binary secret cannot be keyed into. Errors name
// `secret_id` and the key, never the value.
[[nodiscard]] SecretBuffer select_secret_key(std::string_view value, bool binary, std::string_view secret_id,
                                             std::string_view key);

class SecretsManagerClient {
 public:
  explicit SecretsManagerClient(AwsSession& session) : session_(&session) {}

  // The secret's value (SecretString, or SecretBinary decoded). Missing: StoreError(not_found).
  [[nodiscard]] SecretValue get_secret_value(std::string_view secret_id, const SecretVersion& version,
                                             Deadline deadline);
  // The current values of several secrets at once; each outcome is what get_secret_value would
  // have returned or thrown.
  [[nodiscard]] std::vector<Outcome<SecretValue>> get_secret_values(std::span<const std::string> secret_ids,
                                                                    Deadline deadline);

  // The value a reference names: the whole secret, or with "#key" one key of a JSON secret (see
  // select_json_key). A binary secret cannot be keyed into.
  [[nodiscard]] SecretBuffer get_secret(std::string_view reference, const SecretVersion& version, Deadline deadline);

 private:
  AwsSession* session_;
};

}  // namespace hush::vault_client::aws
