#pragma once
// Keyed BLAKE2b helpers (libsodium) used for fingerprints and cache keys.
#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace hush {

// Incremental keyed BLAKE2b with a fixed 16..64 byte output; hides libsodium's state type.
class Blake2b {
 public:
  explicit Blake2b(std::string_view key, size_t out_len = 32);
  ~Blake2b();
  Blake2b(const Blake2b&) = delete;
  Blake2b& operator=(const Blake2b&) = delete;

  Blake2b& update(std::string_view bytes);
  // Length-prefixed update, so ("ab","c") and ("a","bc") never collide.
  Blake2b& update_field(std::string_view bytes);
  [[nodiscard]] std::string hex_digest();

 private:
  alignas(64) std::array<unsigned char, 384> state_{};
  size_t out_len_;
};

}  // namespace hush
