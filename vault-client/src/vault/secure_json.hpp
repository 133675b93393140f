#pragma once
// nlohmann::json whose every allocation (strings, objects, arrays, the parser's token buffer) is
// wiped before it is freed, for parsing bodies that carry secret values. Parse with exceptions
// off: a parse error's message quotes the input.
#include <cstddef>
#include <cstdint>
#include <map>
#include <new>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "hush/common/secret.hpp"

namespace hush::vault_client::detail {

template <class T>
struct WipingAllocator {
  using value_type = T;
  WipingAllocator() noexcept = default;
  template <class U>
  WipingAllocator(const WipingAllocator<U>& /*other*/) noexcept {}  // NOLINT(google-explicit-constructor)
  [[nodiscard]] T* allocate(std::size_t n) { return static_cast<T*>(::operator new(n * sizeof(T))); }
  void deallocate(T* p, std::size_t n) noexcept {
    secure_wipe(p, n * sizeof(T));
    ::operator delete(p);
  }
  template <class U>
  bool operator==(const WipingAllocator<U>& /*other*/) const noexcept { return true; }
  template <class U>
  bool operator!=(const WipingAllocator<U>& /*other*/) const noexcept { return false; }
};

using SecureString = std::basic_string<char, std::char_traits<char>, WipingAllocator<char>>;
using SecureJson = nlohmann::basic_json<std::map, std::vector, SecureString, bool, std::int64_t, std::uint64_t, double,
                                        WipingAllocator>;

// nullopt-like: a discarded value when the text is not JSON.
[[nodiscard]] inline SecureJson parse_secure_json(std::string_view text) {
  return SecureJson::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
}

}  // namespace hush::vault_client::detail
