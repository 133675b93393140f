#include "aws/parse_support.hpp"
#include "hush/vault_client/aws/responses.hpp"

namespace hush::vault_client::aws {

using detail::malformed;

SecretValue parse_get_secret_value(std::string_view body) {
  const SecureJson document = detail::parse_object(body, "Secrets Manager GetSecretValue answer");
  SecretValue out;
  out.arn = detail::string_member(document, "ARN");
  out.name = detail::string_member(document, "Name");
  out.version_id = detail::string_member(document, "VersionId");
  const auto stages = document.find("VersionStages");
  if (stages != document.end() && stages->is_array()) {
    for (const auto& stage : *stages) {
      if (stage.is_string()) out.version_stages.emplace_back(detail::text_of(stage));
    }
  }
  if (detail::secret_member(document, "SecretString", out.value)) return out;
  const auto binary = document.find("SecretBinary");
  if (binary != document.end() && binary->is_string()) {
    if (!detail::base64_decode(detail::text_of(*binary), out.value)) malformed("SecretBinary is not valid base64");
    out.binary = true;
    return out;
  }
  malformed("Secrets Manager GetSecretValue answer holds neither SecretString nor SecretBinary");
}

}  // namespace hush::vault_client::aws
