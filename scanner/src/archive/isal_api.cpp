#include "archive/isal_api.hpp"

#include <optional>
#include <string>

#include "hush/common/shared_library.hpp"

namespace hush::scanner::archive {
namespace {

// The SONAME of ISA-L 2.x (Debian/Ubuntu package libisal2).
constexpr const char* library_name = "libisal.so.2";

std::optional<IsalApi> load() {
  std::string error;
  const auto library = SharedLibrary::open(library_name, error);
  if (!library) return std::nullopt;
  IsalApi api;
  if (!library->resolve("isal_inflate_init", api.inflate_init) || !library->resolve("isal_inflate", api.inflate))
    return std::nullopt;
  return api;
}

}  // namespace

const IsalApi* isal_api() {
  // A function-local static: initialised once, thread-safely, on the first large gzip stream.
  static const std::optional<IsalApi> loaded = load();
  return loaded ? &*loaded : nullptr;
}

}  // namespace hush::scanner::archive
