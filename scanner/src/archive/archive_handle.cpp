#include "archive/archive_handle.hpp"

#include <algorithm>
#include <cstdio>

namespace hush::scanner::archive {
namespace {

// Small pieces bound how far one piece can inflate past the limit before it is noticed.
constexpr std::size_t piece = 16 * 1024;

la_ssize_t hand_piece(struct archive* a, void* data, const void** buffer) {
  auto& source = *static_cast<MemorySource*>(data);
  if (static_cast<std::uint64_t>(source.api->filter_bytes(a, 0)) > source.stream_limit) {
    source.over_limit = true;
    return 0;
  }
  if (source.gzip) {
    std::string_view inflated;
    if (!source.gzip->next(inflated)) {
      source.gzip_damaged = true;
      return ARCHIVE_FATAL;
    }
    *buffer = inflated.data();
    return static_cast<la_ssize_t>(inflated.size());
  }
  const std::size_t n = std::min(piece, source.bytes.size() - source.handed);
  *buffer = source.bytes.data() + source.handed;
  source.handed += n;
  return static_cast<la_ssize_t>(n);
}

// Seeking lets the zip reader use the central directory, as it does on a file: members whose
// sizes follow their data (streamed zips, many jars) are read by what the directory says.
la_int64_t seek_to(struct archive*, void* data, la_int64_t offset, int whence) {
  auto& source = *static_cast<MemorySource*>(data);
  const auto size = static_cast<la_int64_t>(source.bytes.size());
  la_int64_t to = offset;
  if (whence == SEEK_CUR) to += static_cast<la_int64_t>(source.handed);
  else if (whence == SEEK_END) to += size;
  if (to < 0 || to > size) return ARCHIVE_FATAL;
  source.handed = static_cast<std::size_t>(to);
  return to;
}

}  // namespace

ArchiveRead open_in_memory(const LibarchiveApi& api, MemorySource& source, std::string& error) {
  ArchiveRead a(api.read_new(), ArchiveReadFree{&api});
  if (!a) {
    error = "out of memory";
    return ArchiveRead(nullptr, ArchiveReadFree{&api});
  }
  // Only filters built into libarchive: ARCHIVE_WARN would mean it runs an external program.
  for (const auto enable :
       {api.support_filter_gzip, api.support_filter_bzip2, api.support_filter_xz, api.support_filter_zstd,
        api.support_format_zip, api.support_format_tar, api.support_format_raw}) {
    if (enable(a.get()) != ARCHIVE_OK) {
      error = "this libarchive lacks built-in support for a format hush reads";
      return ArchiveRead(nullptr, ArchiveReadFree{&api});
    }
  }
  // Tar ends at two zero blocks, but `cat a.tar b.tar` (and appending tools) hide whole archives
  // after them: members past the first end are read too, as `tar --ignore-zeros` does.
  if (api.set_format_option(a.get(), "tar", "read_concatenated_archives", "1") != ARCHIVE_OK) {
    error = "this libarchive cannot read concatenated tar archives";
    return ArchiveRead(nullptr, ArchiveReadFree{&api});
  }
  source.api = &api;
  // An inflated stream cannot seek, and only zip needs to.
  if (api.set_read_callback(a.get(), hand_piece) != ARCHIVE_OK ||
      (!source.gzip && api.set_seek_callback(a.get(), seek_to) != ARCHIVE_OK) ||
      api.set_callback_data(a.get(), &source) != ARCHIVE_OK || api.read_open1(a.get()) != ARCHIVE_OK) {
    const char* why = api.error_string(a.get());
    error = why ? why : "cannot open";
    return ArchiveRead(nullptr, ArchiveReadFree{&api});
  }
  return a;
}

bool unrecognised(const LibarchiveApi& api, struct archive* a) noexcept {
  // The raw format with no filter but the source itself ("none").
  return api.format(a) == ARCHIVE_FORMAT_RAW && api.filter_count(a) <= 1;
}

}  // namespace hush::scanner::archive
