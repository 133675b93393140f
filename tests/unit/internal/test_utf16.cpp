#include <random>

#include "catch.hpp"
#include "decode/utf16.hpp"
#include "test_support.hpp"

using namespace hush::scanner::decode;

namespace {

std::string utf16(std::u16string_view text, ByteOrder order, bool bom) {
  return hush::test::utf16(text, order == ByteOrder::little, bom);
}

}  // namespace

TEST_CASE("UTF-16 is recognised by its mark or its NUL pattern, binary is not", "[utf16]") {
  const std::u16string text = u"[settings]\r\nname = caf\u00e9\r\n";
  for (const auto order : {ByteOrder::little, ByteOrder::big}) {
    for (const bool bom : {false, true}) {
      const auto layout = detect_utf16(utf16(text, order, bom));
      REQUIRE(layout);
      CHECK(layout->order == order);
      CHECK(layout->bom == (bom ? 2u : 0u));
      CHECK(utf16_to_utf8(utf16(text, order, bom), *layout) == "[settings]\r\nname = caf\xC3\xA9\r\n");
    }
  }
  CHECK_FALSE(detect_utf16("plain ASCII text\n"));
  CHECK_FALSE(detect_utf16(std::string("\xFF\xFE\0\0a\0\0\0", 8)));  // UTF-32's mark
  // 16-bit samples and counters: NUL high bytes, but control characters for low ones.
  std::mt19937 rng(3);
  std::string samples;
  for (int i = 0; i < 2000; ++i) samples += {static_cast<char>(rng() % 32), '\0'};
  CHECK_FALSE(detect_utf16(samples));
  std::string mostly_nul(4000, '\0');
  mostly_nul[1] = 'x';
  CHECK_FALSE(detect_utf16(mostly_nul));
}

TEST_CASE("UTF-16 conversion joins surrogate pairs and replaces broken ones", "[utf16]") {
  const Utf16Layout le{ByteOrder::little, 0};
  CHECK(utf16_to_utf8(utf16(u"a\U0001F600b", ByteOrder::little, false), le) ==
        "a\xF0\x9F\x98\x80"
        "b");
  CHECK(utf16_to_utf8(utf16(u"a\xD83D"
                            u"b",
                            ByteOrder::little, false),
                      le) ==
        "a\xEF\xBF\xBD"
        "b");
  CHECK(utf16_to_utf8(std::string("a\0b", 3), le) == "a");  // an odd last byte is dropped
  CHECK(utf16_units_before("a\xF0\x9F\x98\x80"
                           "b",
                           5) == 3);
}
