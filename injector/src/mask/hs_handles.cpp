#include "mask/hs_handles.hpp"

#include <cstdint>
#include <utility>

#include "hush/common/secret.hpp"

namespace hush::injector {

void MaskDatabaseFree::operator()(hs_database_t* p) const noexcept {
  if (p == nullptr) return;
  std::size_t size = 0;
  // hs_free_database refuses (and leaks) a database whose leading magic number is gone, so the
  // wipe spares those first four bytes: they are a constant, the literals come after them.
  constexpr std::size_t magic_bytes = sizeof(std::uint32_t);
  if (hs_database_size(p, &size) == HS_SUCCESS && size > magic_bytes)
    secure_wipe(reinterpret_cast<char*>(p) + magic_bytes, size - magic_bytes);
  hs_free_database(p);
}

MaskStream::MaskStream(MaskStream&& other) noexcept
    : stream_(std::exchange(other.stream_, nullptr)), db_(std::exchange(other.db_, nullptr)) {}

MaskStream& MaskStream::operator=(MaskStream&& other) noexcept {
  if (this != &other) {
    reset();
    stream_ = std::exchange(other.stream_, nullptr);
    db_ = std::exchange(other.db_, nullptr);
  }
  return *this;
}

void MaskStream::reset() noexcept {
  if (stream_ == nullptr) return;
  std::size_t size = 0;
  if (db_ != nullptr && hs_stream_size(db_, &size) == HS_SUCCESS) secure_wipe(stream_, size);
  hs_close_stream(stream_, nullptr, nullptr, nullptr);
  stream_ = nullptr;
  db_ = nullptr;
}

}  // namespace hush::injector
