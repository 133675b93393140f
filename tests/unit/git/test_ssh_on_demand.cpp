// The libssh2 forwarders linked beside a static libgit2: libgit2's initialisation must not load
// libssh2 (nor so its libcrypto), and the first real SSH call must reach the system's library.
#include <dlfcn.h>

#include "catch.hpp"

#if HUSH_SSH_ON_DEMAND
#include <git2.h>
#include <libssh2.h>

TEST_CASE("libssh2 forwarders: not loaded by libgit2's initialisation, loaded on the first SSH call", "[git]") {
  REQUIRE(git_libgit2_init() > 0);
  // The system's libcurl links libssh2 too: a store test run earlier in this process may have
  // loaded it. Otherwise nothing may have.
  void* before = dlopen("libssh2.so.1", RTLD_NOW | RTLD_NOLOAD);
  if (before != nullptr) {
    dlclose(before);
    void* curl = dlopen("libcurl.so.4", RTLD_NOW | RTLD_NOLOAD);
    CHECK(curl != nullptr);
    if (curl != nullptr) dlclose(curl);
  }

  LIBSSH2_SESSION* session = libssh2_session_init_ex(nullptr, nullptr, nullptr, nullptr);
  void* after = dlopen("libssh2.so.1", RTLD_NOW | RTLD_NOLOAD);
  if (after == nullptr) {
    CHECK(session == nullptr);  // no library on this machine: a clean failure, as libgit2 expects
  } else {
    dlclose(after);  // drops only the reference RTLD_NOLOAD took
    REQUIRE(session != nullptr);
    char* message = nullptr;
    CHECK(libssh2_session_last_error(session, &message, nullptr, 0) == 0);  // the real library answers
    CHECK(libssh2_session_free(session) == 0);
  }
  git_libgit2_shutdown();
}
#endif
