#pragma once
// AWS Systems Manager Parameter Store: single, batched and path reads.
#include <string>
#include <string_view>
#include <vector>

#include "hush/vault_client/aws/responses.hpp"
#include "hush/vault_client/deadline.hpp"

namespace hush::vault_client::aws {

class AwsSession;

struct ParametersResult {
  std::vector<Parameter> parameters;  // in the order AWS returned them
  std::vector<std::string> invalid;   // names that do not exist (or are not readable as named)
};

struct PathOptions {
  bool recursive = false;       // include every level below the path, not just direct children
  bool with_decryption = true;  // SecureString values in clear
};

class SsmClient {
 public:
  explicit SsmClient(AwsSession& session) : session_(&session) {}

  // One parameter (a name, an ARN, or "name:version" / "name:label"). Missing: StoreError(not_found)
  // naming the parameter.
  [[nodiscard]] Parameter get_parameter(std::string_view name, bool with_decryption, Deadline deadline);

  // Any number of names, fetched in batches of 10 (the API's limit). Names AWS reports as invalid
  // come back in `invalid`; the caller decides whether that fails.
  [[nodiscard]] ParametersResult get_parameters(const std::vector<std::string>& names, bool with_decryption,
                                                Deadline deadline);

  // Every parameter under `path` ("/app/prod" or "/app/prod/"), following NextToken to the end.
  [[nodiscard]] std::vector<Parameter> get_parameters_by_path(std::string_view path, const PathOptions& options,
                                                              Deadline deadline);

 private:
  AwsSession* session_;
};

}  // namespace hush::vault_client::aws
