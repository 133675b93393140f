#include "archive/archive_handle.hpp"

namespace hush::scanner::archive {

ArchiveRead open_in_memory(std::string_view bytes, std::string& error) {
  ArchiveRead a(archive_read_new());
  if (!a) {
    error = "out of memory";
    return {};
  }
  // Only filters built into libarchive: ARCHIVE_WARN would mean it runs an external program.
  using Enable = int (*)(struct archive*);
  for (const Enable enable : {archive_read_support_filter_gzip, archive_read_support_filter_bzip2, archive_read_support_filter_xz,
                              archive_read_support_filter_zstd, archive_read_support_format_zip, archive_read_support_format_tar,
                              archive_read_support_format_raw}) {
    if (enable(a.get()) != ARCHIVE_OK) {
      error = "this libarchive lacks built-in support for a format hush reads";
      return {};
    }
  }
  if (archive_read_open_memory(a.get(), bytes.data(), bytes.size()) != ARCHIVE_OK) {
    const char* why = archive_error_string(a.get());
    error = why ? why : "cannot open";
    return {};
  }
  return a;
}

bool unrecognised(struct archive* a) noexcept {
  // The raw format with no filter but the source itself ("none").
  return archive_format(a) == ARCHIVE_FORMAT_RAW && archive_filter_count(a) <= 1;
}

}  // namespace hush::scanner::archive
