#pragma once
// What a store call threw, for tests that expect a StoreError: the error itself, or its failure
// class (and message). A call that throws nothing fails the test.
#include <functional>
#include <string>

#include "catch.hpp"
#include "hush/vault_client/store_error.hpp"

namespace hush_test {

inline hush::vault_client::StoreError error_of(const std::function<void()>& action) {
  try {
    action();
  } catch (const hush::vault_client::StoreError& e) {
    return e;
  }
  FAIL("expected a StoreError");
  return hush::vault_client::StoreError(hush::vault_client::StoreFailure::bad_response, "");
}

inline hush::vault_client::StoreFailure failure_of(const std::function<void()>& action,
                                                   std::string* message = nullptr) {
  const auto error = error_of(action);
  if (message != nullptr) *message = error.what();
  return error.failure();
}

}  // namespace hush_test
