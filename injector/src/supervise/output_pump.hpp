#pragma once
// One masked output stream of the child: a pipe the child writes, a Masker, and hush's own fd.
// hush keeps the write end too, so every child generation (restarts) shares one pipe and one
// masking stream, and the end of output is decided by the supervisor, not by EOF.
#include <memory>

#include "hush/common/unique_fd.hpp"
#include "hush/common/wiping_allocator.hpp"
#include "hush/injector/masking.hpp"

namespace hush::injector {

class OutputPump {
 public:
  explicit OutputPump(int target_fd);

  [[nodiscard]] int child_fd() const noexcept { return write_end_.get(); }
  [[nodiscard]] int read_fd() const noexcept { return read_end_.get(); }  // -1 once broken

  // Finishes the current masker (its held bytes go out) and masks with set from now on.
  void use_mask(std::shared_ptr<const MaskSet> set);
  // Copies what is readable now (bounded, so one busy stream cannot starve the loop).
  void pump();
  // Copies exactly what is buffered in the pipe right now.
  void drain();
  // drain(), then releases the masker's held bytes.
  void finish();

 private:
  void copy(std::size_t limit);
  void emit(const std::string& bytes);

  int target_fd_;
  UniqueFd read_end_;
  UniqueFd write_end_;
  std::unique_ptr<Masker> masker_;
  WipingBytes buffer_;
  std::string out_;
};

}  // namespace hush::injector
