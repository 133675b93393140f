#include "aws/parse_support.hpp"
#include "hush/vault_client/aws/responses.hpp"

namespace hush::vault_client::aws {

using detail::malformed;

Credentials parse_credentials_json(std::string_view body, std::string source) {
  const SecureJson document = detail::parse_object(body, "credentials answer");
  // IMDS reports a failed role lookup in Code while still answering 200.
  const std::string code = detail::string_member(document, "Code");
  if (!code.empty() && code != "Success") {
    throw StoreError(StoreFailure::auth_failed, source + " reported credentials status '" + printable(code, 60) + "'");
  }
  Credentials out;
  out.source = std::move(source);
  out.access_key_id = detail::string_member(document, "AccessKeyId");
  if (out.access_key_id.empty()) malformed("credentials answer without AccessKeyId");
  if (!detail::secret_member(document, "SecretAccessKey", out.secret_access_key) || out.secret_access_key.empty()) {
    malformed("credentials answer without SecretAccessKey");
  }
  (void)detail::secret_member(document, "Token", out.session_token);
  const std::string expiration = detail::string_member(document, "Expiration");
  if (!expiration.empty()) {
    out.expiration = parse_iso8601(expiration);
    if (!out.expiration) malformed("credentials answer with an unreadable Expiration");
  }
  return out;
}

}  // namespace hush::vault_client::aws
