#include "hush/vault_client/store_error.hpp"

namespace hush::vault_client {

const char* failure_name(StoreFailure failure) noexcept {
  switch (failure) {
    case StoreFailure::not_found:
      return "not found";
    case StoreFailure::permission_denied:
      return "permission denied";
    case StoreFailure::auth_failed:
      return "authentication failed";
    case StoreFailure::unreachable:
      return "store unreachable";
    case StoreFailure::timeout:
      return "timed out";
    case StoreFailure::throttled:
      return "throttled";
    case StoreFailure::unavailable:
      return "store unavailable";
    case StoreFailure::invalid_request:
      return "invalid request";
    case StoreFailure::bad_response:
      return "bad response";
    case StoreFailure::decrypt_failed:
      return "decryption failed";
  }
  return "unknown";
}

}  // namespace hush::vault_client
