#include "archive/archive_handle.hpp"

namespace hush::scanner::archive {

ArchiveRead open_in_memory(const LibarchiveApi& api, std::string_view bytes, std::string& error) {
  ArchiveRead a(api.read_new(), ArchiveReadFree{&api});
  if (!a) {
    error = "out of memory";
    return ArchiveRead(nullptr, ArchiveReadFree{&api});
  }
  // Only filters built into libarchive: ARCHIVE_WARN would mean it runs an external program.
  for (const auto enable : {api.support_filter_gzip, api.support_filter_bzip2, api.support_filter_xz, api.support_filter_zstd,
                            api.support_format_zip, api.support_format_tar, api.support_format_raw}) {
    if (enable(a.get()) != ARCHIVE_OK) {
      error = "this libarchive lacks built-in support for a format hush reads";
      return ArchiveRead(nullptr, ArchiveReadFree{&api});
    }
  }
  if (api.read_open_memory(a.get(), bytes.data(), bytes.size()) != ARCHIVE_OK) {
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
