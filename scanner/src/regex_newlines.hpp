#pragma once
// How many newlines a match of a regex can contain, read off the pattern's text. History scans
// use it to bound what a candidate depends on for rules whose width Hyperscan cannot bound
// (`[^\n]*` gaps), since such a match still cannot reach past a few line breaks.
#include <optional>
#include <string_view>

namespace hush::scanner {

// The most '\n' bytes one match of `pattern` (PCRE syntax, as Hyperscan reads it with
// HS_FLAG_MULTILINE and without HS_FLAG_DOTALL) can contain; nullopt when there is no bound or the
// pattern uses syntax this reading does not model (backreferences, conditionals, recursion,
// extended mode, ...). Errs only towards nullopt or a larger count: a class or escape it is unsure
// of is taken to match '\n'.
[[nodiscard]] std::optional<unsigned> max_newlines(std::string_view pattern);

}  // namespace hush::scanner
