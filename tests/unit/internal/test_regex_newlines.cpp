#include <optional>
#include <string>

#include "catch.hpp"
#include "regex_newlines.hpp"

using hush::scanner::max_newlines;

namespace {
constexpr std::optional<unsigned> none = std::nullopt;
}

TEST_CASE("max_newlines counts the newlines a match can hold", "[regex]") {
  CHECK(max_newlines("abc") == 0u);
  CHECK(max_newlines("a\\nb") == 1u);
  CHECK(max_newlines("a\nb") == 1u);  // a literal newline byte in the pattern
  CHECK(max_newlines("\\x0a|\\x{a}|\\012|\\cJ|\\o{12}") == 1u);
  CHECK(max_newlines("\\x0b\\x41\\t\\r") == 0u);
  CHECK(max_newlines("a\\n\\n|b") == 2u);  // the larger alternative
  CHECK(max_newlines("(?:a\\n){2,5}") == 5u);
  CHECK(max_newlines("(?:a\\n){3}") == 3u);
  CHECK(max_newlines("(?:a\\n)?b\\n") == 2u);
  CHECK(max_newlines("x{2,9}\\n") == 1u);  // a repeat of something without newlines adds none
}

TEST_CASE("max_newlines: sets, dots and escapes", "[regex]") {
  CHECK(max_newlines("[^\\n]*") == 0u);
  CHECK(max_newlines("[^\\n\"]+x") == 0u);
  CHECK(max_newlines("[^\"]") == 1u);  // a negated set holds '\n' unless it names it
  CHECK(max_newlines("[\\s]") == 1u);
  CHECK(max_newlines("[\\S]") == 0u);
  CHECK(max_newlines("[^\\S\\n]*=") == 0u);
  CHECK(max_newlines("[\\x00-\\x20]") == 1u);
  CHECK(max_newlines("[\\x0b-\\x20]") == 0u);
  CHECK(max_newlines("[]a]") == 0u);  // ']' first is a member
  CHECK(max_newlines("[[:space:]]") == 1u);
  CHECK(max_newlines("[[:alpha:][:digit:]_-]") == 0u);
  CHECK(max_newlines("\\s") == 1u);
  CHECK(max_newlines("\\S\\d\\w\\h\\N") == 0u);
  CHECK(max_newlines("\\D") == 1u);
  CHECK(max_newlines("\\W") == 1u);
  CHECK(max_newlines("\\R") == 1u);
  CHECK(max_newlines("\\p{L}") == 1u);  // not modelled: assumed to hold '\n'
  CHECK(max_newlines(".") == 0u);
  CHECK(max_newlines("(?s).") == 1u);
  CHECK(max_newlines("(?s:.).") == 1u);     // the option ends with its group
  CHECK(max_newlines("(?:(?s)a).") == 0u);  // likewise
  CHECK(max_newlines("(?s)(?-s).") == 0u);
  CHECK(max_newlines("(?i)key\\b[=:]\\$^") == 0u);
  CHECK(max_newlines("(?=\\n)a(?<!\\n)") == 0u);  // lookaround consumes nothing
  CHECK(max_newlines("(?<name>a\\n)(?P<p>b)") == 1u);
  CHECK(max_newlines("(?#a comment)\\n") == 1u);
  CHECK(max_newlines("\\.\\-\\{") == 0u);
}

TEST_CASE("max_newlines has no answer for unbounded or unmodelled patterns", "[regex]") {
  CHECK(max_newlines("\\s*") == none);
  CHECK(max_newlines("[^a]+") == none);
  CHECK(max_newlines("(?:[^\\n]*\\n)+") == none);
  CHECK(max_newlines("(?s).{2,}") == none);
  CHECK(max_newlines("(a)\\1") == none);    // backreference
  CHECK(max_newlines("(?x) a b") == none);  // extended syntax
  CHECK(max_newlines("(?(1)a|b)") == none);
  CHECK(max_newlines("(*UTF8)a") == none);
  CHECK(max_newlines("a{,3}") == none);        // read as a quantifier by some versions, a literal by others
  CHECK(max_newlines("\\qa") == none);         // an unknown escape
  CHECK(max_newlines("\\N{U+000A}") == none);  // a code point, which may be a newline
  CHECK(max_newlines("(a") == none);
  CHECK(max_newlines("[a") == none);
  CHECK(max_newlines("*a") == none);
}
