// The HTTP/1.1 response parser over arbitrary bytes: it returns or throws StoreError, nothing
// else, and the outcome does not depend on how the bytes were sliced by the network. The first
// two bytes pick the slice size and the options.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>

#include "http/http1.hpp"

namespace {

using hush::vault_client::StoreError;
using hush::vault_client::detail::ResponseParser;

struct Outcome {
  std::optional<hush::vault_client::StoreFailure> failure;
  long status = 0;
  std::string body;
  std::string headers;
  bool reusable = false;
  std::size_t used = 0;
  bool operator==(const Outcome&) const = default;
};

Outcome run(std::string_view input, std::size_t step, std::size_t max_body, bool no_body) {
  Outcome out;
  try {
    ResponseParser parser(max_body, no_body);
    for (std::size_t at = 0; at < input.size() && !parser.done(); at += step) out.used += parser.feed(input.substr(at, step));
    if (!parser.done()) parser.finish_at_close();
    out.status = parser.response().status;
    out.body = std::string(parser.response().body.view());
    for (const auto& [name, value] : parser.response().headers) out.headers += name + ":" + value + "\n";
    out.reusable = parser.reusable();
  } catch (const StoreError& e) {
    out = Outcome{};
    out.failure = e.failure();
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2) return 0;
  const std::size_t step = 1 + data[0] % 64;
  const bool no_body = (data[1] & 1) != 0;
  const std::size_t max_body = (data[1] & 2) != 0 ? 32 : 1 << 20;
  const std::string_view input(reinterpret_cast<const char*>(data) + 2, size - 2);
  if (!(run(input, input.size() + 1, max_body, no_body) == run(input, step, max_body, no_body))) std::abort();
  return 0;
}
