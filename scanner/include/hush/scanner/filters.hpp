#pragma once
// Post-confirmation filters: entropy, inline ignore markers, stopwords.
#include <string>
#include <string_view>
#include <vector>

namespace hush::scanner {

// Shannon entropy of the byte distribution, in bits per byte (0..8).
[[nodiscard]] double shannon_entropy(std::string_view bytes) noexcept;

// The average Shannon entropy of uniformly random strings as long as `bytes`, drawn from the
// alphabet its character classes suggest (hex digits 16, digits 10, lower 26, upper 26,
// punctuation 32, non-ASCII 128). Short strings cannot reach log2 of their alphabet, so comparing
// a secret with this figure, rather than with a fixed threshold, treats every length alike.
[[nodiscard]] double random_string_entropy(std::string_view bytes) noexcept;

// True when the line carries an inline ignore marker in any of the spellings projects already use,
// in any case: `hush:allow`, `gitleaks:allow` (repositories migrating from gitleaks keep their
// annotations) and detect-secrets' `pragma: allowlist secret`.
[[nodiscard]] bool has_inline_ignore(std::string_view line) noexcept;

// True when the line marks the next one (`hush:allow-next-line`, detect-secrets' `pragma:
// allowlist nextline secret`): for formats whose secret lines cannot hold a comment, such as a
// JSON string or a PEM block, where the marker goes on the line before.
[[nodiscard]] bool has_next_line_ignore(std::string_view line) noexcept;

// True for the example credentials that specifications publish and documentation, tests and
// mocks copy everywhere: those of the OAuth 2.0 framework (RFC 6749) and bearer token usage
// (RFC 6750). Nobody can use them, whatever rule finds them.
[[nodiscard]] bool published_example(std::string_view secret) noexcept;

// True when `secret` contains any of the (already lower-cased) stopwords, ignoring ASCII case.
[[nodiscard]] bool contains_stopword(std::string_view secret, const std::vector<std::string>& lowered_stopwords);

}  // namespace hush::scanner
