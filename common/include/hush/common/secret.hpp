#pragma once
// Bytes that hold a secret value. They live in libsodium's guarded allocations: locked out of swap,
// excluded from core dumps where the kernel allows it, fenced by guard pages, and wiped on release,
// including the old block when the buffer grows. Deliberately no stream operator and no implicit
// conversion to std::string, so a value cannot drift into a log line by accident.
#include <cstddef>
#include <string_view>

namespace hush {

class SecretBuffer {
 public:
  SecretBuffer() = default;
  explicit SecretBuffer(std::string_view bytes);
  ~SecretBuffer();
  SecretBuffer(SecretBuffer&& other) noexcept;
  SecretBuffer& operator=(SecretBuffer&& other) noexcept;
  SecretBuffer(const SecretBuffer&) = delete;
  SecretBuffer& operator=(const SecretBuffer&) = delete;

  [[nodiscard]] SecretBuffer clone() const { return SecretBuffer(view()); }

  void append(std::string_view bytes);
  void reserve(std::size_t capacity);
  void resize(std::size_t size);  // new bytes are zero; for APIs that write into the buffer
  void clear() noexcept;          // wipes and releases

  [[nodiscard]] std::string_view view() const noexcept { return {data_, size_}; }
  [[nodiscard]] const char* data() const noexcept { return data_; }
  [[nodiscard]] char* mutable_data() noexcept { return data_; }
  [[nodiscard]] unsigned char* bytes() noexcept { return reinterpret_cast<unsigned char*>(data_); }
  [[nodiscard]] const unsigned char* bytes() const noexcept { return reinterpret_cast<const unsigned char*>(data_); }
  [[nodiscard]] std::size_t size() const noexcept { return size_; }
  [[nodiscard]] bool empty() const noexcept { return size_ == 0; }

  // Constant-time comparison: refresh decides "changed or not" without a timing side channel.
  [[nodiscard]] bool equals(std::string_view other) const noexcept;

  // Locks the buffer's pages out of swap and returns 0, or the errno of mlock (EPERM when
  // RLIMIT_MEMLOCK is 0, ENOMEM when it is used up). libsodium locks every guarded allocation but
  // says nothing when it cannot; this asks again, which costs nothing for pages already locked.
  [[nodiscard]] int lock_pages() const noexcept;

 private:
  char* data_ = nullptr;
  std::size_t size_ = 0;
  std::size_t capacity_ = 0;
};

// Initialises libsodium (guarded memory, hashes, boxes, codecs) once; safe to call from any thread.
// Throws hush::Error(runtime) when the library cannot start.
void ensure_sodium();

// Overwrites memory the compiler may not optimise away (for std::string scratch copies).
void secure_wipe(void* data, std::size_t size) noexcept;

// Zeroes the stack below the caller's frame, where functions that have returned may have left
// scratch copies of a value (a short string's inline buffer, a serializer's buffer). Call it
// right after such a call, from the frame that made it.
void wipe_stack_scratch() noexcept;

// Makes the process non-dumpable (no core files, no ptrace by other users' processes). Returns
// false when the kernel refused.
bool make_process_non_dumpable() noexcept;

}  // namespace hush
