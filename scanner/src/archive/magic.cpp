#include <cstring>

#include "hush/scanner/archive.hpp"

namespace hush::scanner {
namespace {

bool starts_with(std::string_view bytes, std::string_view magic) noexcept {
  return bytes.substr(0, magic.size()) == magic;
}

}  // namespace

bool looks_like_archive(std::string_view bytes) noexcept {
  using namespace std::string_view_literals;
  if (bytes.size() < 4) return false;
  // zip: a local file header, or the end record of an empty archive.
  if (starts_with(bytes, "PK\x03\x04"sv) || starts_with(bytes, "PK\x05\x06"sv)) return true;
  if (starts_with(bytes, "\x1f\x8b"sv)) return true;  // gzip
  if (starts_with(bytes,
                  "\xfd"
                  "7zXZ\x00"sv))
    return true;                                              // xz
  if (starts_with(bytes, "\x28\xb5\x2f\xfd"sv)) return true;  // zstd frame
  // bzip2: "BZh", a block size digit, then a block or end-of-stream magic, so text starting with
  // "BZh" is not taken for one.
  if (bytes.size() >= 10 && starts_with(bytes, "BZh"sv) && bytes[3] >= '1' && bytes[3] <= '9' &&
      (bytes.substr(4, 6) == "\x31\x41\x59\x26\x53\x59"sv || bytes.substr(4, 6) == "\x17\x72\x45\x38\x50\x90"sv))
    return true;
  // tar: POSIX "ustar\0" or GNU "ustar  \0" at offset 257 of the first header.
  return bytes.size() >= 512 && (bytes.substr(257, 6) == "ustar\0"sv || bytes.substr(257, 8) == "ustar  \0"sv);
}

}  // namespace hush::scanner
