#pragma once
// A standard allocator that wipes every block before returning it, for containers whose contents
// may be secret (parsed store answers, child output, value-derived tables): nothing is left
// behind in freed memory when they grow or die.
#include <cstddef>
#include <memory>
#include <vector>

#include "hush/common/secret.hpp"

namespace hush {

template <typename T>
struct WipingAllocator {
  using value_type = T;
  WipingAllocator() noexcept = default;
  template <typename U>
  WipingAllocator(const WipingAllocator<U>& /*other*/) noexcept {}  // NOLINT(google-explicit-constructor)

  [[nodiscard]] T* allocate(std::size_t n) { return std::allocator<T>{}.allocate(n); }
  void deallocate(T* p, std::size_t n) noexcept {
    secure_wipe(p, n * sizeof(T));
    std::allocator<T>{}.deallocate(p, n);
  }
  template <typename U>
  bool operator==(const WipingAllocator<U>& /*other*/) const noexcept {
    return true;
  }
};

using WipingBytes = std::vector<char, WipingAllocator<char>>;

}  // namespace hush
