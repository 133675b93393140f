#include "archive/libarchive_api.hpp"

#include <optional>

#include "hush/common/shared_library.hpp"

namespace hush::scanner::archive {
namespace {

// The SONAME libarchive has kept since 3.0 (Debian/Ubuntu package libarchive13).
constexpr const char* library_name = "libarchive.so.13";

struct Loaded {
  std::optional<LibarchiveApi> api;
  std::string why;
};

template <typename Function>
bool resolve(const SharedLibrary& library, const char* symbol, Function& out, std::string& why) {
  if (library.resolve(symbol, out)) return true;
  why = std::string(library_name) + " lacks " + symbol + " (too old?)";
  return false;
}

Loaded load() {
  Loaded loaded;
  std::string error;
  const auto opened = SharedLibrary::open(library_name, error);
  if (!opened) {
    loaded.why = "archives need libarchive (Debian/Ubuntu package libarchive13), which could not be loaded: " + error;
    return loaded;
  }
  const SharedLibrary& library = *opened;
  LibarchiveApi api;
  std::string& why = loaded.why;
  const bool all = resolve(library, "archive_read_new", api.read_new, why) &&
                   resolve(library, "archive_read_free", api.read_free, why) &&
                   resolve(library, "archive_read_support_filter_gzip", api.support_filter_gzip, why) &&
                   resolve(library, "archive_read_support_filter_bzip2", api.support_filter_bzip2, why) &&
                   resolve(library, "archive_read_support_filter_xz", api.support_filter_xz, why) &&
                   resolve(library, "archive_read_support_filter_zstd", api.support_filter_zstd, why) &&
                   resolve(library, "archive_read_support_format_zip", api.support_format_zip, why) &&
                   resolve(library, "archive_read_support_format_tar", api.support_format_tar, why) &&
                   resolve(library, "archive_read_support_format_raw", api.support_format_raw, why) &&
                   resolve(library, "archive_read_set_format_option", api.set_format_option, why) &&
                   resolve(library, "archive_read_set_read_callback", api.set_read_callback, why) &&
                   resolve(library, "archive_read_set_seek_callback", api.set_seek_callback, why) &&
                   resolve(library, "archive_read_set_callback_data", api.set_callback_data, why) &&
                   resolve(library, "archive_read_open1", api.read_open1, why) &&
                   resolve(library, "archive_filter_bytes", api.filter_bytes, why) &&
                   resolve(library, "archive_read_next_header", api.read_next_header, why) &&
                   resolve(library, "archive_read_data", api.read_data, why) &&
                   resolve(library, "archive_read_data_skip", api.read_data_skip, why) &&
                   resolve(library, "archive_error_string", api.error_string, why) &&
                   resolve(library, "archive_format", api.format, why) &&
                   resolve(library, "archive_filter_count", api.filter_count, why) &&
                   resolve(library, "archive_entry_pathname", api.entry_pathname, why) &&
                   resolve(library, "archive_entry_pathname_utf8", api.entry_pathname_utf8, why) &&
                   resolve(library, "archive_entry_hardlink", api.entry_hardlink, why) &&
                   resolve(library, "archive_entry_filetype", api.entry_filetype, why) &&
                   resolve(library, "archive_entry_is_encrypted", api.entry_is_encrypted, why) &&
                   resolve(library, "archive_entry_size_is_set", api.entry_size_is_set, why) &&
                   resolve(library, "archive_entry_size", api.entry_size, why);
  if (all) loaded.api = api;
  return loaded;
}

}  // namespace

const LibarchiveApi* libarchive_api(std::string& why) {
  // A function-local static: initialised once, thread-safely, on the first archive.
  static const Loaded loaded = load();
  if (!loaded.api) {
    why = loaded.why;
    return nullptr;
  }
  return &*loaded.api;
}

}  // namespace hush::scanner::archive
