#pragma once
// Confidence: what a finding's rule, value, surroundings and path say about how likely it is to be
// a live secret (README, "Confidence"). The scanner reads the evidence in the content when it
// confirms a match; the path is weighed once it is known, since a Git blob is scanned once for
// every path it has.
#include <cstdint>
#include <optional>
#include <string_view>

#include "hush/scanner/rule.hpp"

namespace hush::scanner {

// What `hush scan` reports unless told otherwise (--min-confidence, min_confidence in .hush.toml):
// what a pre-commit hook or a CI gate should stop for, so test passwords do not block them.
inline constexpr Confidence default_min_confidence = Confidence::medium;

// The shape of an assigned value.
enum class ValueShape : std::uint8_t {
  random,       // mixes character classes and has the entropy of a random string of its length
  hex,          // 16 or more hex digits
  base64,       // base64 longer than keys are, or in parts: a hash, a ciphertext
  word,         // letters only: a dictionary word, a name
  word_digits,  // one run of letters and one of digits: pass4321, 2fast
  words,        // words joined by _ - . or case: my_password, some-user-token
  digits,       // digits only
  other,        // anything else: symbols, low entropy
};

// How an assigned value sits in its line.
enum class Framing : std::uint8_t {
  quoted,    // between a matching pair of quotes, or an XML element's > and <
  unquoted,  // the rest of the line, or up to a delimiter or a comment
  argument,  // a command-line argument (-p VALUE, --password VALUE), followed by more arguments
};

// What the scanner saw in and around a finding's secret. A rule of high confidence needs none
// of it; below high, the value is read (`valued`), and for an assignment rule its name, framing
// and line too (`assignment`).
struct Evidence {
  Confidence base = Confidence::high;
  bool validated = false;
  bool valued = false;
  bool assignment = false;
  // The value:
  ValueShape shape = ValueShape::other;
  bool placeholder = false;  // made only of the words placeholders are made of: my_password, test123
  std::uint16_t length = 0;
  float shortfall = 0;           // bits per byte below random strings of its length and classes
  bool credential_pair = false;  // base64 of user:password, as a Basic header sends it; the rest describes the password
  // The assignment:
  Framing framing = Framing::quoted;
  bool password_field = false;  // the rule reads passwords, not keys, tokens or client secrets
  bool variant_name = false;    // the field says test, example, fake, new, old, wrong, confirm...
  bool env_name = false;        // the name is an UPPER_CASE environment or constant name
  bool names_field = false;     // the value holds the field's own secret word: token: GIT_TOKEN, my_password
  bool name_word = false;       // the value is a word of the field's name: POSTGRES_PASSWORD: postgres
  bool call_argument = false;   // an argument of a call: setPassword("v"), NetworkCredential("u", "v")
  bool comment = false;         // on a comment line
  bool in_string = false;       // the name is inside a string literal (a query string, a header)
  bool long_line = false;       // a line longer than people write: generated or minified code
};

// The confidence of a finding with `evidence` at `path` (relative, '/'-separated; empty when
// unknown); nullopt when the two together say it is no secret at all (an unquoted name in a
// program, a translated label).
[[nodiscard]] std::optional<Confidence> decide_confidence(const Evidence& evidence, std::string_view path);

}  // namespace hush::scanner
