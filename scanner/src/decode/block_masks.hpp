#pragma once
// The one pass over every scanned byte that decoding adds: each 64 bytes become a bit mask of where
// the base64 alphabet (either variant) is, and the few blocks where a run of it is long enough to
// be an encoding are found from the masks. Only those blocks are classified further (where the
// alphabet's extras + / - _ are and where digits, + and / are), from which most identifiers are
// rejected without looking at bytes again.
#include <cstddef>
#include <cstdint>

namespace hush::scanner::decode {

struct BlockMasks {
  std::uint64_t alphabet;  // bit k: byte k is A-Z a-z 0-9 + / - _
  std::uint64_t extras;    // bit k: byte k is + / - _
  std::uint64_t telling;   // bit k: byte k is 0-9 + /, one of which every encoding worth decoding has
};

// Shortest run of the alphabet worth a look (base64 of 15 bytes).
constexpr std::size_t long_run = 20;

// Bit k set when bits k-19 to k of `mask` are all set: runs within it by doubling (2, 4, 8, 16,
// then 20).
constexpr std::uint64_t long_run_ends_within(std::uint64_t mask) noexcept {
  static_assert(long_run == 20);
  mask &= mask << 1;
  mask &= mask << 2;
  mask &= mask << 4;
  mask &= mask << 8;
  mask &= mask << 4;
  return mask;
}

// True when a run of long_run ones lies in `current`, or crosses into it from `previous` (the mask
// of the 64 bytes before): the crossing runs are those of the 20 bytes before the block and its
// first 44 that hold the block's first byte.
constexpr bool holds_long_run(std::uint64_t previous, std::uint64_t current) noexcept {
  const std::uint64_t window = (previous >> 44) | (current << 20);
  return (long_run_ends_within(current) | (long_run_ends_within(window) >> 20)) != 0;
}

// Masks of the 64-byte blocks at `p` whose bit is set in `which` (block b at p + 64 b, its masks
// into out[b]), with the widest vector instructions the machine has (chosen at run time: the build
// targets baseline x86-64).
void classify_blocks(const char* p, std::uint64_t which, BlockMasks* out) noexcept;

// Alphabet masks only, of at most 64 blocks at `p`: alphabet[0] is the mask of the 64 bytes before
// them, alphabet[1 + b] receives block b's, bit b of the result is set when block b
// holds_long_run, and bit b of `crossing` when the bytes on either side of block b's start are
// both in the alphabet.
std::uint64_t find_long_runs(const char* p, std::size_t blocks, std::uint64_t* alphabet,
                             std::uint64_t& crossing) noexcept;

namespace kernels {
void classify_blocks_avx2(const char* blocks, std::uint64_t which, BlockMasks* out) noexcept;
void classify_blocks_portable(const char* blocks, std::uint64_t which, BlockMasks* out) noexcept;
std::uint64_t find_long_runs_avx2(const char* p, std::size_t blocks, std::uint64_t* alphabet,
                                  std::uint64_t& crossing) noexcept;
std::uint64_t find_long_runs_portable(const char* p, std::size_t blocks, std::uint64_t* alphabet,
                                      std::uint64_t& crossing) noexcept;
}  // namespace kernels

}  // namespace hush::scanner::decode
