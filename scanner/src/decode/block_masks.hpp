#pragma once
// The one pass over every scanned byte that decoding adds: each 64 bytes become bit masks of
// where the base64 alphabet (either variant) is, where its extras (+ / - _) are and where digits,
// + and / are, from which runs long enough to be an encoding are found and most identifiers
// rejected without looking at bytes again.
#include <cstddef>
#include <cstdint>

namespace hush::scanner::decode {

struct BlockMasks {
  std::uint64_t alphabet;  // bit k: byte k is A-Z a-z 0-9 + / - _
  std::uint64_t extras;    // bit k: byte k is + / - _
  std::uint64_t telling;   // bit k: byte k is 0-9 + /, one of which every encoding worth decoding has
};

// Masks of `blocks` consecutive 64-byte blocks at `p`, with the widest vector instructions the
// machine has (chosen once, at run time: the build targets baseline x86-64).
void classify_blocks(const char* p, std::size_t blocks, BlockMasks* out) noexcept;

namespace kernels {
void classify_blocks_avx2(const char* p, std::size_t blocks, BlockMasks* out) noexcept;
void classify_blocks_portable(const char* p, std::size_t blocks, BlockMasks* out) noexcept;
}  // namespace kernels

}  // namespace hush::scanner::decode
