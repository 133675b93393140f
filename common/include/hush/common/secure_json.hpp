#pragma once
// JSON from outside hush (store answers, encrypted secret files): one reader for all of it.
//
// - Nesting is bounded while reading (max_json_depth), and the reader never recurses, so a body
//   nested 80,000 levels deep is a clean "too deep" instead of a stack overflow somewhere later.
// - Values may be secrets: the document's every allocation (strings, objects, arrays) and the
//   reader's scratch are wiped before they are freed, and no copy of the text is made on the
//   ordinary heap (nlohmann's own parser keeps the raw text of each token in a plain vector).
// - Errors never quote the input.
#include <cstddef>
#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "hush/common/secret.hpp"
#include "hush/common/wiping_allocator.hpp"

namespace hush {

using SecureString = std::basic_string<char, std::char_traits<char>, WipingAllocator<char>>;
using SecureJson = nlohmann::basic_json<std::map, std::vector, SecureString, bool, std::int64_t, std::uint64_t, double,
                                        WipingAllocator>;

// Deeper than any store answer or secret file has reason to be, shallow enough that walking a
// document recursively (dump(), a key-path walk) stays far from the stack's end.
inline constexpr std::size_t max_json_depth = 128;

enum class JsonStatus { ok, malformed, too_deep };

// Reads one JSON text (RFC 8259; UTF-8, validated; a leading byte-order mark is skipped) into
// `out`. On anything but ok, `out` is null.
[[nodiscard]] JsonStatus read_json(std::string_view text, SecureJson& out, std::size_t max_depth = max_json_depth);

// "not valid JSON" / "JSON nested deeper than 128 levels", for messages that must not quote
// the text.
[[nodiscard]] std::string json_status_text(JsonStatus status);

// A value handed on as a secret: a string as it is, anything else as its JSON text (the
// serializer's scratch wiped).
[[nodiscard]] SecretBuffer secret_text(const SecureJson& value);

}  // namespace hush
