#pragma once
// OpenSSL's client context for one HttpClient: trust (system store, CA file or directory),
// client certificate, TLS 1.2 at least, and the last session kept for resumption. Built on the
// first https request, so a client that only speaks http never initialises OpenSSL.
#include <openssl/ssl.h>

#include <memory>
#include <string>

#include "hush/vault_client/http.hpp"

namespace hush::vault_client::detail {

struct SslCtxFree {
  void operator()(SSL_CTX* ctx) const noexcept { SSL_CTX_free(ctx); }
};
struct SslFree {
  void operator()(SSL* ssl) const noexcept { SSL_free(ssl); }
};
struct SslSessionFree {
  void operator()(SSL_SESSION* session) const noexcept { SSL_SESSION_free(session); }
};
struct BioMethodFree {
  void operator()(BIO_METHOD* method) const noexcept { BIO_meth_free(method); }
};
using SslPtr = std::unique_ptr<SSL, SslFree>;

class TlsContext {
 public:
  // Throws StoreError(auth_failed) when the CA file or directory, or the client certificate or
  // key, cannot be used.
  explicit TlsContext(const TlsOptions& options);

  // A connection's TLS state over fd, set to verify verify_name (unless verification is off)
  // and to resume the last session. Socket writes never raise SIGPIPE.
  [[nodiscard]] SslPtr new_session(int fd, const std::string& verify_name);
  [[nodiscard]] bool verifies() const noexcept { return verify_; }
  // Keeps a connection's session for the next connection to the same name.
  void remember_session(SSL* ssl, const std::string& verify_name);

 private:
  bool verify_;
  std::unique_ptr<SSL_CTX, SslCtxFree> ctx_;
  std::unique_ptr<BIO_METHOD, BioMethodFree> socket_method_;
  std::unique_ptr<SSL_SESSION, SslSessionFree> last_session_;
  std::string last_session_name_;
};

// OpenSSL's queued errors as one line (and the queue cleared).
[[nodiscard]] std::string tls_error_text();

// Whether a TLS error says the server refused our certificate (or its absence): not transient.
[[nodiscard]] bool tls_alert_rejects_us(const std::string& detail);

}  // namespace hush::vault_client::detail
