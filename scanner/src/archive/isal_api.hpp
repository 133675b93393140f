#pragma once
// ISA-L's inflate, loaded on the first large gzip stream like libarchive (libarchive_api.hpp): it
// inflates faster than zlib, which libarchive's gzip filter uses (bench/README.md). Where the
// library is missing, libarchive inflates instead, with the same results. The build needs ISA-L's
// headers (pkg-config libisal).
#include <isa-l/igzip_lib.h>

namespace hush::scanner::archive {

struct IsalApi {
  decltype(&::isal_inflate_init) inflate_init = nullptr;
  decltype(&::isal_inflate) inflate = nullptr;
};

// nullptr when libisal.so.2 cannot be loaded or lacks one of these.
[[nodiscard]] const IsalApi* isal_api();

}  // namespace hush::scanner::archive
