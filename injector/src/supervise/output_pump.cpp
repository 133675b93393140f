#include "supervise/output_pump.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

#include "hush/common/error.hpp"

namespace hush::injector {
namespace {

constexpr std::size_t read_size = 64 * 1024;
constexpr std::size_t pump_limit = 16 * read_size;

// False when the target is gone (closed pipe, full disk): the stream is then dropped.
bool write_all(int fd, const char* data, std::size_t size) {
  while (size > 0) {
    const ssize_t put = ::write(fd, data, size);
    if (put < 0) {
      if (errno == EINTR) continue;
      if (errno == EAGAIN) {
        pollfd p{fd, POLLOUT, 0};
        ::poll(&p, 1, -1);
        continue;
      }
      return false;
    }
    data += put;
    size -= static_cast<std::size_t>(put);
  }
  return true;
}

}  // namespace

OutputPump::OutputPump(int target_fd) : target_fd_(target_fd), buffer_(read_size) {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) {
    throw Error(ErrorKind::runtime, std::string("cannot create the output pipe: ") + std::strerror(errno));
  }
  read_end_.reset(fds[0]);
  write_end_.reset(fds[1]);
  ::fcntl(read_end_.get(), F_SETFL, ::fcntl(read_end_.get(), F_GETFL) | O_NONBLOCK);
}

void OutputPump::use_mask(std::shared_ptr<const MaskSet> set) {
  if (masker_) {
    out_.clear();
    masker_->finish(out_);
    emit(out_);
  }
  masker_ = std::make_unique<Masker>(std::move(set));
}

void OutputPump::emit(const std::string& bytes) {
  if (bytes.empty() || !read_end_) return;
  if (!write_all(target_fd_, bytes.data(), bytes.size())) {
    // Like a closed stdout without hush: the child's next write fails with EPIPE/SIGPIPE.
    read_end_.reset();
  }
}

void OutputPump::copy(std::size_t limit) {
  std::size_t copied = 0;
  while (read_end_ && copied < limit) {
    const std::size_t want = std::min(read_size, limit - copied);
    const ssize_t got = ::read(read_end_.get(), buffer_.data(), want);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) break;
    copied += static_cast<std::size_t>(got);
    out_.clear();
    masker_->feed(std::string_view(buffer_.data(), static_cast<std::size_t>(got)), out_);
    emit(out_);
  }
}

void OutputPump::pump() { copy(pump_limit); }

void OutputPump::drain() {
  if (!read_end_) return;
  int available = 0;
  if (::ioctl(read_end_.get(), FIONREAD, &available) != 0 || available <= 0) return;
  copy(static_cast<std::size_t>(available));
}

void OutputPump::finish() {
  drain();
  if (!masker_) return;
  out_.clear();
  masker_->finish(out_);
  emit(out_);
}

}  // namespace hush::injector
