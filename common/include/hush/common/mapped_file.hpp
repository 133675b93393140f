#pragma once
// Read-only file mappings: pack files, and the rule cache read at every start.
#include <cstddef>
#include <filesystem>

namespace hush {

// A read-only private mapping of a whole file, unmapped on destruction.
class MappedFile {
 public:
  // `prefault` maps every page at once (MAP_POPULATE), for a small file read whole: one system
  // call instead of a page fault per 4 KiB.
  enum class Prefault { no, yes };
  explicit MappedFile(const std::filesystem::path& path, Prefault prefault = Prefault::no);
  // Maps a descriptor the caller opened (and keeps owning); `path` only names it in errors.
  MappedFile(int fd, const std::filesystem::path& path);
  ~MappedFile();
  MappedFile(MappedFile&& other) noexcept;
  MappedFile& operator=(MappedFile&& other) noexcept;
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;

  [[nodiscard]] const unsigned char* data() const noexcept { return static_cast<const unsigned char*>(addr_); }
  [[nodiscard]] std::size_t size() const noexcept { return size_; }
  // Drops bytes [begin, end) from this process's resident set; they stay in the page cache and
  // are faulted back in on the next access.
  void release(std::size_t begin, std::size_t end) const noexcept;

 private:
  void map(int fd, const std::filesystem::path& path, Prefault prefault);

  void* addr_ = nullptr;
  std::size_t size_ = 0;
};

}  // namespace hush
