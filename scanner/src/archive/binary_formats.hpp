#pragma once
// Archive members whose name alone says the scan would skip them as binary.
#include <string_view>

namespace hush::scanner::archive {

// True for a member named as a format whose definition puts a NUL byte in its first bytes (a
// class file's version, a PNG's first chunk length, an ELF identification's padding...), so the
// NUL sniff skips every genuine file of it. A jar is mostly classes: knowing them by name lets
// libarchive step over their compressed bytes instead of inflating each one just to sniff it.
[[nodiscard]] bool binary_by_format_name(std::string_view member_name) noexcept;

}  // namespace hush::scanner::archive
