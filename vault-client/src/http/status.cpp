#include "hush/vault_client/http.hpp"
#include "hush/vault_client/retry.hpp"

namespace hush::vault_client {

std::optional<StoreFailure> classify_status(long status) noexcept {
  if (status < 400) return std::nullopt;
  switch (status) {
    case 400:
      return StoreFailure::invalid_request;
    case 401:
    case 407:  // a proxy's, for a plain http request through it
      return StoreFailure::auth_failed;
    case 403:
      return StoreFailure::permission_denied;
    case 404:
      return StoreFailure::not_found;
    case 408:
      return StoreFailure::unavailable;
    case 429:
      return StoreFailure::throttled;
    default:
      break;
  }
  if (status >= 500) return StoreFailure::unavailable;
  return StoreFailure::invalid_request;
}

std::optional<std::chrono::milliseconds> retry_after_of(const HttpResponse& response) {
  const auto value = response.header("retry-after");
  if (!value) return std::nullopt;
  return parse_retry_after(*value);
}

}  // namespace hush::vault_client
