// toml++ as hush builds it (hush/common/toml.hpp): inputs that reached undefined behaviour in
// toml++ 3.3's whitespace test now parse, or fail, with defined results. The unit suite runs under
// UBSan in CI, which reports any return of the undefined path.
#include <string>
#include <string_view>

#include "catch.hpp"
#include "hush/common/toml.hpp"

namespace {

toml::table parse(std::string_view text) { return toml::parse(text, std::string_view("test.toml")); }

bool parses(const std::string& text) {
  try {
    (void)parse(text);
    return true;
  } catch (const toml::parse_error&) {
    return false;
  }
}

}  // namespace

TEST_CASE("toml: non-ASCII characters where the parser tests for whitespace", "[config]") {
  // A line-ending backslash in a multi-line string trims whitespace up to the next character.
  const auto table = parse("title = \"\"\"a\\\n   \xc3\xa9t\xc3\xa9\"\"\"\n");
  CHECK(table["title"].template value<std::string>() == "a\xc3\xa9t\xc3\xa9");
  // Quoted keys are recorded character by character.
  const auto keys = parse("\"cl\xc3\xa9\" = 1\n\"\xef\xb9\x90\" = 2\n");
  CHECK(keys["cl\xc3\xa9"].template value<int>() == 1);
  CHECK(keys["\xef\xb9\x90"].template value<int>() == 2);
  // Stray characters from each range that reached the undefined path are plain errors.
  for (const char* stray : {"\xc2\xa1", "\xc3\xa9", "\xe2\xb0\x8e", "\xe3\x80\x81", "\xef\xac\xb6", "\xef\xbb\xbe"}) {
    CAPTURE(stray);
    CHECK_FALSE(parses(std::string(stray) + "\n"));
    CHECK_FALSE(parses("a = 1\n" + std::string(stray) + " = 2\n"));
  }
  // What toml++ counts as non-ASCII horizontal whitespace is still refused with its message.
  CHECK_FALSE(
      parses("\xc2\xa0"
             "a = 1\n"));
  // The byte order mark is still accepted at the start.
  CHECK(
      parses("\xef\xbb\xbf"
             "a = 1\n"));
}
