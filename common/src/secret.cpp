#include "hush/common/secret.hpp"

#include <sodium.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <new>
#include <utility>

#include "hush/common/error.hpp"

namespace hush {
namespace {

char* allocate(std::size_t capacity) {
  if (sodium_init() < 0) throw std::bad_alloc();
  void* p = sodium_malloc(capacity);
  if (p == nullptr) throw std::bad_alloc();
  return static_cast<char*>(p);
}

}  // namespace

void ensure_sodium() {
  if (sodium_init() < 0) throw Error(ErrorKind::runtime, "libsodium failed to initialise");
}

SecretBuffer::SecretBuffer(std::string_view bytes) { append(bytes); }

SecretBuffer::~SecretBuffer() { clear(); }

SecretBuffer::SecretBuffer(SecretBuffer&& other) noexcept
    : data_(std::exchange(other.data_, nullptr)),
      size_(std::exchange(other.size_, 0)),
      capacity_(std::exchange(other.capacity_, 0)) {}

SecretBuffer& SecretBuffer::operator=(SecretBuffer&& other) noexcept {
  if (this != &other) {
    clear();
    data_ = std::exchange(other.data_, nullptr);
    size_ = std::exchange(other.size_, 0);
    capacity_ = std::exchange(other.capacity_, 0);
  }
  return *this;
}

void SecretBuffer::reserve(std::size_t capacity) {
  if (capacity <= capacity_) return;
  char* fresh = allocate(capacity);
  if (size_ > 0) std::memcpy(fresh, data_, size_);
  if (data_ != nullptr) sodium_free(data_);  // sodium_free wipes the old block
  data_ = fresh;
  capacity_ = capacity;
}

void SecretBuffer::resize(std::size_t size) {
  if (size > capacity_) reserve(size);
  if (size > size_) std::memset(data_ + size_, 0, size - size_);
  else if (size < size_) sodium_memzero(data_ + size, size_ - size);
  size_ = size;
}

void SecretBuffer::append(std::string_view bytes) {
  if (bytes.empty()) return;
  if (size_ + bytes.size() > capacity_) {
    std::size_t grown = capacity_ == 0 ? 64 : capacity_ * 2;
    while (grown < size_ + bytes.size()) grown *= 2;
    reserve(grown);
  }
  std::memcpy(data_ + size_, bytes.data(), bytes.size());
  size_ += bytes.size();
}

void SecretBuffer::clear() noexcept {
  if (data_ != nullptr) sodium_free(data_);
  data_ = nullptr;
  size_ = 0;
  capacity_ = 0;
}

bool SecretBuffer::equals(std::string_view other) const noexcept {
  if (other.size() != size_) return false;
  if (size_ == 0) return true;
  return sodium_memcmp(data_, other.data(), size_) == 0;
}

int SecretBuffer::lock_pages() const noexcept {
  if (data_ == nullptr) return 0;
  const auto page = static_cast<std::uintptr_t>(::sysconf(_SC_PAGESIZE));
  const auto address = reinterpret_cast<std::uintptr_t>(data_);
  const auto begin = address / page * page;
  const auto end = (address + capacity_ + page - 1) / page * page;
  // The page's start is reached from data_ itself, not cast back from an integer.
  const auto* first_page = reinterpret_cast<const unsigned char*>(data_) - (address - begin);
  return ::mlock(first_page, end - begin) == 0 ? 0 : errno;
}

void secure_wipe(void* data, std::size_t size) noexcept {
  if (data != nullptr && size > 0) sodium_memzero(data, size);
}

void wipe_stack_scratch() noexcept {
  // Generous for the parsers and serializers it follows, whose frames hold a few KiB at most.
  sodium_stackzero(32 * 1024);
}

bool make_process_non_dumpable() noexcept { return prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) == 0; }

}  // namespace hush
