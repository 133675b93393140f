#pragma once
// A byte-preserving pass over JSON text that finds the string values ejson encrypts, so that
// `hush encrypt` rewrites only those values and leaves formatting, order and comments-by-key alone.
#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

namespace hush::vault_client::ejson {

// Raw newlines inside string literals are common in hand-edited files (pasted PEM keys); JSON
// forbids them, so they become "\n" / "\r" escapes first, as ejson does.
[[nodiscard]] std::string collapse_multiline_strings(std::string_view text);

// Calls `action` with the unescaped content of every encryptable string value (a string that is not
// an object key, where the most recent object key did not start with '_') and splices the returned
// text back in, JSON-quoted. Throws hush::Error (config) on malformed JSON.
[[nodiscard]] std::string rewrite_encryptable_values(std::string_view text, const std::string& origin,
                                                     const std::function<std::string(const std::string&)>& action);

}  // namespace hush::vault_client::ejson
