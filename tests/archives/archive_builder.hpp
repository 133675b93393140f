#pragma once
// Archives made in memory with libarchive's writer, for tests of the archive walker and of
// `hush scan` on archives and container images. Nothing touches the disk.
#include <archive.h>
#include <archive_entry.h>

#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace hush::test {

struct ArchiveEntry {
  enum class Kind { file, symlink, hardlink, directory };
  std::string name;
  std::string bytes;  // a file's content; a link's target
  Kind kind = Kind::file;
  std::int64_t declared_size = -1;  // a size to claim in the header instead of bytes.size()
  std::int64_t sparse_size = -1;    // a sparse file of this size whose data is `bytes`, at its end
};

enum class ArchiveFormat { zip, pax, gnutar, raw };
enum class Compression { none, gzip, bzip2, xz, zstd };

namespace detail {
struct WriteFree {
  void operator()(struct archive* a) const noexcept { archive_write_free(a); }
};
struct EntryFree {
  void operator()(archive_entry* e) const noexcept { archive_entry_free(e); }
};
inline la_ssize_t append(struct archive*, void* out, const void* buffer, size_t length) {
  static_cast<std::string*>(out)->append(static_cast<const char*>(buffer), length);
  return static_cast<la_ssize_t>(length);
}
inline void check(struct archive* a, int rc, const char* what) {
  if (rc < ARCHIVE_WARN)
    throw std::runtime_error(std::string(what) + ": " + (archive_error_string(a) ? archive_error_string(a) : "?"));
}
}  // namespace detail

// `zip_passphrase` encrypts a zip's members (traditional PKWARE encryption).
inline std::string build_archive(const std::vector<ArchiveEntry>& entries, ArchiveFormat format = ArchiveFormat::zip,
                                 Compression compression = Compression::none, const std::string& zip_passphrase = {}) {
  std::unique_ptr<struct archive, detail::WriteFree> a(archive_write_new());
  struct archive* w = a.get();
  // libarchive's own names, in the order of the enums (no filter for Compression::none).
  constexpr const char* format_names[] = {"zip", "pax", "gnutar", "raw"};
  constexpr const char* filter_names[] = {nullptr, "gzip", "bzip2", "xz", "zstd"};
  const char* format_name = format_names[static_cast<int>(format)];
  detail::check(w, archive_write_set_format_by_name(w, format_name), format_name);
  if (const char* filter_name = filter_names[static_cast<int>(compression)])
    detail::check(w, archive_write_add_filter_by_name(w, filter_name), filter_name);
  if (!zip_passphrase.empty()) {
    detail::check(w, archive_write_set_options(w, "zip:encryption=zipcrypt"), "encryption");
    detail::check(w, archive_write_set_passphrase(w, zip_passphrase.c_str()), "passphrase");
  }
  archive_write_set_bytes_in_last_block(w, 1);  // no padding after the stream
  std::string out;
  detail::check(w, archive_write_open2(w, &out, nullptr, detail::append, nullptr, nullptr), "open");
  for (const auto& entry : entries) {
    std::unique_ptr<archive_entry, detail::EntryFree> e(archive_entry_new());
    archive_entry_set_pathname(e.get(), entry.name.c_str());
    archive_entry_set_mtime(e.get(), 1700000000, 0);
    switch (entry.kind) {
      case ArchiveEntry::Kind::file: {
        archive_entry_set_filetype(e.get(), AE_IFREG);
        archive_entry_set_perm(e.get(), 0644);
        const std::int64_t size = entry.sparse_size >= 0     ? entry.sparse_size
                                  : entry.declared_size >= 0 ? entry.declared_size
                                                             : static_cast<std::int64_t>(entry.bytes.size());
        archive_entry_set_size(e.get(), size);
        if (entry.sparse_size >= 0)
          archive_entry_sparse_add_entry(e.get(), entry.sparse_size - static_cast<std::int64_t>(entry.bytes.size()),
                                         static_cast<std::int64_t>(entry.bytes.size()));
        break;
      }
      case ArchiveEntry::Kind::symlink:
        archive_entry_set_filetype(e.get(), AE_IFLNK);
        archive_entry_set_symlink(e.get(), entry.bytes.c_str());
        break;
      case ArchiveEntry::Kind::hardlink:
        archive_entry_set_hardlink(e.get(), entry.bytes.c_str());
        break;
      case ArchiveEntry::Kind::directory:
        archive_entry_set_filetype(e.get(), AE_IFDIR);
        archive_entry_set_perm(e.get(), 0755);
        break;
    }
    detail::check(w, archive_write_header(w, e.get()), "header");
    if (entry.kind == ArchiveEntry::Kind::file && !entry.bytes.empty() && entry.declared_size < 0)
      archive_write_data(w, entry.bytes.data(), entry.bytes.size());
  }
  detail::check(w, archive_write_close(w), "close");
  return out;
}

// A compressed stream of `bytes` that holds no archive (a .gz of a file).
inline std::string compress(const std::string& bytes, Compression compression) {
  return build_archive({{"data", bytes}}, ArchiveFormat::raw, compression);
}

}  // namespace hush::test
