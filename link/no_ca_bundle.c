/* libgit2's mbedTLS backend parses the system CA bundle (about 140 certificates) inside
 * git_libgit2_init: a sixth of a pre-commit run, for TLS connections hush never makes, since it
 * opens local repositories only. Linked with --wrap beside a static libgit2 built on mbedTLS
 * (cmake/HushStaticDeps.cmake), libgit2's calls that load CA certificates land here, load
 * nothing and succeed. libgit2's CA chain then stays empty, so a TLS connection made through it
 * would fail certificate verification: it fails closed, never goes unverified. A scan of a remote
 * repository (--git URL) is the one place hush speaks TLS through libgit2: it calls
 * hush_git_load_ca_certificates() first, after which the calls go through to mbedTLS, and then
 * sets the certificate locations (scanner/src/sources/remote/mirror.cpp). Linked only beside a
 * static libgit2 built with mbedTLS (cmake/HushStaticDeps.cmake), so it lives in link/. */
struct mbedtls_x509_crt;

int __real_mbedtls_x509_crt_parse_file(struct mbedtls_x509_crt* chain, const char* path);
int __real_mbedtls_x509_crt_parse_path(struct mbedtls_x509_crt* chain, const char* path);
int __wrap_mbedtls_x509_crt_parse_file(struct mbedtls_x509_crt* chain, const char* path);
int __wrap_mbedtls_x509_crt_parse_path(struct mbedtls_x509_crt* chain, const char* path);
void hush_git_load_ca_certificates(void);

/* Set once, before the first remote fetch, and never cleared. */
static volatile int load_ca_certificates = 0;

void hush_git_load_ca_certificates(void) { load_ca_certificates = 1; }

int __wrap_mbedtls_x509_crt_parse_file(struct mbedtls_x509_crt* chain, const char* path) {
  if (load_ca_certificates) return __real_mbedtls_x509_crt_parse_file(chain, path);
  (void)chain;
  (void)path;
  return 0;
}

int __wrap_mbedtls_x509_crt_parse_path(struct mbedtls_x509_crt* chain, const char* path) {
  if (load_ca_certificates) return __real_mbedtls_x509_crt_parse_path(chain, path);
  (void)chain;
  (void)path;
  return 0;
}
