#include "decode/tokens.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "decode/block_masks.hpp"
#include "hush/common/codec.hpp"
#include "validators/codec.hpp"

namespace hush::scanner::decode {
namespace {

// Shortest encoded text worth a look: base64 of 15 bytes, hex of 16; secrets are longer.
constexpr std::size_t min_base64_run = 20;
constexpr std::size_t min_hex_run = 32;
constexpr std::size_t min_quoted_run = 12;
// Decoded text holds a secret only with a run of this many non-blank characters.
constexpr std::size_t min_word = 16;
// Base64 and hex are rejected from this many leading characters when those decode to noise, so a
// large binary blob costs a few bytes of decoding.
constexpr std::size_t sniff_length = 64;

enum : std::uint8_t {
  alnum = 1,
  std_extra = 2,  // + /
  url_extra = 4,  // - _
  hex_digit = 8,
  digit = 16,
  upper = 32,
  lower = 64,
  url_char = 128,  // may appear in a URL or form value next to %XX
};

constexpr std::array<std::uint8_t, 256> make_classes() {
  std::array<std::uint8_t, 256> t{};
  for (int c = 0; c < 256; ++c) {
    std::uint8_t v = 0;
    if (c >= '0' && c <= '9') v |= alnum | digit | hex_digit;
    if (c >= 'A' && c <= 'Z') v |= alnum | upper;
    if (c >= 'a' && c <= 'z') v |= alnum | lower;
    if ((c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')) v |= hex_digit;
    if (c == '+' || c == '/') v |= std_extra;
    if (c == '-' || c == '_') v |= url_extra;
    if (c > ' ' && c < 0x7F && c != '"' && c != '\'' && c != '`' && c != '<' && c != '>' && c != '\\') v |= url_char;
    t[static_cast<std::size_t>(c)] = v;
  }
  return t;
}
constexpr auto classes = make_classes();
constexpr std::uint8_t base64_char = alnum | std_extra | url_extra;

std::uint8_t class_of(char c) noexcept { return classes[static_cast<unsigned char>(c)]; }

bool is_blank(unsigned char c) noexcept {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

// A run of the base64 alphabet [begin, end), padding excluded; `seen` ORs its characters' classes.
void consider_run(std::string_view bytes, std::size_t begin, std::size_t end, std::uint8_t seen, bool hex_only,
                  std::vector<EncodedToken>& out) {
  const std::size_t length = end - begin;
  if (hex_only) {
    // A digest, a key, or hex-encoded text.
    if (length >= min_hex_run && length % 2 == 0) out.push_back({begin, end, Encoding::hex});
    return;
  }
  if (length < min_base64_run) return;
  // Both alphabets' extras at once is a path or an identifier, not base64. (How many extras a run
  // may have is checked where runs are found, from masks.)
  if ((seen & std_extra) && (seen & url_extra)) return;
  // Base64 of text mixes cases and has digits or + /; a word or an UPPER_CASE name does not.
  if (!(seen & upper) || !(seen & lower) || !(seen & (digit | std_extra))) return;
  std::size_t padded = end;
  while (padded < bytes.size() && padded - end < 2 && bytes[padded] == '=') ++padded;
  if (padded < bytes.size() && (class_of(bytes[padded]) & base64_char)) padded = end;  // key=value, not padding
  out.push_back({begin, padded, Encoding::base64});
}

bool in_base64_alphabet(char c) noexcept { return (class_of(c) & base64_char) != 0; }

// std::popcount is a library call on the baseline x86-64 this is built for; runs are counted often.
std::size_t bit_count(std::uint64_t x) noexcept {
  x = x - ((x >> 1) & 0x5555555555555555ull);
  x = (x & 0x3333333333333333ull) + ((x >> 2) & 0x3333333333333333ull);
  x = (x + (x >> 4)) & 0x0F0F0F0F0F0F0F0Full;
  return static_cast<std::size_t>((x * 0x0101010101010101ull) >> 56);
}

// Base64 of text has few of its alphabet's last two characters (62 and 63 come from '>', '?' and
// '~' only), while identifiers are full of '_' and paths of '/': a run with more is not looked at.
bool too_many_extras(std::size_t extras, std::size_t length) noexcept { return extras > 1 + length / 16; }

// A bit of the current 64 bytes inside each run of min_base64_run alphabet bytes that reaches
// into them: runs within them, and bit 0 for a run that began in the previous bytes and is long
// enough with its start there.
std::uint64_t long_run_ends(std::uint64_t previous, std::uint64_t current) noexcept {
  static_assert(min_base64_run == long_run);
  std::uint64_t m = long_run_ends_within(current);
  const auto carried = static_cast<std::size_t>(std::countl_one(previous));
  if (carried > 0 && (current & 1) && carried + static_cast<std::size_t>(std::countr_one(current)) >= min_base64_run)
    m |= 1;
  return m;
}

// The alphabet bits of `alphabet` from the first telling byte (0-9 + /) of each run to its end,
// whole runs for one that began in the previous bytes with a telling byte (`carry` in), and
// `carry` out for a run that reaches the next bytes with one: adding each telling bit to its
// run's ones carries through the rest of the run. A run with none is neither hex worth decoding
// (hex of letters only decodes to bytes from 0xAA up) nor base64 consider_run keeps.
std::uint64_t from_telling(std::uint64_t alphabet, std::uint64_t telling, bool& carry) noexcept {
  const std::uint64_t partial = alphabet + telling;
  const bool first_carry = partial < alphabet;
  const std::uint64_t sum = partial + static_cast<std::uint64_t>(carry);
  carry = first_carry || sum < partial;
  return (alphabet & ~sum) | telling;
}

// The run [begin, end) of alphabet characters: keep it when it may be an encoding.
void take_run(std::string_view bytes, std::size_t begin, std::size_t end, std::vector<EncodedToken>& out) {
  if (end - begin < min_base64_run || end - begin > max_token_length) return;
  std::uint8_t seen = 0;
  bool hex_only = true;
  std::size_t extras = 0;
  for (std::size_t k = begin; k < end; ++k) {
    const std::uint8_t c = class_of(bytes[k]);
    seen |= c;
    hex_only = hex_only && (c & hex_digit);
    extras += (c & (std_extra | url_extra)) != 0;
  }
  if (!hex_only && too_many_extras(extras, end - begin)) return;
  consider_run(bytes, begin, end, seen, hex_only, out);
}

// The run of alphabet characters around `at`, which is in the alphabet; returns its end.
std::size_t take_run_around(std::string_view bytes, std::size_t at, std::vector<EncodedToken>& out) {
  std::size_t begin = at;
  while (begin > 0 && in_base64_alphabet(bytes[begin - 1])) --begin;
  std::size_t end = at + 1;
  while (end < bytes.size() && in_base64_alphabet(bytes[end])) ++end;
  take_run(bytes, begin, end, out);
  return end;
}

// The block of 64 bytes at `i`, which holds_long_run, with `previous` the masks of the 64 bytes
// before it (only the alphabet, unless a run crosses into the block) and `carry` whether the run
// crossing into it has a telling byte before i (made whether the block's last run has one). Takes
// the runs that end in it; returns where to go on when a run is too long for the masks, else 0.
std::size_t take_block_runs(std::string_view bytes, std::size_t i, const BlockMasks& previous,
                            const BlockMasks& current, bool& carry, std::vector<EncodedToken>& out) {
  const std::size_t n = bytes.size();
  // Only runs with a telling byte are looked at, from their first one on; a run carried in from
  // the previous bytes has only bit 0 among its ends, kept when it has one anywhere.
  const std::uint64_t all_ends = long_run_ends(previous.alphabet, current.alphabet);
  const std::uint64_t telling_runs = from_telling(current.alphabet, current.telling, carry);
  std::uint64_t ends = all_ends & telling_runs;
  if ((all_ends & 1) && (telling_runs & current.alphabet & ~(current.alphabet + 1))) ends |= 1;
  while (ends != 0) {
    const auto at = static_cast<unsigned>(std::countr_zero(ends));
    // The run's end: the ones from `at` up in this block.
    const auto after = static_cast<unsigned>(std::countr_one(current.alphabet >> at));
    // Its start: the ones from `at` down, into the previous block when it reaches bit 0.
    const auto below = static_cast<unsigned>(std::countl_one(current.alphabet << (63 - at)));
    const unsigned before = below == at + 1 ? static_cast<unsigned>(std::countl_one(previous.alphabet)) : 0;
    const std::size_t done = at + after;  // <= 64
    // A run that reaches the next block is taken there, with this block as its previous one.
    if (done == 64 && n - i > 64 && in_base64_alphabet(bytes[i + 64])) return 0;
    // Longer than the masks see: measured byte by byte (rare outside encoded data).
    if (before >= 64) return take_run_around(bytes, i + at, out) + 1;
    ends = done == 64 ? 0 : ends & ~((std::uint64_t{2} << done) - 1);
    const std::size_t begin = i + at + 1 - below - before;
    const std::size_t end = i + done;
    const std::uint64_t in_current = (done == 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << done) - 1) &
                                     ~((std::uint64_t{1} << (at + 1 - below)) - 1);
    std::size_t extras = bit_count(current.extras & in_current);
    if (before > 0) extras += bit_count(previous.extras >> (64 - before));
    // Hex has no extras; base64 of text only a few.
    if (!too_many_extras(extras, end - begin)) take_run(bytes, begin, end, out);
  }
  return 0;
}

// Ordinary source is mostly short runs of these characters (identifiers, numbers): 64 bytes at a
// time become a bit mask, and only the blocks where a run of min_base64_run set bits ends are
// classified further and their runs measured and judged from the masks; only a run that may be an
// encoding is read byte by byte.
void find_base64_and_hex(std::string_view bytes, std::vector<EncodedToken>& out) {
  const std::size_t n = bytes.size();
  // Masks are made for this many blocks at a time, so the classification runs as one loop.
  constexpr std::size_t batch = 64;
  // alphabet[0]: the mask of the 64 bytes before i, zero when no run crosses i; then the batch's.
  std::array<std::uint64_t, batch + 1> alphabet;
  alphabet[0] = 0;
  std::array<BlockMasks, batch> masks;  // of the blocks looked at closely
  // The last block whose runs were taken: where it is, its masks and its carry out.
  std::size_t last_at = SIZE_MAX;
  BlockMasks last{0, 0, 0};
  bool last_carry = false;
  std::size_t i = 0;
  while (n - i >= 64) {
    const std::size_t blocks = std::min(batch, (n - i) / 64);
    std::uint64_t crossing = 0;
    std::uint64_t found = find_long_runs(bytes.data() + i, blocks, alphabet.data(), crossing);
    // Full masks for the blocks found and, where a run crosses into one of them, the block before.
    const std::uint64_t which = found | ((found & crossing) >> 1);
    if (which != 0) classify_blocks(bytes.data() + i, which, masks.data());
    std::size_t resume = 0;  // where to go on after a run too long for the masks
    while (found != 0 && resume == 0) {
      const auto b = static_cast<std::size_t>(std::countr_zero(found));
      found &= found - 1;
      const std::size_t at = i + 64 * b;
      const BlockMasks& current = masks[b];
      BlockMasks before{alphabet[b], 0, 0};
      bool carry = false;
      if ((before.alphabet >> 63) & current.alphabet & 1) {
        // A run crosses into the block: the masks of the block before, and whether its part
        // there has a telling byte (a block that was not looked at is not all alphabet, so only
        // its last run counts).
        if (last_at == at - 64) {
          before = last;
          carry = last_carry;
        } else {
          if (b > 0) before = masks[b - 1];
          else classify_blocks(bytes.data() + at - 64, 1, &before);
          const auto carried = static_cast<unsigned>(std::countl_one(before.alphabet));
          carry = (before.telling & (~std::uint64_t{0} << (64 - carried))) != 0;
        }
      }
      resume = take_block_runs(bytes, at, before, current, carry, out);
      last_at = at;
      last = current;
      last_carry = carry;
    }
    if (resume != 0) {
      if (resume >= n) return;
      i = resume;  // bytes[resume - 1] is outside the alphabet: no run crosses it
      alphabet[0] = 0;
      last_at = SIZE_MAX;
      continue;
    }
    i += 64 * blocks;
    alphabet[0] = alphabet[blocks];
  }
  // The last bytes one at a time, from the start of a run that crosses into them (one that ends
  // where they begin was taken with the masks).
  if (i < n && in_base64_alphabet(bytes[i]))
    while (i > 0 && in_base64_alphabet(bytes[i - 1])) --i;
  while (i < n) {
    if (!in_base64_alphabet(bytes[i])) {
      ++i;
      continue;
    }
    i = take_run_around(bytes, i, out) + 1;
  }
}

bool percent_escape_at(std::string_view bytes, std::size_t i) noexcept {
  return i + 2 < bytes.size() && hex_value(bytes[i + 1]) >= 0 && hex_value(bytes[i + 2]) >= 0;
}

// A run longer than max_token_length is taken in windows. The walk back from an escape stops
// where the last token taken ends, so each window starts where the one before it ended: walking
// back max_token_length from every escape of such a run costs that much per escape, which a
// megabyte of %XX turns into minutes.
void find_percent(std::string_view bytes, std::vector<EncodedToken>& out) {
  std::size_t from = 0, taken = 0;
  for (;;) {
    const void* hit = std::memchr(bytes.data() + from, '%', bytes.size() - from);
    if (!hit) return;
    const std::size_t at = static_cast<std::size_t>(static_cast<const char*>(hit) - bytes.data());
    if (!percent_escape_at(bytes, at)) {
      from = at + 1;
      continue;
    }
    std::size_t begin = at;
    while (begin > taken && at - begin < max_token_length && (class_of(bytes[begin - 1]) & url_char)) --begin;
    std::size_t end = at + 1;
    while (end < bytes.size() && end - begin < max_token_length && (class_of(bytes[end]) & url_char)) ++end;
    if (end - begin >= min_quoted_run) {
      out.push_back({begin, end, Encoding::percent});
      taken = end;
    }
    from = end;
  }
}

bool is_quote(char c) noexcept { return c == '"' || c == '\''; }

// What the byte after a backslash makes of it, as bits: an escape decode_escapes knows, one that
// yields a control character (ending a word), one that is a single character of text.
enum : std::uint8_t { known = 1, control = 2, one_character = 4 };

constexpr std::array<std::uint8_t, 256> make_escape_kinds() {
  std::array<std::uint8_t, 256> t{};
  for (const char c : std::string_view("ntrbfva")) t[static_cast<unsigned char>(c)] |= known | control;
  for (const char c : std::string_view("xuU01234567\\\"'/")) t[static_cast<unsigned char>(c)] |= known | one_character;
  t['`'] |= one_character;
  return t;
}
constexpr auto escape_kinds = make_escape_kinds();

std::uint8_t escape_kind(char c) noexcept { return escape_kinds[static_cast<unsigned char>(c)]; }

bool known_escape(char c) noexcept { return (escape_kind(c) & known) != 0; }

// The bytes a walk through a string literal stops at.
enum class Stops : std::uint8_t {
  line_or_quote,            // the start of a quoted literal: a newline or either quote
  blank,                    // the ends of an unquoted token
  line_quote_or_backslash,  // in a literal quoted with `quote`: its end, or an escape to step over
};

template <Stops stops>
bool is_stop(char c, char quote) noexcept {
  if constexpr (stops == Stops::line_or_quote) return c == '\n' || is_quote(c);
  else if constexpr (stops == Stops::blank) return is_blank(static_cast<unsigned char>(c));
  else return c == '\n' || c == quote || c == '\\';
}

// Literals are walked 16 bytes at a time where the target has SSE2 (baseline x86-64): bit k of the
// mask is is_stop of byte k of the 16 at `p`.
#if defined(__SSE2__)
unsigned equal_mask(__m128i v, char c) noexcept {
  return static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8(c))));
}

template <Stops stops>
unsigned stop_mask(const char* p, char quote) noexcept {
  const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
  if constexpr (stops == Stops::line_or_quote) return equal_mask(v, '\n') | equal_mask(v, '"') | equal_mask(v, '\'');
  else if constexpr (stops == Stops::blank) {
    // \t \n \v \f \r are 9 to 13.
    const __m128i control = _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8(8)), _mm_cmplt_epi8(v, _mm_set1_epi8(14)));
    return static_cast<unsigned>(_mm_movemask_epi8(control)) | equal_mask(v, ' ');
  } else return equal_mask(v, '\n') | equal_mask(v, quote) | equal_mask(v, '\\');
}
#endif

// One past the last stop in [low, high), or `low` when there is none.
template <Stops stops>
std::size_t after_last(std::string_view bytes, std::size_t low, std::size_t high, char quote = 0) noexcept {
#if defined(__SSE2__)
  for (; high - low >= 16; high -= 16)
    if (const unsigned m = stop_mask<stops>(bytes.data() + high - 16, quote); m != 0)
      return high - 16 + static_cast<std::size_t>(std::bit_width(m));
#endif
  while (high > low && !is_stop<stops>(bytes[high - 1], quote)) --high;
  return high;
}

// The first stop in [from, limit), or `limit` when there is none.
template <Stops stops>
std::size_t first_stop(std::string_view bytes, std::size_t from, std::size_t limit, char quote = 0) noexcept {
#if defined(__SSE2__)
  for (; limit - from >= 16; from += 16)
    if (const unsigned m = stop_mask<stops>(bytes.data() + from, quote); m != 0)
      return from + static_cast<std::size_t>(std::countr_zero(m));
#endif
  while (from < limit && !is_stop<stops>(bytes[from], quote)) ++from;
  return from;
}

// The string literal around the backslash at `at`: from its opening quote on the same line to its
// closing one; without quotes, the run of non-blank bytes around it. Neither starts before `taken`,
// the end of the last token taken (find_percent says why).
EncodedToken escape_token(std::string_view bytes, std::size_t at, std::size_t taken) {
  const std::size_t low = std::max(taken, at > max_token_length ? at - max_token_length : 0);
  std::size_t begin = after_last<Stops::line_or_quote>(bytes, low, at);
  if (begin > 0 && is_quote(bytes[begin - 1])) {
    const char quote = bytes[begin - 1];
    const std::size_t limit = std::min(bytes.size(), begin + max_token_length);
    std::size_t end = at;
    // A backslash and the byte after it are stepped over together, whatever that byte is.
    while (end < limit) {
      end = first_stop<Stops::line_quote_or_backslash>(bytes, end, limit, quote);
      if (end == limit || bytes[end] != '\\') break;
      end += 2;
    }
    return {begin, std::min(end, bytes.size()), Encoding::escape};
  }
  begin = after_last<Stops::blank>(bytes, low, at);
  std::size_t end = at;
  while (end < bytes.size() && end - begin < max_token_length && !is_blank(static_cast<unsigned char>(bytes[end])))
    end += bytes[end] == '\\' ? std::size_t{2} : std::size_t{1};
  return {begin, std::min(end, bytes.size()), Encoding::escape};
}

void find_escapes(std::string_view bytes, std::vector<EncodedToken>& out) {
  std::size_t from = 0, taken = 0;
  for (;;) {
    const void* hit = std::memchr(bytes.data() + from, '\\', bytes.size() - from);
    if (!hit) return;
    const std::size_t at = static_cast<std::size_t>(static_cast<const char*>(hit) - bytes.data());
    if (at + 1 >= bytes.size()) return;  // a backslash last escapes nothing
    if (!known_escape(bytes[at + 1])) {
      from = at + 2;
      continue;
    }
    const EncodedToken token = escape_token(bytes, at, taken);
    if (token.end - token.begin >= min_quoted_run) {
      out.push_back(token);
      taken = token.end;
    }
    from = std::max(token.end, at + 2);
    if (from >= bytes.size()) return;
  }
}

// Printable ASCII and blanks; bytes of UTF-8 sequences count half.
bool mostly_text(std::string_view decoded) noexcept {
  std::size_t texty = 0, high = 0;
  for (const char ch : decoded) {
    const auto c = static_cast<unsigned char>(ch);
    if ((c >= 0x20 && c < 0x7F) || c == '\n' || c == '\r' || c == '\t') ++texty;
    else if (c >= 0x80) ++high;
  }
  return (texty + high / 2) * 10 >= decoded.size() * 9;
}

// The first bytes of text: at most one of them outside printable ASCII and blanks.
bool starts_as_text(std::string_view head) noexcept {
  std::size_t other = 0;
  for (const char ch : head) {
    const auto c = static_cast<unsigned char>(ch);
    other += !((c >= 0x20 && c < 0x7F) || c == '\n' || c == '\r' || c == '\t');
  }
  return other <= 1;
}

bool has_long_word(std::string_view decoded) noexcept {
  std::size_t run = 0;
  for (const char ch : decoded) {
    const auto c = static_cast<unsigned char>(ch);
    run = (c > ' ' && c < 0x7F) ? run + 1 : 0;
    if (run >= min_word) return true;
  }
  return false;
}

// Whether a bound on the longest word of what `token` decodes to as backslash escapes reaches
// min_word (never false when the word does, so a token that cannot hold one is skipped without
// decoding): a literal byte is itself, an escape that yields a control character (\n \t ...) ends
// a word, a line continuation yields nothing, any other escape counts as one word character and
// whatever digits follow it as more. Most string literals of source code ("...: %s\n") have no
// word that long, and this costs no allocation.
bool escape_word_reaches(std::string_view token) noexcept {
  std::size_t run = 0;
  for (std::size_t i = 0; i < token.size();) {
    const auto c = static_cast<unsigned char>(token[i]);
    if (c == '\\' && i + 1 < token.size()) {
      const char next = token[i + 1];
      if (escape_kind(next) & control) {
        run = 0;
        i += 2;
        continue;
      }
      if (next == '\n') {
        i += 2;
        continue;
      }
      ++run;
      // A known escape is one character; an unknown one keeps its backslash, and the byte after it
      // is read as a literal.
      i += (escape_kind(next) & one_character) ? 2 : 1;
    } else {
      run = (c > ' ' && c < 0x7F) ? run + 1 : 0;
      ++i;
    }
    if (run >= min_word) return true;
  }
  return false;
}

// False only when escape_word_reaches is: each character it counts is a byte from '!' to '~' of
// its own, and a word goes on across a line continuation only, so without min_word such bytes in
// a row and without a backslash before a newline no count reaches min_word. Read 16 bytes at a
// time, this passes over most literals faster than the count.
bool escape_word_possible(std::string_view bytes, std::size_t begin, std::size_t end) noexcept {
#if defined(__SSE2__)
  static_assert(min_word == 16);
  unsigned previous_word = 0, previous_backslash = 0;
  for (std::size_t at = begin; at < end; at += 16) {
    __m128i v;
    if (bytes.size() - at >= 16) {
      v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(bytes.data() + at));
    } else {
      std::array<char, 16> last{};
      std::memcpy(last.data(), bytes.data() + at, bytes.size() - at);
      v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(last.data()));
    }
    const unsigned in_token = end - at >= 16 ? 0xFFFFu : (1u << (end - at)) - 1;
    // Bytes from 0x80 are negative, so not above ' '.
    const unsigned word = static_cast<unsigned>(_mm_movemask_epi8(_mm_andnot_si128(
                              _mm_cmpeq_epi8(v, _mm_set1_epi8(0x7F)), _mm_cmpgt_epi8(v, _mm_set1_epi8(' '))))) &
                          in_token;
    const unsigned backslash = equal_mask(v, '\\') & in_token;
    if (((backslash << 1) | previous_backslash) & equal_mask(v, '\n') & in_token) return true;
    previous_backslash = backslash >> 15;
    // 16 word bytes in a row in these 16 bytes and the 16 before them.
    std::uint32_t row = (word << 16) | previous_word;
    row &= row >> 1;
    row &= row >> 2;
    row &= row >> 4;
    row &= row >> 8;
    if (row != 0) return true;
    previous_word = word;
  }
  return false;
#else
  (void)bytes, (void)begin, (void)end;
  return true;
#endif
}

// What `token` decodes to is too short to hold a word of min_word characters (each %XX is one).
bool percent_too_short(std::string_view token) noexcept {
  const auto escapes = static_cast<std::size_t>(std::count(token.begin(), token.end(), '%'));
  return token.size() < min_word + 2 * escapes;
}

// out[first, middle) is ascending: with the tokens from `middle` on, one ascending list. The
// finders yield ascending tokens, so this is a merge; a sort only if a finder ever does not.
void merge_sorted(std::vector<EncodedToken>& out, std::size_t first, std::size_t middle) {
  const auto by_place = [](const EncodedToken& a, const EncodedToken& b) {
    return a.begin < b.begin || (a.begin == b.begin && a.end < b.end);
  };
  const auto from = out.begin() + static_cast<std::ptrdiff_t>(first),
             mid = out.begin() + static_cast<std::ptrdiff_t>(middle);
  if (!std::is_sorted(mid, out.end(), by_place)) std::sort(mid, out.end(), by_place);
  std::inplace_merge(from, mid, out.end(), by_place);
}

}  // namespace

void find_encoded_tokens(std::string_view bytes, std::vector<EncodedToken>& out) {
  const std::size_t first = out.size();
  find_base64_and_hex(bytes, out);
  merge_sorted(out, first, first);
  const std::size_t percent = out.size();
  find_percent(bytes, out);
  merge_sorted(out, first, percent);
  const std::size_t escapes = out.size();
  find_escapes(bytes, out);
  merge_sorted(out, first, escapes);
}

bool could_hold_secret(std::string_view decoded) noexcept { return mostly_text(decoded) && has_long_word(decoded); }

void decode_tokens(std::string_view bytes, DecodeBudget& budget, std::vector<DecodedToken>& out) {
  std::vector<EncodedToken> tokens;
  find_encoded_tokens(bytes, tokens);
  for (const EncodedToken& token : tokens) {
    const std::string_view text = bytes.substr(token.begin, token.end - token.begin);
    if (token.encoding == Encoding::base64 || token.encoding == Encoding::hex) {
      // Most candidates are identifiers or digests that decode to noise: six bytes tell.
      const std::size_t glance = token.encoding == Encoding::base64 ? 8 : 12;
      if (budget.bytes < glance) return;
      budget.bytes -= glance;
      if (const auto head = decode_as(token.encoding, text.substr(0, glance)); head && !starts_as_text(*head)) continue;
      // sniff_length is a whole number of base64 groups and hex pairs.
      const std::string_view prefix = text.substr(0, std::min(text.size(), sniff_length));
      if (prefix.size() < text.size()) {
        if (budget.bytes < prefix.size()) return;
        budget.bytes -= prefix.size();
        const auto head = decode_as(token.encoding, prefix);
        if (head && !mostly_text(*head)) continue;
      }
    }
    if (token.encoding == Encoding::escape &&
        (!escape_word_possible(bytes, token.begin, token.end) || !escape_word_reaches(text)))
      continue;
    if (token.encoding == Encoding::percent && percent_too_short(text)) continue;
    if (budget.bytes < text.size()) return;
    budget.bytes -= text.size();
    auto decoded = decode_as(token.encoding, text);
    if (!decoded || *decoded == text || !could_hold_secret(*decoded)) continue;
    out.push_back({token, std::move(*decoded)});
  }
}

}  // namespace hush::scanner::decode
