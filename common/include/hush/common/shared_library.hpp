#pragma once
// A library hush loads on first use instead of linking (libcurl, libarchive), so that starts which
// never need it do not pay the dynamic loader for it and its dependencies. Opened with RTLD_NOW
// (hush itself is linked -z now: no lazy binding through the loader's trampoline) and RTLD_LOCAL
// (its dependencies stay apart from the libraries linked into hush), and never closed: its
// functions may be called until exit.
#include <optional>
#include <string>

namespace hush {

class SharedLibrary {
 public:
  // nullopt, with the loader's reason in `error`, when `soname` cannot be loaded.
  [[nodiscard]] static std::optional<SharedLibrary> open(const char* soname, std::string& error);

  // The symbol as a `Function` pointer; nullptr when the library (or one it loaded) lacks it.
  template <typename Function>
  [[nodiscard]] Function symbol(const char* name) const {
    return reinterpret_cast<Function>(address_of(name));
  }
  // Sets `out` to the symbol; false when it is missing.
  template <typename Function>
  [[nodiscard]] bool resolve(const char* name, Function& out) const {
    out = symbol<Function>(name);
    return out != nullptr;
  }

 private:
  explicit SharedLibrary(void* handle) : handle_(handle) {}
  [[nodiscard]] void* address_of(const char* name) const;

  void* handle_;
};

}  // namespace hush
