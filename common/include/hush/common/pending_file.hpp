#pragma once
// A file written whole or not at all: a uniquely named sibling of the target, renamed over it once
// complete, so a crash, a full disk or a concurrent hush never leaves a half-written file (a hook
// git would run, a cache another process reads). Removed again unless committed.
#include <sys/types.h>

#include <filesystem>
#include <string_view>

namespace hush {

class PendingFile {
 public:
  // Throws hush::Error(runtime) when the sibling cannot be created. It starts with mode 0600.
  explicit PendingFile(const std::filesystem::path& target);
  ~PendingFile();
  PendingFile(const PendingFile&) = delete;
  PendingFile& operator=(const PendingFile&) = delete;

  // Writes `content`, sets `mode` and renames the file over the target; throws
  // hush::Error(runtime) naming the target on failure.
  void write_and_commit(std::string_view content, mode_t mode);

 private:
  [[noreturn]] void fail(const char* what) const;

  std::filesystem::path target_;
  std::filesystem::path path_;
  int fd_ = -1;
  bool committed_ = false;
};

}  // namespace hush
