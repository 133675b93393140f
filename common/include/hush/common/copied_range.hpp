#pragma once
// How a Git delta builds an object from its base, in the form the matcher reuses it: the Git
// library produces these and the scanner consumes them, so the type lives below both.
#include <cstdint>

namespace hush {

// Bytes [target, target + length) of a buffer are bytes [source, source + length) of an earlier one.
struct CopiedRange {
  std::uint64_t target;
  std::uint64_t source;
  std::uint64_t length;
};

}  // namespace hush
