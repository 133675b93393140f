#include "hush/common/hash.hpp"

#include <sodium.h>

#include <cstring>
#include <vector>

#include "hush/common/codec.hpp"
#include "hush/common/error.hpp"
#include "hush/common/secret.hpp"

namespace hush {

static_assert(sizeof(crypto_generichash_state) <= 384, "Blake2b state buffer too small");

Blake2b::Blake2b(std::string_view key, size_t out_len) : out_len_(out_len) {
  ensure_sodium();
  auto* st = reinterpret_cast<crypto_generichash_state*>(state_.data());
  if (crypto_generichash_init(st, reinterpret_cast<const unsigned char*>(key.data()), key.size(), out_len_) != 0)
    throw Error(ErrorKind::runtime, "BLAKE2b init failed");
}

Blake2b::~Blake2b() { sodium_memzero(state_.data(), state_.size()); }

Blake2b& Blake2b::update(std::string_view bytes) {
  auto* st = reinterpret_cast<crypto_generichash_state*>(state_.data());
  crypto_generichash_update(st, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
  return *this;
}

Blake2b& Blake2b::update_field(std::string_view bytes) {
  unsigned char len[8];
  uint64_t n = bytes.size();
  for (int i = 0; i < 8; ++i) len[i] = static_cast<unsigned char>(n >> (8 * i));
  update(std::string_view(reinterpret_cast<const char*>(len), sizeof len));
  return update(bytes);
}

std::string Blake2b::hex_digest() {
  std::vector<unsigned char> out(out_len_);
  auto* st = reinterpret_cast<crypto_generichash_state*>(state_.data());
  crypto_generichash_final(st, out.data(), out.size());
  return to_hex(out);
}

}  // namespace hush
