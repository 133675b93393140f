#include "hush/common/pending_file.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <string>

#include "hush/common/error.hpp"

namespace hush {

PendingFile::PendingFile(const std::filesystem::path& target) : target_(target) {
  std::string pattern = target.string() + ".hush-XXXXXX";
  fd_ = ::mkstemp(pattern.data());
  if (fd_ < 0)
    throw Error(ErrorKind::runtime,
                "cannot create a file in " + target.parent_path().string() + ": " + std::strerror(errno));
  path_ = pattern;
}

PendingFile::~PendingFile() {
  if (fd_ >= 0) ::close(fd_);
  if (!committed_) ::unlink(path_.c_str());
}

void PendingFile::write_and_commit(std::string_view content, mode_t mode) {
  std::size_t done = 0;
  while (done < content.size()) {
    const ssize_t n = ::write(fd_, content.data() + done, content.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) fail("cannot write");
    done += static_cast<std::size_t>(n);
  }
  // Set explicitly rather than left to the umask: a hook needs its execute bit, a private cache
  // must stay the owner's.
  if (::fchmod(fd_, mode) != 0) fail("cannot set the mode of");
  const int fd = fd_;
  fd_ = -1;
  if (::close(fd) != 0) fail("cannot write");
  if (::rename(path_.c_str(), target_.c_str()) != 0) fail("cannot replace");
  committed_ = true;
}

void PendingFile::fail(const char* what) const {
  throw Error(ErrorKind::runtime, std::string(what) + " " + target_.string() + ": " + std::strerror(errno));
}

}  // namespace hush
