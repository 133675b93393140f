#pragma once
// RAII for libdeflate's decompressor: whole-buffer inflation where the output size is known
// (pack entries, gzip streams held in memory).
#include <libdeflate.h>

#include <memory>

namespace hush {

struct DeflateDecompressorFree {
  void operator()(libdeflate_decompressor* d) const noexcept { libdeflate_free_decompressor(d); }
};
using DeflateDecompressor = std::unique_ptr<libdeflate_decompressor, DeflateDecompressorFree>;

}  // namespace hush
