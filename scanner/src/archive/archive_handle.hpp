#pragma once
// RAII for libarchive's read handle, opened on bytes in memory (nothing is written to disk).
#include <archive.h>
#include <archive_entry.h>

#include <memory>
#include <string>
#include <string_view>

namespace hush::scanner::archive {

struct ArchiveReadFree {
  void operator()(struct archive* a) const noexcept { archive_read_free(a); }
};
using ArchiveRead = std::unique_ptr<struct archive, ArchiveReadFree>;

// A reader for zip, tar and single compressed streams (gzip, bzip2, xz, zstd) over `bytes`, which
// must outlive it; empty, with `error` set, when libarchive cannot open them.
[[nodiscard]] ArchiveRead open_in_memory(std::string_view bytes, std::string& error);

// True when the reader fell back to taking the bytes as they are: neither an archive format nor a
// compression filter recognised them.
[[nodiscard]] bool unrecognised(struct archive* a) noexcept;

}  // namespace hush::scanner::archive
