// Fuzzes hush's loose-object reader (the one libgit2 reads loose objects through too): any bytes
// end in a header and content that agree, or in hush::Error; never a crash, an over-read or an
// endless loop (libFuzzer's timeout catches those).
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <span>
#include <string>

#include "hush/common/error.hpp"
#include "hush/git/loose_object.hpp"

using namespace hush::git;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::span<const unsigned char> bytes(data, size);
  std::optional<LooseHeader> header;
  try {
    header = read_loose_header(bytes, "fuzz");
  } catch (const hush::Error&) {}
  try {
    std::string content;
    const LooseHeader whole = read_loose_object(bytes, content, "fuzz");
    // A whole read succeeds only where the header read did, and says the same.
    if (!header || header->type != whole.type || header->size != whole.size || content.size() != whole.size) {
      std::fprintf(stderr, "header and object disagree\n");
      std::abort();
    }
  } catch (const hush::Error&) {}
  return 0;
}
