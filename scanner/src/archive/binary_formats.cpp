#include "archive/binary_formats.hpp"

#include <algorithm>
#include <array>

#include "hush/common/text.hpp"

namespace hush::scanner::archive {
namespace {

using namespace std::string_view_literals;

// Each with where its definition puts the NUL (a field whose high byte is zero, or a terminator),
// always within the sniff's first bytes. Formats that merely usually hold one are left to the
// sniff: GIF, ICU data, and shared libraries (a `.so` can be a text linker script); large binaries
// stop at their first bytes anyway.
constexpr std::array binary_extensions{
    "class"sv,  // the major version, a two-byte word below 256
    "dex"sv,    // "dex\n", a three-digit version, NUL
    "png"sv,    // the IHDR chunk's length, 0x0000000D
    "ico"sv,    // a reserved zero word first
    "cur"sv,    // the same header as an icon
    "ttf"sv,    // sfnt version 0x00010000
    "otf"sv,    // the table count, a 16-bit word below 256
    "woff"sv,   // a reserved zero word in the header
    "woff2"sv,  // the same
    "pyc"sv,    // the flags word after the magic (PEP 552)
    "mo"sv,     // the revision word after the magic, zero
};

}  // namespace

bool binary_by_format_name(std::string_view member_name) noexcept {
  const std::size_t slash = member_name.rfind('/');
  const std::string_view base = member_name.substr(slash == std::string_view::npos ? 0 : slash + 1);
  const std::size_t dot = base.rfind('.');
  if (dot == std::string_view::npos || dot == 0) return false;
  const std::string_view extension = base.substr(dot + 1);
  return std::any_of(binary_extensions.begin(), binary_extensions.end(),
                     [&](std::string_view known) { return ascii_iequals(extension, known); });
}

}  // namespace hush::scanner::archive
