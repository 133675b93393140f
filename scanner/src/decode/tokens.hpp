#pragma once
// Where a buffer holds encoded text worth decoding, found in one cheap pass: a run of the base64
// alphabet long enough to hide a secret and not shaped like an identifier or a path, a run of hex
// digits, a URL-like run with %XX escapes, a quoted string with backslash escapes. Decoding keeps
// only output that could hold a secret (mostly printable text with a long enough word in it), so
// binary blobs and ordinary source cost a short look each and report nothing.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "decode/decoders.hpp"

namespace hush::scanner::decode {

struct EncodedToken {
  std::size_t begin, end;  // the encoded text in the buffer
  Encoding encoding;
};

// Bounds on one buffer's decoding: each token that is decoded costs its length.
struct DecodeBudget {
  std::size_t bytes;
};

// Encoded text longer than this is not decoded (a chunked scan's windows overlap by more).
constexpr std::size_t max_token_length = 32 * 1024;

// Candidate tokens of `bytes`, ascending by begin; tokens of different encodings may overlap.
void find_encoded_tokens(std::string_view bytes, std::vector<EncodedToken>& out);

// True when decoded bytes look like text that may hold a secret.
[[nodiscard]] bool could_hold_secret(std::string_view decoded) noexcept;

struct DecodedToken {
  EncodedToken token;
  std::string bytes;
};

// The tokens of `bytes` whose decoding could hold a secret, ascending by begin, spending `budget`.
void decode_tokens(std::string_view bytes, DecodeBudget& budget, std::vector<DecodedToken>& out);

}  // namespace hush::scanner::decode
