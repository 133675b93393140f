#pragma once
// Failures of a secret store, classified so the injector can say why a reference failed (and
// decide whether to retry) without ever quoting a secret. A StoreError is a hush::Error of kind
// runtime, so the command boundary maps it to exit code 3 like every other runtime failure.
#include <string>

#include "hush/common/error.hpp"

namespace hush::vault_client {

enum class StoreFailure {
  not_found,          // the path, parameter or key does not exist
  permission_denied,  // authenticated, but the policy does not allow it (403, AccessDenied)
  auth_failed,        // credentials missing, expired or rejected (401, invalid token, bad signature)
  unreachable,        // connection refused/reset, DNS, TLS handshake
  timeout,            // the caller's deadline passed
  throttled,          // 429, ThrottlingException: transient
  unavailable,        // 5xx, sealed, standby: transient
  invalid_request,    // 400 validation errors: permanent
  bad_response,       // the store answered with something we cannot parse
  decrypt_failed,     // encrypted file store: wrong key or tampered value
};

[[nodiscard]] const char* failure_name(StoreFailure failure) noexcept;

// Transient failures are retried within the caller's deadline; the others fail at once.
[[nodiscard]] constexpr bool is_transient(StoreFailure f) noexcept {
  return f == StoreFailure::unreachable || f == StoreFailure::throttled || f == StoreFailure::unavailable;
}

class StoreError : public Error {
 public:
  StoreError(StoreFailure failure, const std::string& message)
      : Error(ErrorKind::runtime, message), failure_(failure) {}
  [[nodiscard]] StoreFailure failure() const noexcept { return failure_; }
  [[nodiscard]] bool transient() const noexcept { return is_transient(failure_); }

 private:
  StoreFailure failure_;
};

}  // namespace hush::vault_client
