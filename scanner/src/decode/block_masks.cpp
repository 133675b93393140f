#include "decode/block_masks.hpp"

#include <bit>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace hush::scanner::decode {
namespace kernels {
#if !defined(__SSE2__)
namespace {

bool in_alphabet(unsigned char c) noexcept {
  return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') || c == '+' || c == '/' || c == '-' ||
         c == '_';
}

bool is_extra(unsigned char c) noexcept { return c == '+' || c == '/' || c == '-' || c == '_'; }

bool is_telling(unsigned char c) noexcept { return (c >= '0' && c <= '9') || c == '+' || c == '/'; }

}  // namespace
#else
namespace {

// The alphabet, its extras (+ / - _) and the telling bytes (0-9 + /) among 16 bytes, as byte masks.
struct Classes16 {
  __m128i alphabet, extras, telling;
};

Classes16 classify16(__m128i v) {
  // Bytes from 0x80 are negative in these signed comparisons, so never in a range.
  const __m128i folded = _mm_or_si128(v, _mm_set1_epi8(0x20));
  const __m128i letter =
      _mm_and_si128(_mm_cmpgt_epi8(folded, _mm_set1_epi8('a' - 1)), _mm_cmplt_epi8(folded, _mm_set1_epi8('z' + 1)));
  const __m128i digit =
      _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8('0' - 1)), _mm_cmplt_epi8(v, _mm_set1_epi8('9' + 1)));
  const __m128i standard = _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('+')), _mm_cmpeq_epi8(v, _mm_set1_epi8('/')));
  const __m128i extra = _mm_or_si128(
      standard, _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('-')), _mm_cmpeq_epi8(v, _mm_set1_epi8('_'))));
  return {_mm_or_si128(_mm_or_si128(letter, digit), extra), extra, _mm_or_si128(digit, standard)};
}

std::uint64_t bits16(__m128i byte_mask, int part) {
  return static_cast<std::uint64_t>(static_cast<std::uint32_t>(_mm_movemask_epi8(byte_mask))) << (16 * part);
}

}  // namespace
#endif

void classify_blocks_portable(const char* blocks, std::uint64_t which, BlockMasks* out) noexcept {
  for (; which != 0; which &= which - 1) {
    const auto b = static_cast<std::size_t>(std::countr_zero(which));
    const char* p = blocks + 64 * b;
    std::uint64_t alphabet = 0, extras = 0, telling = 0;
#if defined(__SSE2__)
    for (int part = 0; part < 4; ++part) {
      const Classes16 c = classify16(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 16 * part)));
      alphabet |= bits16(c.alphabet, part);
      extras |= bits16(c.extras, part);
      telling |= bits16(c.telling, part);
    }
#else
    for (int k = 0; k < 64; ++k) {
      const auto c = static_cast<unsigned char>(p[k]);
      alphabet |= static_cast<std::uint64_t>(in_alphabet(c)) << k;
      extras |= static_cast<std::uint64_t>(is_extra(c)) << k;
      telling |= static_cast<std::uint64_t>(is_telling(c)) << k;
    }
#endif
    out[b] = {alphabet, extras, telling};
  }
}

std::uint64_t find_long_runs_portable(const char* p, std::size_t blocks, std::uint64_t* alphabet,
                                      std::uint64_t& crossing) noexcept {
  std::uint64_t found = 0;
  crossing = 0;
  for (std::size_t b = 0; b < blocks; ++b, p += 64) {
    std::uint64_t in = 0;
#if defined(__SSE2__)
    for (int part = 0; part < 4; ++part) {
      in |= bits16(classify16(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 16 * part))).alphabet, part);
    }
#else
    for (int k = 0; k < 64; ++k) in |= static_cast<std::uint64_t>(in_alphabet(static_cast<unsigned char>(p[k]))) << k;
#endif
    alphabet[b + 1] = in;
    found |= static_cast<std::uint64_t>(holds_long_run(alphabet[b], in)) << b;
    crossing |= ((alphabet[b] >> 63) & in & 1) << b;
  }
  return found;
}

}  // namespace kernels

void classify_blocks(const char* p, std::uint64_t which, BlockMasks* out) noexcept {
#if defined(HUSH_HAVE_AVX2_KERNELS)
  if (__builtin_cpu_supports("avx2")) return kernels::classify_blocks_avx2(p, which, out);
#endif
  kernels::classify_blocks_portable(p, which, out);
}

std::uint64_t find_long_runs(const char* p, std::size_t blocks, std::uint64_t* alphabet,
                             std::uint64_t& crossing) noexcept {
#if defined(HUSH_HAVE_AVX2_KERNELS)
  if (__builtin_cpu_supports("avx2")) return kernels::find_long_runs_avx2(p, blocks, alphabet, crossing);
#endif
  return kernels::find_long_runs_portable(p, blocks, alphabet, crossing);
}

}  // namespace hush::scanner::decode
