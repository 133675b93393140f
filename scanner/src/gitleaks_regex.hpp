#pragma once
// gitleaks writes regexes in Go's RE2 syntax; hush compiles them with Hyperscan and PCRE2. The
// dialects agree on nearly everything, and this rewrites the few escapes they read differently.
#include <string>
#include <string_view>

namespace hush::scanner::gitleaks {

// RE2 reads \1..\7 (up to three octal digits) as octal character codes where PCRE2 sees a
// backreference, and \v as the vertical tab alone where PCRE2 sees any vertical space.
[[nodiscard]] std::string translate_regex(std::string_view re2);

// Capture groups in a PCRE2-compatible regex (0 when it does not compile).
[[nodiscard]] unsigned capture_count(const std::string& regex);

}  // namespace hush::scanner::gitleaks
