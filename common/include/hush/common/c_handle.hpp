#pragma once
// A C library's handle owned by std::unique_ptr and released with the library's own function
// (hs_free_database, pcre2_code_free, git_repository_free, ...): one deleter for all of them.
#include <memory>

namespace hush {

template <auto Free>
struct FreeWith {
  template <typename T>
  void operator()(T* p) const noexcept {
    // Some free functions return a status (Hyperscan's): nothing can be done about it here.
    static_cast<void>(Free(p));
  }
};

template <typename T, auto Free>
using CHandle = std::unique_ptr<T, FreeWith<Free>>;

}  // namespace hush
