// Fuzzes the decoders a scan runs over every file: base64, hex, percent and backslash-escape
// decoding, the token finder that feeds them, and UTF-16 detection and conversion. Any input ends
// in decoded bytes or "not this encoding", never a crash or an over-read; tokens lie inside the
// input, decoding never grows what it decodes, and the budget is never overspent.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>
#include <vector>

#include "decode/decoders.hpp"
#include "decode/tokens.hpp"
#include "decode/utf16.hpp"

using namespace hush::scanner::decode;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  for (const auto encoding : {Encoding::base64, Encoding::hex, Encoding::percent, Encoding::escape}) {
    const auto decoded = decode_as(encoding, bytes);
    if (decoded && decoded->size() > bytes.size()) std::abort();
  }

  std::vector<EncodedToken> tokens;
  find_encoded_tokens(bytes, tokens);
  for (const auto& t : tokens)
    if (t.begin >= t.end || t.end > bytes.size()) std::abort();

  const std::size_t allowance = size / 2 + 64;
  DecodeBudget budget{allowance};
  std::vector<DecodedToken> decoded;
  decode_tokens(bytes, budget, decoded);
  if (budget.bytes > allowance) std::abort();
  for (const auto& d : decoded) {
    if (d.token.end > bytes.size() || d.bytes.size() > d.token.end - d.token.begin) std::abort();
    if (!could_hold_secret(d.bytes)) std::abort();
  }

  // Escaped and percent-encoded tokens are skipped undecoded only when what they decode to could
  // not hold a secret: with a budget that never runs out, every such token that could is kept.
  DecodeBudget ample{SIZE_MAX / 2};
  std::vector<DecodedToken> kept;
  decode_tokens(bytes, ample, kept);
  for (const auto& t : tokens) {
    if (t.encoding != Encoding::escape && t.encoding != Encoding::percent) continue;
    const auto text = decode_as(t.encoding, bytes.substr(t.begin, t.end - t.begin));
    if (!text || *text == bytes.substr(t.begin, t.end - t.begin) || !could_hold_secret(*text)) continue;
    const bool found = std::any_of(kept.begin(), kept.end(), [&](const DecodedToken& d) {
      return d.token.begin == t.begin && d.token.end == t.end && d.token.encoding == t.encoding;
    });
    if (!found) std::abort();
  }

  if (const auto layout = detect_utf16(bytes)) {
    const std::string text = utf16_to_utf8(bytes, *layout);
    if (text.size() > (size / 2) * 3) std::abort();
    if (utf16_units_before(text, text.size()) > size / 2) std::abort();
    (void)count_characters(text);
  }
  return 0;
}
