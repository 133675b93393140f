#include "hush/vault_client/retry.hpp"
#include "vault/vault_impl.hpp"
#include "vault/vault_response.hpp"

namespace hush::vault_client {
namespace {

std::string joined(const std::vector<std::string>& errors) {
  std::string out;
  for (const auto& e : errors) {
    if (!out.empty()) out += "; ";
    out += e;
  }
  return out;
}

bool contains(const std::vector<std::string>& errors, std::string_view needle) {
  for (const auto& e : errors) {
    if (e.find(needle) != std::string::npos) return true;
  }
  return false;
}

}  // namespace

bool mentions_invalid_token(const HttpResponse& response) {
  return response.status == 403 && contains(detail::parse_errors(response.body.view()), "invalid token");
}

void throw_vault_error(const HttpResponse& response, std::string_view what, std::string_view api_path) {
  const auto errors = detail::parse_errors(response.body.view());
  const std::string said = errors.empty() ? std::string() : " (Vault: " + joined(errors) + ")";
  const std::string where =
      std::string(what) + (what == api_path ? std::string() : " at Vault path " + std::string(api_path));
  const long status = response.status;
  const auto retry_after = retry_after_of(response);
  switch (status) {
    case 400:
      throw StoreError(StoreFailure::invalid_request, "Vault rejected the request for " + where + said);
    case 401:
      throw StoreError(StoreFailure::auth_failed, "Vault did not accept the credentials for " + where + said);
    case 403:
      if (contains(errors, "invalid token")) {
        throw StoreError(StoreFailure::auth_failed, "Vault token is invalid or expired (" + where + ")");
      }
      throw StoreError(StoreFailure::permission_denied,
                       "permission denied on " + where + ": the token's policies do not allow this" + said);
    case 404:
      // The failure's name already says "not found": say where Vault looked.
      throw StoreError(StoreFailure::not_found,
                       "Vault has nothing at " + std::string(api_path) +
                           (what == api_path ? std::string() : " (" + std::string(what) + ")"));
    case 405:
      throw StoreError(StoreFailure::invalid_request, "Vault does not support this operation on " + where + said);
    case 412:
      throw StoreError(StoreFailure::unavailable, "Vault has not caught up with a recent write yet (" + where + ")");
    case 429:
      throw RetryAfterError(StoreFailure::throttled, "Vault is rate limiting requests (" + where + ")" + said,
                            retry_after);
    case 473:
      throw RetryAfterError(StoreFailure::unavailable, "Vault node is a performance standby (" + where + ")",
                            retry_after);
    case 503:
      if (contains(errors, "sealed")) {
        throw RetryAfterError(StoreFailure::unavailable, "Vault is sealed (" + where + ")", retry_after);
      }
      throw RetryAfterError(StoreFailure::unavailable, "Vault is unavailable (" + where + ")" + said, retry_after);
    default:
      break;
  }
  if (status >= 500) {
    throw RetryAfterError(StoreFailure::unavailable,
                          "Vault answered " + std::to_string(status) + " for " + where + said, retry_after);
  }
  throw StoreError(StoreFailure::invalid_request, "Vault answered " + std::to_string(status) + " for " + where + said);
}

}  // namespace hush::vault_client
