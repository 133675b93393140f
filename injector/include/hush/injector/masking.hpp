#pragma once
// Output masking: every occurrence of an injected value in a byte stream becomes "******".
//
// A value may arrive split across any number of reads, so a Masker holds back the longest tail of
// the stream that is still the beginning of some value (at most longest value - 1 bytes) and
// releases it as soon as the next bytes rule the value out, or at finish(). Held bytes are never
// released early on a quiet pipe: half a secret on the terminal is still a leak, so correctness
// wins over latency. Output that cannot start a value is released immediately.
//
// Overlapping or adjacent occurrences are masked as their union: one "******" per masked run.
// Values shorter than min_masked_length are not masked (too likely to hit ordinary text).
#include <cstddef>
#include <memory>
#include <span>
#include <string>
#include <string_view>

namespace hush::injector {

inline constexpr std::size_t min_masked_length = 6;
inline constexpr std::string_view mask_text = "******";

// The compiled set of values. The matcher's database necessarily holds the values; it is wiped
// before it is freed, and the copies kept for prefix checks live in guarded memory.
class MaskSet {
 public:
  // Values are read during the call only; short and duplicate values are dropped.
  explicit MaskSet(std::span<const std::string_view> values);
  ~MaskSet();
  MaskSet(const MaskSet&) = delete;
  MaskSet& operator=(const MaskSet&) = delete;

  [[nodiscard]] bool empty() const noexcept;
  [[nodiscard]] std::size_t size() const noexcept;     // values kept
  [[nodiscard]] std::size_t longest() const noexcept;  // length of the longest kept value

  struct Impl;
  [[nodiscard]] const Impl& impl() const noexcept { return *impl_; }

 private:
  std::unique_ptr<Impl> impl_;
};

// One output stream. Not thread-safe; one per stream (stdout and stderr each have their own).
class Masker {
 public:
  explicit Masker(std::shared_ptr<const MaskSet> set);
  explicit Masker(std::span<const std::string_view> values);
  ~Masker();
  Masker(Masker&&) noexcept;
  Masker& operator=(Masker&&) noexcept;
  Masker(const Masker&) = delete;
  Masker& operator=(const Masker&) = delete;

  // Appends to out the bytes that are safe to show now.
  void feed(std::string_view bytes, std::string& out);
  // End of stream: appends everything still held, masked. Further feed() calls are an error.
  void finish(std::string& out);

  [[nodiscard]] std::string feed(std::string_view bytes);
  [[nodiscard]] std::string finish();

  // Bytes fed but not yet released (the possible start of a value).
  [[nodiscard]] std::size_t held() const noexcept;

  struct State;

 private:
  std::unique_ptr<State> state_;
};

}  // namespace hush::injector
