#include "hush/common/shared_library.hpp"

#include <dlfcn.h>

namespace hush {

std::optional<SharedLibrary> SharedLibrary::open(const char* soname, std::string& error) {
  void* handle = dlopen(soname, RTLD_NOW | RTLD_LOCAL);
  if (handle == nullptr) {
    const char* why = dlerror();
    error = why != nullptr ? why : soname;
    return std::nullopt;
  }
  return SharedLibrary(handle);
}

void* SharedLibrary::address_of(const char* name) const { return dlsym(handle_, name); }

}  // namespace hush
