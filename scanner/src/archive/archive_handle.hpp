#pragma once
// RAII for libarchive's read handle, opened on bytes in memory (nothing is written to disk).
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "archive/gzip_stream.hpp"
#include "archive/libarchive_api.hpp"

namespace hush::scanner::archive {

struct ArchiveReadFree {
  const LibarchiveApi* api;
  void operator()(struct archive* a) const noexcept { api->read_free(a); }
};
using ArchiveRead = std::unique_ptr<struct archive, ArchiveReadFree>;

// The bytes a reader takes its input from, handed over a piece at a time so that the stream they
// inflate to can be stopped at `stream_limit`: tar skips runs of zero blocks inside one header read,
// where no member's data passes through hush's own limit.
// With `gzip` set, what is handed over is what `bytes` inflate to, and libarchive reads it as
// uncompressed.
struct MemorySource {
  std::string_view bytes;
  std::uint64_t stream_limit = UINT64_MAX;
  GzipStream* gzip = nullptr;
  const LibarchiveApi* api = nullptr;
  std::size_t handed = 0;
  bool over_limit = false;    // the stream grew past stream_limit and input was cut there
  bool gzip_damaged = false;  // `gzip` failed: its data is corrupt or ends early
};

// A reader for zip, tar (concatenated archives included) and single compressed streams (gzip,
// bzip2, xz, zstd) over `source`, which must outlive it; empty, with `error` set, when libarchive
// cannot open them.
[[nodiscard]] ArchiveRead open_in_memory(const LibarchiveApi& api, MemorySource& source, std::string& error);

// True when the reader fell back to taking the bytes as they are: neither an archive format nor a
// compression filter recognised them.
[[nodiscard]] bool unrecognised(const LibarchiveApi& api, struct archive* a) noexcept;

}  // namespace hush::scanner::archive
