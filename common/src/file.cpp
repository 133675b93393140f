#include "hush/common/file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <utility>

#include "hush/common/error.hpp"
#include "hush/common/unique_fd.hpp"

namespace hush {

std::optional<std::string> read_file_bytes(const std::filesystem::path& path) {
  const UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  struct stat st {};
  if (fd.get() < 0 || ::fstat(fd.get(), &st) != 0 || S_ISDIR(st.st_mode)) return std::nullopt;
  // The size is a hint: a file that grows or shrinks while read (or reports 0, as /proc does) is
  // read to its end all the same.
  std::string data(S_ISREG(st.st_mode) && st.st_size > 0 ? static_cast<std::size_t>(st.st_size) : 4096, '\0');
  std::size_t filled = 0;
  for (;;) {
    if (filled == data.size()) data.resize(data.size() * 2);
    const ssize_t n = ::read(fd.get(), data.data() + filled, data.size() - filled);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return std::nullopt;
    if (n == 0) break;
    filled += static_cast<std::size_t>(n);
  }
  data.resize(filled);
  return data;
}

std::string read_config_file(const std::filesystem::path& path) {
  auto data = read_file_bytes(path);
  if (!data) throw Error(ErrorKind::config, path.string() + ": cannot read file");
  return std::move(*data);
}

}  // namespace hush
