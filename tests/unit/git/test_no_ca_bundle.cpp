// Beside a static libgit2 on mbedTLS, libgit2's CA certificate loading is wrapped to load nothing
// (link/no_ca_bundle.c): hush makes no TLS connection through libgit2.
#include <git2.h>

#include "catch.hpp"

#if HUSH_NO_CA_BUNDLE
TEST_CASE("libgit2 parses no CA certificates when hush links it statically", "[git]") {
  REQUIRE(git_libgit2_init() > 0);
  // The real loader fails on a file that does not exist ("failed to load CA certificates");
  // the wrapped one reads nothing, so it cannot.
  CHECK(git_libgit2_opts(GIT_OPT_SET_SSL_CERT_LOCATIONS, "/nonexistent/hush-ca.pem", nullptr) == 0);
  git_libgit2_shutdown();
}
#endif
