// The reader for JSON from outside hush against nlohmann's own parser: both accept the same texts
// (within the depth bound) and read them to the same document. The reader may only return.
#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "hush/common/secure_json.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  hush::SecureJson ours;
  const hush::JsonStatus status = hush::read_json(text, ours);
  if (status == hush::JsonStatus::too_deep) return 0;  // nlohmann has no bound to compare with
  // nlohmann takes a NUL byte for the end of the input; JSON has no such rule, and neither do we.
  if (text.find('\0') != std::string_view::npos) {
    if (status == hush::JsonStatus::ok) std::abort();
    return 0;
  }
  // nlohmann's parser is iterative too, so it survives whatever depth the input has.
  const auto theirs = nlohmann::json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  if ((status == hush::JsonStatus::ok) == theirs.is_discarded()) std::abort();
  if (status == hush::JsonStatus::ok) {
    const auto dumped = ours.dump();
    if (std::string_view(dumped.data(), dumped.size()) != theirs.dump()) std::abort();
  }
  return 0;
}
