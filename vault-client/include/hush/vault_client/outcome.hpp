#pragma once
// The result of one of several operations run together (requests in flight at once, secrets read
// in one batch): the value, or the exception the operation would have thrown on its own. Taking
// the value rethrows that exception, so the caller handles each outcome as if it had made the
// call alone.
#include <exception>
#include <optional>
#include <stdexcept>
#include <utility>

namespace hush::vault_client {

template <class T>
class Outcome {
 public:
  // No outcome yet: take() throws std::logic_error.
  Outcome() : error_(std::make_exception_ptr(std::logic_error("no outcome"))) {}
  [[nodiscard]] static Outcome of(T value) {
    Outcome out;
    out.value_.emplace(std::move(value));
    out.error_ = nullptr;
    return out;
  }
  [[nodiscard]] static Outcome failed(const std::exception_ptr& error) {
    Outcome out;
    out.error_ = error;
    return out;
  }
  // The exception in flight, from inside a catch block.
  [[nodiscard]] static Outcome current_failure() { return failed(std::current_exception()); }

  [[nodiscard]] bool ok() const noexcept { return value_.has_value(); }
  [[nodiscard]] const std::exception_ptr& error() const noexcept { return error_; }
  // The value, moved out; rethrows the failure. Once only.
  [[nodiscard]] T take() {
    if (!value_) std::rethrow_exception(error_);
    T out = std::move(*value_);
    value_.reset();
    error_ = std::make_exception_ptr(std::logic_error("an outcome's value was taken twice"));
    return out;
  }

 private:
  std::optional<T> value_;
  std::exception_ptr error_;
};

}  // namespace hush::vault_client
