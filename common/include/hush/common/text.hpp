#pragma once
// Small text helpers shared by configuration, rule and command-line parsing.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hush {

// "10MiB", "512k", "4096", "1G" (binary units, case-insensitive) -> bytes; nullopt when the text
// is not a positive size or overflows.
[[nodiscard]] std::optional<std::uint64_t> parse_size(std::string_view text) noexcept;

// "250ms", "30s", "5m", "1h", "1h30m"; a bare number is seconds.
[[nodiscard]] std::optional<std::chrono::milliseconds> parse_duration(std::string_view text);

[[nodiscard]] std::string ascii_lower(std::string text);
// ASCII whitespace: space, tab, CR, LF, VT, FF.
inline constexpr std::string_view ascii_whitespace = " \t\r\n\v\f";

// Without leading and trailing bytes found in `chars` (by default ASCII whitespace). Formats that
// define their own blanks (a line of a PEM body, an INI value) pass them, so "trim" means one thing.
[[nodiscard]] constexpr std::string_view trim(std::string_view s, std::string_view chars = ascii_whitespace) noexcept {
  const auto first = s.find_first_not_of(chars);
  if (first == std::string_view::npos) return {};
  return s.substr(first, s.find_last_not_of(chars) - first + 1);
}

// Text from outside (a server's message, a name from the command line or a store) made safe for
// one log or error line: control characters become spaces, and it is cut after `limit` bytes.
[[nodiscard]] std::string printable(std::string_view text, std::size_t limit = 300);

// Equal ignoring ASCII case (header names, profile names): no locale involved.
[[nodiscard]] bool ascii_iequals(std::string_view a, std::string_view b) noexcept;

// The candidate nearest to `word` when it is near enough to be a typo of it (one edit for short
// words, two for longer ones; a swap of neighbours is one edit), for "did you mean" in messages
// about unknown commands, options, keys and rule ids. nullopt when none is.
[[nodiscard]] std::optional<std::string> closest_match(std::string_view word,
                                                       const std::vector<std::string>& candidates);
// " (did you mean 'X'?)" for the nearest candidate, or nothing.
[[nodiscard]] std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace hush
