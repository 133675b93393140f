#include "hush/common/mapped_file.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <string>
#include <system_error>
#include <utility>

#include "hush/common/error.hpp"
#include "hush/common/unique_fd.hpp"

namespace hush {
namespace fs = std::filesystem;
namespace {

[[noreturn]] void fail(const fs::path& file, const std::string& message) {
  throw Error(ErrorKind::runtime, file.string() + ": " + message);
}

std::string errno_text() { return std::error_code(errno, std::generic_category()).message(); }

}  // namespace

MappedFile::MappedFile(const fs::path& path, Prefault prefault) {
  // The mapping stays valid after the descriptor is closed, so only the mapping is owned.
  const UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd) fail(path, "cannot open: " + errno_text());
  map(fd.get(), path, prefault);
}

MappedFile::MappedFile(int fd, const fs::path& path) { map(fd, path, Prefault::no); }

void MappedFile::map(int fd, const fs::path& path, Prefault prefault) {
  struct stat st {};
  if (::fstat(fd, &st) != 0) fail(path, "cannot stat: " + errno_text());
  size_ = static_cast<std::size_t>(st.st_size);
  if (size_ == 0) return;  // mmap refuses length 0; callers see an empty file
  void* addr = ::mmap(nullptr, size_, PROT_READ, MAP_PRIVATE | (prefault == Prefault::yes ? MAP_POPULATE : 0), fd, 0);
  if (addr == MAP_FAILED) fail(path, "cannot map: " + errno_text());
  addr_ = addr;
}

void MappedFile::release(std::size_t begin, std::size_t end) const noexcept {
  static const std::size_t page = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
  // Only whole pages inside the range: a neighbour's page may still be in use.
  begin = (begin + page - 1) / page * page;
  end = std::min(end, size_) / page * page;
  // Advice only: on failure the pages just stay resident.
  if (addr_ && begin < end) ::madvise(static_cast<char*>(addr_) + begin, end - begin, MADV_DONTNEED);
}

MappedFile::~MappedFile() {
  if (addr_) ::munmap(addr_, size_);
}

MappedFile::MappedFile(MappedFile&& other) noexcept
    : addr_(std::exchange(other.addr_, nullptr)), size_(std::exchange(other.size_, 0)) {}

MappedFile& MappedFile::operator=(MappedFile&& other) noexcept {
  if (this != &other) {
    if (addr_) ::munmap(addr_, size_);
    addr_ = std::exchange(other.addr_, nullptr);
    size_ = std::exchange(other.size_, 0);
  }
  return *this;
}

}  // namespace hush
