// The GSSAPI forwarders linked beside a static libgit2 must reach the real library when called.
#include <dlfcn.h>

#include <cstdint>

#include "catch.hpp"

#if HUSH_GSSAPI_ON_DEMAND
extern "C" {
std::uint32_t gss_indicate_mechs(std::uint32_t* minor, void** mech_set);
std::uint32_t gss_release_oid_set(std::uint32_t* minor, void** set);
}

TEST_CASE("gssapi forwarders load the real library on first call", "[git]") {
  std::uint32_t minor = 1;
  void* mechanisms = nullptr;
  const std::uint32_t major = gss_indicate_mechs(&minor, &mechanisms);
  void* loaded = dlopen("libgssapi_krb5.so.2", RTLD_NOW | RTLD_NOLOAD);
  if (loaded == nullptr) {
    CHECK(major == (16u << 16));  // GSS_S_UNAVAILABLE: no library, a clean failure
    CHECK(minor == 0);
    return;
  }
  dlclose(loaded);    // drops only the reference RTLD_NOLOAD took
  CHECK(major == 0);  // GSS_S_COMPLETE from the real implementation
  REQUIRE(mechanisms != nullptr);
  CHECK(gss_release_oid_set(&minor, &mechanisms) == 0);
  CHECK(mechanisms == nullptr);
}
#endif
