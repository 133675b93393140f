#include <initializer_list>
#include <optional>
#include <string>

#include "catch.hpp"
#include "regex_newlines.hpp"

using hush::scanner::max_newlines;

namespace {

constexpr std::optional<unsigned> none = std::nullopt;

std::string shown(std::optional<unsigned> count) { return count ? std::to_string(*count) : "none"; }

// max_newlines gives `expected` for each of `patterns`.
void expect_newlines(std::optional<unsigned> expected, std::initializer_list<const char*> patterns) {
  for (const char* pattern : patterns) {
    const std::optional<unsigned> got = max_newlines(pattern);
    INFO("pattern " << pattern << ": " << shown(got) << ", expected " << shown(expected));
    CHECK(got == expected);
  }
}

}  // namespace

TEST_CASE("max_newlines counts the newlines a match can hold", "[regex]") {
  expect_newlines(0, {"abc", "\\x0b\\x41\\t\\r"});
  expect_newlines(1, {
                         "a\\nb",
                         "a\nb",  // a literal newline byte in the pattern
                         "\\x0a|\\x{a}|\\012|\\cJ|\\o{12}",
                         "x{2,9}\\n",  // a repeat of something without newlines adds none
                     });
  expect_newlines(2, {
                         "a\\n\\n|b",  // the larger alternative
                         "(?:a\\n)?b\\n",
                     });
  expect_newlines(3, {"(?:a\\n){3}"});
  expect_newlines(5, {"(?:a\\n){2,5}"});
}

TEST_CASE("max_newlines: sets, dots and escapes", "[regex]") {
  expect_newlines(0, {
                         "[^\\n]*",
                         "[^\\n\"]+x",
                         "[\\S]",
                         "[^\\S\\n]*=",
                         "[\\x0b-\\x20]",
                         "[]a]",  // ']' first is a member
                         "[[:alpha:][:digit:]_-]",
                         "\\S\\d\\w\\h\\N",
                         ".",
                         "(?:(?s)a).",  // the option ends with its group
                         "(?s)(?-s).",
                         "(?i)key\\b[=:]\\$^",
                         "(?=\\n)a(?<!\\n)",  // lookaround consumes nothing
                         "\\.\\-\\{",
                     });
  expect_newlines(1, {
                         "[^\"]",  // a negated set holds '\n' unless it names it
                         "[\\s]",
                         "[\\x00-\\x20]",
                         "[[:space:]]",
                         "\\s",
                         "\\D",
                         "\\W",
                         "\\R",
                         "\\p{L}",  // not modelled: assumed to hold '\n'
                         "(?s).",
                         "(?s:.).",  // the option ends with its group
                         "(?<name>a\\n)(?P<p>b)",
                         "(?#a comment)\\n",
                     });
}

TEST_CASE("max_newlines has no answer for unbounded or unmodelled patterns", "[regex]") {
  expect_newlines(none, {
                            "\\s*",
                            "[^a]+",
                            "(?:[^\\n]*\\n)+",
                            "(?s).{2,}",
                            "(a)\\1",    // backreference
                            "(?x) a b",  // extended syntax
                            "(?(1)a|b)",
                            "(*UTF8)a",
                            "a{,3}",        // read as a quantifier by some versions, a literal by others
                            "\\qa",         // an unknown escape
                            "\\N{U+000A}",  // a code point, which may be a newline
                            "(a",
                            "[a",
                            "*a",
                        });
}
