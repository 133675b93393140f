#include "http/tls_context.hpp"

#include <openssl/err.h>
#include <openssl/x509v3.h>
#include <dirent.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "http/endpoint.hpp"

namespace hush::vault_client::detail {
namespace {

int fd_of(BIO* bio) { return static_cast<int>(reinterpret_cast<std::intptr_t>(BIO_get_data(bio))); }

// OpenSSL's own socket BIO writes with write(2), which raises SIGPIPE on a closed connection;
// hush must not change that signal's disposition, since the child inherits an ignored signal.
int socket_write(BIO* bio, const char* data, int size) {
  BIO_clear_retry_flags(bio);
  const ssize_t n = send(fd_of(bio), data, static_cast<std::size_t>(size), MSG_NOSIGNAL);
  if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) BIO_set_retry_write(bio);
  return static_cast<int>(n);
}

int socket_read(BIO* bio, char* data, int size) {
  BIO_clear_retry_flags(bio);
  const ssize_t n = recv(fd_of(bio), data, static_cast<std::size_t>(size), 0);
  if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) BIO_set_retry_read(bio);
  return static_cast<int>(n);
}

long socket_ctrl(BIO* /*bio*/, int command, long /*number*/, void* /*pointer*/) {
  return command == BIO_CTRL_FLUSH ? 1 : 0;
}

int socket_create(BIO* bio) {
  BIO_set_init(bio, 1);
  return 1;
}

[[noreturn]] void unusable(const std::string& what) {
  throw StoreError(StoreFailure::auth_failed, what + " (" + tls_error_text() + ")");
}

// A directory of certificates named by subject hash ("5ad8a5d6.0"), as c_rehash and
// update-ca-certificates leave it: OpenSSL then reads only the certificates a chain needs.
bool hashed_directory(const char* path) {
  std::unique_ptr<DIR, int (*)(DIR*)> dir(opendir(path), closedir);
  if (!dir) return false;
  while (const dirent* entry = readdir(dir.get())) {
    const std::string_view name(entry->d_name);
    if (name.size() == 10 && name.substr(8) == ".0" &&
        name.substr(0, 8).find_first_not_of("0123456789abcdef") == std::string_view::npos) {
      return true;
    }
  }
  return false;
}

// The system's trust store. OpenSSL's defaults are the paths of the distribution hush was built
// on; a binary copied into another image looks where that image keeps its bundle (the usual
// locations of Debian, Ubuntu, Alpine, Fedora, RHEL and SUSE), and fails closed if none exists.
void use_system_store(SSL_CTX* ctx) {
  if (std::getenv(X509_get_default_cert_file_env()) != nullptr || std::getenv(X509_get_default_cert_dir_env()) != nullptr) {
    // SSL_CERT_FILE and SSL_CERT_DIR replace the system store, as for every OpenSSL client.
    if (SSL_CTX_set_default_verify_paths(ctx) != 1) unusable("the CA certificates named by SSL_CERT_FILE or SSL_CERT_DIR could not be read");
    return;
  }
  if (hashed_directory(X509_get_default_cert_dir())) {
    if (SSL_CTX_load_verify_locations(ctx, nullptr, X509_get_default_cert_dir()) != 1) {
      unusable(std::string("the CA directory ") + X509_get_default_cert_dir() + " could not be used");
    }
    return;
  }
  for (const char* bundle : {X509_get_default_cert_file(), "/etc/ssl/certs/ca-certificates.crt", "/etc/pki/tls/certs/ca-bundle.crt",
                             "/etc/ssl/ca-bundle.pem", "/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem", "/etc/ssl/cert.pem"}) {
    if (access(bundle, R_OK) != 0) continue;
    if (SSL_CTX_load_verify_locations(ctx, bundle, nullptr) != 1) unusable(std::string("the CA bundle ") + bundle + " could not be read");
    return;
  }
  throw StoreError(StoreFailure::auth_failed,
                   "no CA certificates found on this system: install the ca-certificates package, or name a CA file "
                   "(VAULT_CACERT, AWS_CA_BUNDLE, SSL_CERT_FILE)");
}

}  // namespace

std::string tls_error_text() {
  std::string out;
  while (const unsigned long code = ERR_get_error()) {
    char text[256];
    ERR_error_string_n(code, text, sizeof text);
    if (!out.empty()) out.append("; ");
    out.append(text);
  }
  return out.empty() ? "no detail" : out;
}

bool tls_alert_rejects_us(const std::string& detail) {
  for (const char* alert : {"alert certificate required", "alert bad certificate", "alert unknown ca",
                            "alert certificate unknown", "alert certificate revoked", "alert certificate expired"}) {
    if (detail.find(alert) != std::string::npos) return true;
  }
  return false;
}

TlsContext::TlsContext(const TlsOptions& options) : verify_(options.verify) {
  ERR_clear_error();
  ctx_.reset(SSL_CTX_new(TLS_client_method()));
  if (!ctx_) throw StoreError(StoreFailure::unreachable, "TLS could not be initialised (" + tls_error_text() + ")");
  SSL_CTX* ctx = ctx_.get();
  SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
  SSL_CTX_set_mode(ctx, SSL_MODE_AUTO_RETRY | SSL_MODE_RELEASE_BUFFERS);
  // Received records are decrypted in OpenSSL's own buffers: wipe the plaintext (secrets) once
  // it is copied out, rather than leaving it in freed memory.
  SSL_CTX_set_options(ctx, SSL_OP_CLEANSE_PLAINTEXT);
  SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_CLIENT | SSL_SESS_CACHE_NO_INTERNAL_STORE);
  SSL_CTX_set_verify(ctx, options.verify ? SSL_VERIFY_PEER : SSL_VERIFY_NONE, nullptr);
  if (options.verify) {
    if (!options.ca_file.empty() || !options.ca_path.empty()) {
      if (SSL_CTX_load_verify_locations(ctx, options.ca_file.empty() ? nullptr : options.ca_file.c_str(),
                                        options.ca_path.empty() ? nullptr : options.ca_path.c_str()) != 1) {
        unusable("CA certificates could not be read from " + (options.ca_file.empty() ? options.ca_path : options.ca_file));
      }
    } else {
      use_system_store(ctx);
    }
  }
  if (!options.client_cert.empty() && SSL_CTX_use_certificate_chain_file(ctx, options.client_cert.c_str()) != 1) {
    unusable("the TLS client certificate could not be read from " + options.client_cert);
  }
  if (!options.client_key.empty()) {
    if (SSL_CTX_use_PrivateKey_file(ctx, options.client_key.c_str(), SSL_FILETYPE_PEM) != 1) {
      unusable("the TLS client key could not be read from " + options.client_key);
    }
    if (SSL_CTX_check_private_key(ctx) != 1) unusable("the TLS client key does not belong to its certificate");
  }

  socket_method_.reset(BIO_meth_new(BIO_get_new_index() | BIO_TYPE_SOURCE_SINK, "hush socket"));
  if (!socket_method_ || BIO_meth_set_write(socket_method_.get(), socket_write) != 1 ||
      BIO_meth_set_read(socket_method_.get(), socket_read) != 1 || BIO_meth_set_ctrl(socket_method_.get(), socket_ctrl) != 1 ||
      BIO_meth_set_create(socket_method_.get(), socket_create) != 1) {
    throw StoreError(StoreFailure::unreachable, "TLS could not be initialised (" + tls_error_text() + ")");
  }
}

SslPtr TlsContext::new_session(int fd, const std::string& verify_name) {
  ERR_clear_error();
  SslPtr ssl(SSL_new(ctx_.get()));
  BIO* bio = ssl ? BIO_new(socket_method_.get()) : nullptr;
  if (bio == nullptr) throw StoreError(StoreFailure::unreachable, "TLS could not be initialised (" + tls_error_text() + ")");
  BIO_set_data(bio, reinterpret_cast<void*>(static_cast<std::intptr_t>(fd)));
  SSL_set_bio(ssl.get(), bio, bio);
  const bool address = is_ip_literal(verify_name);
  // SNI carries names only, never addresses (RFC 6066).
  if (!address) {
    // SSL_set_tlsext_host_name, without the macro's C cast.
    SSL_ctrl(ssl.get(), SSL_CTRL_SET_TLSEXT_HOSTNAME, TLSEXT_NAMETYPE_host_name, const_cast<char*>(verify_name.c_str()));
  }
  if (verify_) {
    X509_VERIFY_PARAM* param = SSL_get0_param(ssl.get());
    X509_VERIFY_PARAM_set_hostflags(param, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
    const int set = address ? X509_VERIFY_PARAM_set1_ip_asc(param, verify_name.c_str())
                            : X509_VERIFY_PARAM_set1_host(param, verify_name.c_str(), verify_name.size());
    if (set != 1) throw StoreError(StoreFailure::invalid_request, "invalid TLS server name: " + verify_name);
  }
  if (last_session_ && last_session_name_ == verify_name) SSL_set_session(ssl.get(), last_session_.get());
  return ssl;
}

void TlsContext::remember_session(SSL* ssl, const std::string& verify_name) {
  if (SSL_SESSION* session = SSL_get1_session(ssl)) {
    last_session_.reset(session);
    last_session_name_ = verify_name;
  }
}

}  // namespace hush::vault_client::detail
