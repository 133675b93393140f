#pragma once
// RAII wrappers for Hyperscan (or Vectorscan) handles: the one set for the libraries that link
// Hyperscan (the scanner's matcher, the injector's output masker). Header-only, so hush::common
// itself does not link Hyperscan; a user that includes it does.
#include <hs.h>

#include <cstdlib>
#include <memory>

namespace hush {

struct HsDatabaseFree {
  void operator()(hs_database_t* p) const noexcept { hs_free_database(p); }
};
struct HsScratchFree {
  void operator()(hs_scratch_t* p) const noexcept { hs_free_scratch(p); }
};
struct HsCompileErrorFree {
  void operator()(hs_compile_error_t* p) const noexcept { hs_free_compile_error(p); }
};
struct HsMiscFree {
  // hs_expression_info and hs_serialize_database allocate with the misc allocator (malloc).
  void operator()(void* p) const noexcept { std::free(p); }
};

using HsDatabase = std::unique_ptr<hs_database_t, HsDatabaseFree>;
using HsScratch = std::unique_ptr<hs_scratch_t, HsScratchFree>;
using HsCompileError = std::unique_ptr<hs_compile_error_t, HsCompileErrorFree>;
template <typename T>
using HsMisc = std::unique_ptr<T, HsMiscFree>;

}  // namespace hush
