// Compiled with -mavx2 (scanner/CMakeLists.txt) and called only where the CPU has AVX2.
#include "decode/block_masks.hpp"

#if defined(HUSH_HAVE_AVX2_KERNELS)
#include <immintrin.h>

#include <bit>

namespace hush::scanner::decode::kernels {
namespace {

// Each byte is classified by its two nibbles: a class bit is set when both nibble tables have it.
//   bit 0: + /     (0x2B 0x2F)           bit 1: 0-9 (0x30-0x39)
//   bit 2: A-O a-o (0x41-0x4F 0x61-0x6F) bit 3: P-Z p-z (0x50-0x5A 0x70-0x7A)
//   bit 4: _       (0x5F)                bit 5: -   (0x2D)
// Bytes from 0x80 have high nibbles the table leaves empty.
constexpr std::uint8_t lo(int n) {
  return static_cast<std::uint8_t>((n == 0xB || n == 0xF ? 1 : 0) | (n <= 9 ? 2 : 0) | (n >= 1 ? 4 : 0) |
                                   (n <= 0xA ? 8 : 0) | (n == 0xF ? 16 : 0) | (n == 0xD ? 32 : 0));
}

__m256i low_table() {
  return _mm256_setr_epi8(lo(0), lo(1), lo(2), lo(3), lo(4), lo(5), lo(6), lo(7), lo(8), lo(9), lo(10), lo(11), lo(12),
                          lo(13), lo(14), lo(15), lo(0), lo(1), lo(2), lo(3), lo(4), lo(5), lo(6), lo(7), lo(8), lo(9),
                          lo(10), lo(11), lo(12), lo(13), lo(14), lo(15));
}

__m256i high_table() {
  return _mm256_setr_epi8(0, 0, 1 | 32, 2, 4, 8 | 16, 4, 8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1 | 32, 2, 4, 8 | 16, 4, 8, 0,
                          0, 0, 0, 0, 0, 0, 0);
}

// The class bits of each of 32 bytes (zero for a byte of none): one lookup per nibble, in the
// tables the caller keeps in registers for its whole loop.
struct NibbleTables {
  __m256i low = low_table(), high = high_table(), nibble = _mm256_set1_epi8(0x0F);
};

__m256i nibble_classes(__m256i v, const NibbleTables& t) {
  return _mm256_and_si256(_mm256_shuffle_epi8(t.low, _mm256_and_si256(v, t.nibble)),
                          _mm256_shuffle_epi8(t.high, _mm256_and_si256(_mm256_srli_epi16(v, 4), t.nibble)));
}

}  // namespace

void classify_blocks_avx2(const char* blocks, std::uint64_t which, BlockMasks* out) noexcept {
  const NibbleTables tables;
  const __m256i extra_bits = _mm256_set1_epi8(1 | 16 | 32);
  const __m256i telling_bits = _mm256_set1_epi8(1 | 2);
  const __m256i zero = _mm256_setzero_si256();
  for (; which != 0; which &= which - 1) {
    const auto b = static_cast<std::size_t>(std::countr_zero(which));
    const char* p = blocks + 64 * b;
    std::uint64_t alphabet = 0, extras = 0, telling = 0;
    for (int half = 0; half < 2; ++half) {
      const __m256i v = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + 32 * half));
      const __m256i classes = nibble_classes(v, tables);
      const auto none = static_cast<std::uint32_t>(_mm256_movemask_epi8(_mm256_cmpeq_epi8(classes, zero)));
      const auto no_extra = static_cast<std::uint32_t>(
          _mm256_movemask_epi8(_mm256_cmpeq_epi8(_mm256_and_si256(classes, extra_bits), zero)));
      const auto no_telling = static_cast<std::uint32_t>(
          _mm256_movemask_epi8(_mm256_cmpeq_epi8(_mm256_and_si256(classes, telling_bits), zero)));
      alphabet |= static_cast<std::uint64_t>(~none) << (32 * half);
      extras |= static_cast<std::uint64_t>(~no_extra) << (32 * half);
      telling |= static_cast<std::uint64_t>(~no_telling) << (32 * half);
    }
    out[b] = {alphabet, extras, telling};
  }
}

// long_run_ends_within for four masks at once.
__m256i long_run_ends_within4(__m256i mask) {
  static_assert(long_run == 20);
  mask = _mm256_and_si256(mask, _mm256_slli_epi64(mask, 1));
  mask = _mm256_and_si256(mask, _mm256_slli_epi64(mask, 2));
  mask = _mm256_and_si256(mask, _mm256_slli_epi64(mask, 4));
  mask = _mm256_and_si256(mask, _mm256_slli_epi64(mask, 8));
  return _mm256_and_si256(mask, _mm256_slli_epi64(mask, 4));
}

std::uint64_t find_long_runs_avx2(const char* p, std::size_t blocks, std::uint64_t* alphabet,
                                  std::uint64_t& crossing) noexcept {
  const NibbleTables tables;
  // A byte of any class becomes one with its top bit set, which is all movemask reads.
  const __m256i to_top = _mm256_set1_epi8(0x7F);
  for (std::size_t b = 0; b < blocks; ++b, p += 64) {
    std::uint64_t in = 0;
    for (int half = 0; half < 2; ++half) {
      const __m256i v = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + 32 * half));
      const __m256i classes = nibble_classes(v, tables);
      const auto any = static_cast<std::uint32_t>(_mm256_movemask_epi8(_mm256_adds_epu8(classes, to_top)));
      in |= static_cast<std::uint64_t>(any) << (32 * half);
    }
    alphabet[b + 1] = in;
  }
  // holds_long_run of four blocks at a time, each mask with the one before it.
  std::uint64_t found = 0;
  crossing = 0;
  std::size_t b = 0;
  for (; b + 4 <= blocks; b += 4) {
    const __m256i previous = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(alphabet + b));
    const __m256i current = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(alphabet + b + 1));
    const __m256i window = _mm256_or_si256(_mm256_srli_epi64(previous, 44), _mm256_slli_epi64(current, 20));
    const __m256i ends =
        _mm256_or_si256(long_run_ends_within4(current), _mm256_srli_epi64(long_run_ends_within4(window), 20));
    const auto none = static_cast<unsigned>(
        _mm256_movemask_pd(_mm256_castsi256_pd(_mm256_cmpeq_epi64(ends, _mm256_setzero_si256()))));
    found |= static_cast<std::uint64_t>(~none & 0xF) << b;
    // The last bit of each previous mask and the first of each current one, into the top bits.
    const __m256i across = _mm256_and_si256(previous, _mm256_slli_epi64(current, 63));
    crossing |= static_cast<std::uint64_t>(_mm256_movemask_pd(_mm256_castsi256_pd(across))) << b;
  }
  for (; b < blocks; ++b) {
    found |= static_cast<std::uint64_t>(holds_long_run(alphabet[b], alphabet[b + 1])) << b;
    crossing |= ((alphabet[b] >> 63) & alphabet[b + 1] & 1) << b;
  }
  return found;
}

}  // namespace hush::scanner::decode::kernels

#endif  // HUSH_HAVE_AVX2_KERNELS
