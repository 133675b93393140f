#pragma once
// The assignment around an assignment rule's secret: the field's name, how the value is quoted,
// what follows it on its line, and the value's shape. A value that is a fragment of a longer
// string, a word of prose, or a field that holds no secret (a public key token, a page token) is
// no secret at all.
#include <cstddef>
#include <optional>
#include <string_view>

#include "hush/scanner/confidence.hpp"

namespace hush::scanner {

// What read_assignment learnt of the last line it read, for the next match on it: a minified
// file's one line may be megabytes long and hold thousands of matches, each of which would
// otherwise read the line from its start again. One per buffer; matches in ascending order.
struct AssignmentLine {
  std::size_t begin = 1, end = 0;  // the line; empty until one is read
  std::size_t counted_to = 0;      // quotes of [begin, counted_to) are counted below
  std::size_t doubles = 0, singles = 0;
};

// Evidence for the secret bytes[secret_start, secret_end) of a match that starts at match_start
// (where the rule's regex found the field's name); nullopt when the assignment is no secret.
[[nodiscard]] std::optional<Evidence> read_assignment(std::string_view bytes, std::size_t match_start,
                                                      std::size_t secret_start, std::size_t secret_end, Field field,
                                                      AssignmentLine& known);
[[nodiscard]] std::optional<Evidence> read_assignment(std::string_view bytes, std::size_t match_start,
                                                      std::size_t secret_start, std::size_t secret_end, Field field);

// The value's own part of the evidence: shape, length, entropy shortfall, placeholder words.
// False when the value is no secret whatever its field: a password hash, a template's
// placeholder, characters typed in order (0123456789abcdef).
[[nodiscard]] bool read_value(std::string_view value, Evidence& evidence);

// True for values made only of the words that placeholders and test values are made of
// (password, secret, test, example, my, new, 123456, ...): my_password, test123, secretpassword.
[[nodiscard]] bool placeholder_value(std::string_view value);

}  // namespace hush::scanner
