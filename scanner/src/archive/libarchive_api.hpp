#pragma once
// libarchive is loaded on the first archive hush meets instead of being linked: with its own
// dependencies (libxml2, ICU, nettle, four compressors) the dynamic loader would spend
// milliseconds at every start, which the pre-commit hook and `hush run` as PID 1 would pay for
// nothing. The build still needs libarchive's headers (pkg-config libarchive).
#include <archive.h>
#include <archive_entry.h>

#include <string>

namespace hush::scanner::archive {

// The part of libarchive's read API hush uses, resolved from the loaded library; each entry keeps
// its declared prototype, so every call is checked against the headers hush was built with.
struct LibarchiveApi {
  decltype(&::archive_read_new) read_new = nullptr;
  decltype(&::archive_read_free) read_free = nullptr;
  decltype(&::archive_read_support_filter_gzip) support_filter_gzip = nullptr;
  decltype(&::archive_read_support_filter_bzip2) support_filter_bzip2 = nullptr;
  decltype(&::archive_read_support_filter_xz) support_filter_xz = nullptr;
  decltype(&::archive_read_support_filter_zstd) support_filter_zstd = nullptr;
  decltype(&::archive_read_support_format_zip) support_format_zip = nullptr;
  decltype(&::archive_read_support_format_tar) support_format_tar = nullptr;
  decltype(&::archive_read_support_format_raw) support_format_raw = nullptr;
  decltype(&::archive_read_set_format_option) set_format_option = nullptr;
  decltype(&::archive_read_set_read_callback) set_read_callback = nullptr;
  decltype(&::archive_read_set_seek_callback) set_seek_callback = nullptr;
  decltype(&::archive_read_set_callback_data) set_callback_data = nullptr;
  decltype(&::archive_read_open1) read_open1 = nullptr;
  decltype(&::archive_filter_bytes) filter_bytes = nullptr;
  decltype(&::archive_read_next_header) read_next_header = nullptr;
  decltype(&::archive_read_data) read_data = nullptr;
  decltype(&::archive_read_data_skip) read_data_skip = nullptr;
  decltype(&::archive_error_string) error_string = nullptr;
  decltype(&::archive_format) format = nullptr;
  decltype(&::archive_filter_count) filter_count = nullptr;
  decltype(&::archive_entry_pathname) entry_pathname = nullptr;
  decltype(&::archive_entry_pathname_utf8) entry_pathname_utf8 = nullptr;
  decltype(&::archive_entry_hardlink) entry_hardlink = nullptr;
  decltype(&::archive_entry_filetype) entry_filetype = nullptr;
  decltype(&::archive_entry_is_encrypted) entry_is_encrypted = nullptr;
  decltype(&::archive_entry_size_is_set) entry_size_is_set = nullptr;
  decltype(&::archive_entry_size) entry_size = nullptr;
};

// Loads libarchive once per process, thread-safely; nullptr, with the reason in `why`, when it
// cannot be loaded or lacks a function (archives are then counted as not scanned, never fatal).
// The library stays loaded until exit.
[[nodiscard]] const LibarchiveApi* libarchive_api(std::string& why);

}  // namespace hush::scanner::archive
