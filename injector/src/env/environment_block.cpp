#include "hush/injector/environment_block.hpp"

#include "hush/common/error.hpp"

namespace hush::injector {

void EnvironmentBlock::reserve(std::size_t entries, std::size_t bytes) {
  offsets_.reserve(entries);
  bytes_.reserve(bytes + entries + 1);  // one NUL per entry; never a null buffer
}

void EnvironmentBlock::add(std::string_view name, std::string_view value) {
  // A NUL would end the value early in the child and turn the rest into a bogus entry.
  if (value.find('\0') != std::string_view::npos)
    throw Error(ErrorKind::usage, "the value of " + std::string(name) +
                                      " contains a NUL byte, which an environment variable cannot hold");
  offsets_.push_back(bytes_.size());
  bytes_.append(name);
  bytes_.append("=");
  bytes_.append(value);
  bytes_.append(std::string_view("\0", 1));
}

void EnvironmentBlock::add(std::string_view entry) {
  const std::size_t equals = entry.find('=');
  // Not echoed: whatever it is, it may be a value.
  if (equals == std::string_view::npos) throw Error(ErrorKind::usage, "an environment entry has no '='");
  add(entry.substr(0, equals), entry.substr(equals + 1));
}

std::string_view EnvironmentBlock::entry(std::size_t index) const noexcept {
  const std::size_t start = offsets_[index];
  const std::size_t end = index + 1 < offsets_.size() ? offsets_[index + 1] - 1 : bytes_.size() - 1;
  return bytes_.view().substr(start, end - start);
}

std::optional<std::string_view> EnvironmentBlock::find(std::string_view name) const noexcept {
  for (std::size_t i = 0; i < offsets_.size(); ++i) {
    const std::string_view text = entry(i);
    if (text.size() > name.size() && text[name.size()] == '=' && text.starts_with(name))
      return text.substr(name.size() + 1);
  }
  return std::nullopt;
}

std::vector<char*> EnvironmentBlock::pointers() {
  std::vector<char*> out;
  out.reserve(offsets_.size() + 1);
  for (const std::size_t offset : offsets_) out.push_back(bytes_.mutable_data() + offset);
  out.push_back(nullptr);
  return out;
}

void EnvironmentBlock::wipe() noexcept {
  bytes_.clear();
  offsets_.clear();
}

}  // namespace hush::injector
