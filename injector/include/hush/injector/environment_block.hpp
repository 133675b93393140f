#pragma once
// The child's environment in the layout execve wants: "NAME=value\0" entries back to back in one
// guarded allocation. One block per child start: each value is copied once on its way to the
// child, and a guarded allocation (several system calls) is paid once, not per variable.
#include <cstddef>
#include <optional>
#include <string_view>
#include <vector>

#include "hush/common/secret.hpp"

namespace hush::injector {

class EnvironmentBlock {
 public:
  EnvironmentBlock() = default;
  // Reserves for entries whose "NAME=value" texts total `bytes` (NULs are counted here).
  void reserve(std::size_t entries, std::size_t bytes);
  // Throws hush::Error(usage) for a value holding a NUL byte, which no environment can carry.
  void add(std::string_view name, std::string_view value);
  void add(std::string_view entry);  // "NAME=value"

  [[nodiscard]] std::size_t size() const noexcept { return offsets_.size(); }
  [[nodiscard]] std::string_view entry(std::size_t index) const noexcept;
  [[nodiscard]] std::optional<std::string_view> find(std::string_view name) const noexcept;
  // envp for execve: pointers into the block, null-terminated. Valid until the block changes.
  [[nodiscard]] std::vector<char*> pointers();
  void wipe() noexcept;

 private:
  SecretBuffer bytes_;
  std::vector<std::size_t> offsets_;
};

}  // namespace hush::injector
