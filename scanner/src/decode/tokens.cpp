#include "decode/tokens.hpp"

#include <algorithm>
#include <array>
#include <cstring>

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

bool is_blank(unsigned char c) noexcept { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

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
  // Both alphabets' extras at once is a path or an identifier, not base64.
  if ((seen & std_extra) && (seen & url_extra)) return;
  // Base64 of text mixes cases and has digits or + /; a word or an UPPER_CASE name does not.
  if (!(seen & upper) || !(seen & lower) || !(seen & (digit | std_extra))) return;
  std::size_t padded = end;
  while (padded < bytes.size() && padded - end < 2 && bytes[padded] == '=') ++padded;
  if (padded < bytes.size() && (class_of(bytes[padded]) & base64_char)) padded = end;  // key=value, not padding
  out.push_back({begin, padded, Encoding::base64});
}

void find_base64_and_hex(std::string_view bytes, std::vector<EncodedToken>& out) {
  const std::size_t n = bytes.size();
  std::size_t i = 0;
  while (i < n) {
    if (!(class_of(bytes[i]) & base64_char)) {
      ++i;
      continue;
    }
    const std::size_t begin = i;
    std::uint8_t seen = 0;
    bool hex_only = true;
    while (i < n) {
      const std::uint8_t c = class_of(bytes[i]);
      if (!(c & base64_char)) break;
      seen |= c;
      hex_only = hex_only && (c & hex_digit);
      ++i;
    }
    if (i - begin >= min_base64_run && i - begin <= max_token_length) consider_run(bytes, begin, i, seen, hex_only, out);
  }
}

bool percent_escape_at(std::string_view bytes, std::size_t i) noexcept {
  return i + 2 < bytes.size() && detail::hex_value(bytes[i + 1]) >= 0 && detail::hex_value(bytes[i + 2]) >= 0;
}

void find_percent(std::string_view bytes, std::vector<EncodedToken>& out) {
  std::size_t from = 0;
  for (;;) {
    const void* hit = std::memchr(bytes.data() + from, '%', bytes.size() - from);
    if (!hit) return;
    const std::size_t at = static_cast<std::size_t>(static_cast<const char*>(hit) - bytes.data());
    if (!percent_escape_at(bytes, at)) {
      from = at + 1;
      continue;
    }
    std::size_t begin = at;
    while (begin > 0 && at - begin < max_token_length && (class_of(bytes[begin - 1]) & url_char)) --begin;
    std::size_t end = at + 1;
    while (end < bytes.size() && end - begin < max_token_length && (class_of(bytes[end]) & url_char)) ++end;
    if (end - begin >= min_quoted_run) out.push_back({begin, end, Encoding::percent});
    from = end;
  }
}

bool is_quote(char c) noexcept { return c == '"' || c == '\''; }

bool known_escape(char c) noexcept {
  return std::strchr("ntrbfvaxuU01234567\\\"'/", c) != nullptr && c != '\0';
}

// The string literal around the backslash at `at`: from its opening quote on the same line to its
// closing one; without quotes, the run of non-blank bytes around it.
EncodedToken escape_token(std::string_view bytes, std::size_t at) {
  std::size_t begin = at;
  while (begin > 0 && at - begin < max_token_length && bytes[begin - 1] != '\n' && !is_quote(bytes[begin - 1])) --begin;
  if (begin > 0 && is_quote(bytes[begin - 1])) {
    const char quote = bytes[begin - 1];
    std::size_t end = at;
    while (end < bytes.size() && end - begin < max_token_length && bytes[end] != '\n' && bytes[end] != quote)
      end += bytes[end] == '\\' ? std::size_t{2} : std::size_t{1};
    return {begin, std::min(end, bytes.size()), Encoding::escape};
  }
  begin = at;
  while (begin > 0 && at - begin < max_token_length && !is_blank(static_cast<unsigned char>(bytes[begin - 1]))) --begin;
  std::size_t end = at;
  while (end < bytes.size() && end - begin < max_token_length && !is_blank(static_cast<unsigned char>(bytes[end])))
    end += bytes[end] == '\\' ? std::size_t{2} : std::size_t{1};
  return {begin, std::min(end, bytes.size()), Encoding::escape};
}

void find_escapes(std::string_view bytes, std::vector<EncodedToken>& out) {
  std::size_t from = 0;
  for (;;) {
    const void* hit = std::memchr(bytes.data() + from, '\\', bytes.size() - from);
    if (!hit) return;
    const std::size_t at = static_cast<std::size_t>(static_cast<const char*>(hit) - bytes.data());
    if (at + 1 >= bytes.size() || !known_escape(bytes[at + 1])) {
      from = at + 2;
      continue;
    }
    const EncodedToken token = escape_token(bytes, at);
    if (token.end - token.begin >= min_quoted_run) out.push_back(token);
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

bool has_long_word(std::string_view decoded) noexcept {
  std::size_t run = 0;
  for (const char ch : decoded) {
    const auto c = static_cast<unsigned char>(ch);
    run = (c > ' ' && c < 0x7F) ? run + 1 : 0;
    if (run >= min_word) return true;
  }
  return false;
}


}  // namespace

void find_encoded_tokens(std::string_view bytes, std::vector<EncodedToken>& out) {
  const std::size_t first = out.size();
  find_base64_and_hex(bytes, out);
  find_percent(bytes, out);
  find_escapes(bytes, out);
  std::sort(out.begin() + static_cast<std::ptrdiff_t>(first), out.end(),
            [](const EncodedToken& a, const EncodedToken& b) { return a.begin < b.begin || (a.begin == b.begin && a.end < b.end); });
}

bool could_hold_secret(std::string_view decoded) noexcept { return mostly_text(decoded) && has_long_word(decoded); }

void decode_tokens(std::string_view bytes, DecodeBudget& budget, std::vector<DecodedToken>& out) {
  std::vector<EncodedToken> tokens;
  find_encoded_tokens(bytes, tokens);
  for (const EncodedToken& token : tokens) {
    const std::string_view text = bytes.substr(token.begin, token.end - token.begin);
    if (token.encoding == Encoding::base64 || token.encoding == Encoding::hex) {
      // sniff_length is a whole number of base64 groups and hex pairs.
      const std::string_view prefix = text.substr(0, std::min(text.size(), sniff_length));
      if (prefix.size() < text.size()) {
        if (budget.bytes < prefix.size()) return;
        budget.bytes -= prefix.size();
        const auto head = decode_as(token.encoding, prefix);
        if (head && !mostly_text(*head)) continue;
      }
    }
    if (budget.bytes < text.size()) return;
    budget.bytes -= text.size();
    auto decoded = decode_as(token.encoding, text);
    if (!decoded || *decoded == text || !could_hold_secret(*decoded)) continue;
    out.push_back({token, std::move(*decoded)});
  }
}

}  // namespace hush::scanner::decode
