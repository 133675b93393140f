#pragma once
// A standard allocator that wipes every block before returning it, so containers that hold
// child output or value-derived tables leave nothing behind when they grow or die.
#include <cstddef>
#include <memory>
#include <vector>

#include "hush/common/secret.hpp"

namespace hush::injector {

template <typename T>
struct WipingAllocator {
  using value_type = T;
  WipingAllocator() = default;
  template <typename U>
  WipingAllocator(const WipingAllocator<U>& /*other*/) noexcept {}  // NOLINT(google-explicit-constructor)

  T* allocate(std::size_t n) { return std::allocator<T>{}.allocate(n); }
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

}  // namespace hush::injector
