#pragma once
// RAII wrappers for Hyperscan (or Vectorscan) handles: the one set for the libraries that link
// Hyperscan (the scanner's matcher, the injector's output masker). Header-only, so hush::common
// itself does not link Hyperscan; a user that includes it does.
#include <hs.h>

#include <cstdlib>
#include <memory>

#include "hush/common/c_handle.hpp"

namespace hush {

struct HsMiscFree {
  // hs_expression_info and hs_serialize_database allocate with the misc allocator (malloc).
  void operator()(void* p) const noexcept { std::free(p); }
};

using HsDatabase = CHandle<hs_database_t, hs_free_database>;
using HsScratch = CHandle<hs_scratch_t, hs_free_scratch>;
using HsCompileError = CHandle<hs_compile_error_t, hs_free_compile_error>;
template <typename T>
using HsMisc = std::unique_ptr<T, HsMiscFree>;

}  // namespace hush
