#include "http/connection.hpp"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/err.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "http/resolve.hpp"

namespace hush::vault_client::detail {
namespace {

std::string errno_text(int code) { return std::strerror(code); }

int poll_timeout_ms(SteadyClock::time_point until) {
  const auto left = std::chrono::ceil<std::chrono::milliseconds>(until - SteadyClock::now()).count();
  return left <= 0 ? 0 : static_cast<int>(std::min<long long>(left, 60 * 60 * 1000));
}

// Connects one socket; the error (errno) when it fails, 0 when connected.
int connect_one(int fd, const addrinfo& address, SteadyClock::time_point until) {
  if (connect(fd, address.ai_addr, address.ai_addrlen) == 0) return 0;
  if (errno != EINPROGRESS) return errno;
  for (;;) {
    pollfd entry{fd, POLLOUT, 0};
    const int ready = poll(&entry, 1, poll_timeout_ms(until));
    if (ready < 0 && errno == EINTR) continue;
    if (ready == 0) return ETIMEDOUT;
    int error = 0;
    socklen_t length = sizeof error;
    if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length) != 0) return errno;
    return error;
  }
}

}  // namespace

Connection::Connection(const Endpoint& to, TimePoint until) : peer_(authority_of(to, true)) {
  const AddrInfoList addresses = resolve(to.host, to.port, until);
  int last_error = ECONNREFUSED;
  for (const addrinfo* address = addresses.get(); address != nullptr; address = address->ai_next) {
    const int fd = socket(address->ai_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) {
      last_error = errno;
      continue;
    }
    // An address that swallows packets (an IPv6 route to nowhere) must leave time for the next
    // one: each but the last gets half of what is left.
    const auto now = SteadyClock::now();
    const TimePoint attempt_until = address->ai_next == nullptr || now >= until ? until : now + (until - now) / 2;
    last_error = connect_one(fd, *address, attempt_until);
    if (last_error == 0) {
      fd_ = fd;
      break;
    }
    close(fd);
    if (last_error == ETIMEDOUT && SteadyClock::now() >= until) {
      throw StoreError(StoreFailure::timeout, "connecting to " + peer_ + " did not finish in time");
    }
  }
  if (fd_ < 0) throw StoreError(StoreFailure::unreachable, "could not connect to " + peer_ + ": " + errno_text(last_error));
  const int on = 1;
  // Requests are written whole; waiting for the previous segment's ACK only adds latency.
  setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
  setsockopt(fd_, SOL_SOCKET, SO_KEEPALIVE, &on, sizeof on);
}

Connection::~Connection() {
  // Retiring a connection is no failure of its session: without this, freeing it would mark the
  // session unresumable. Nothing is sent (no close_notify), so no write can fail here.
  if (ssl_ && SSL_is_init_finished(ssl_.get())) SSL_set_shutdown(ssl_.get(), SSL_SENT_SHUTDOWN | SSL_RECEIVED_SHUTDOWN);
  ssl_.reset();
  if (fd_ >= 0) close(fd_);
}

void Connection::wait(short events, TimePoint until) const {
  for (;;) {
    pollfd entry{fd_, events, 0};
    const int ready = poll(&entry, 1, poll_timeout_ms(until));
    if (ready > 0) return;
    if (ready == 0) throw StoreError(StoreFailure::timeout, "no complete answer from " + peer_ + " in time");
    if (errno != EINTR) throw StoreError(StoreFailure::unreachable, "waiting for " + peer_ + ": " + errno_text(errno));
  }
}

void Connection::start_tls(TlsContext& tls, const std::string& verify_name, TimePoint until) {
  ssl_ = tls.new_session(fd_, verify_name);
  for (;;) {
    ERR_clear_error();
    errno = 0;
    const int rc = SSL_connect(ssl_.get());
    if (rc == 1) return;
    const int error = SSL_get_error(ssl_.get(), rc);
    if (error == SSL_ERROR_WANT_READ) {
      wait(POLLIN, until);
    } else if (error == SSL_ERROR_WANT_WRITE) {
      wait(POLLOUT, until);
    } else {
      const long verified = SSL_get_verify_result(ssl_.get());
      const std::string detail = error == SSL_ERROR_SYSCALL && ERR_peek_error() == 0
                                     ? (errno != 0 ? errno_text(errno) : std::string("connection closed"))
                                     : tls_error_text();
      // Without verification OpenSSL still records a result: it is no reason then.
      if (tls.verifies() && verified != X509_V_OK) {
        throw StoreError(StoreFailure::auth_failed, "TLS: the certificate of " + peer_ + " was not accepted: " +
                                                        X509_verify_cert_error_string(verified));
      }
      if (tls_alert_rejects_us(detail)) {
        throw StoreError(StoreFailure::auth_failed, "the server rejected the TLS client certificate (" + detail + ")");
      }
      throw StoreError(StoreFailure::unreachable, "TLS handshake with " + peer_ + " failed: " + detail);
    }
  }
}

void Connection::remember_session(TlsContext& tls, const std::string& verify_name) {
  if (ssl_) tls.remember_session(ssl_.get(), verify_name);
}

void Connection::write_all(std::string_view bytes, TimePoint until) {
  while (!bytes.empty()) {
    if (ssl_) {
      ERR_clear_error();
      errno = 0;
      std::size_t written = 0;
      const int rc = SSL_write_ex(ssl_.get(), bytes.data(), bytes.size(), &written);
      if (rc == 1) {
        bytes.remove_prefix(written);
        continue;
      }
      const int error = SSL_get_error(ssl_.get(), rc);
      if (error == SSL_ERROR_WANT_WRITE) wait(POLLOUT, until);
      else if (error == SSL_ERROR_WANT_READ) wait(POLLIN, until);
      else {
        const std::string detail = tls_error_text();
        if (tls_alert_rejects_us(detail)) {
          throw StoreError(StoreFailure::auth_failed, "the server rejected the TLS client certificate (" + detail + ")");
        }
        throw StoreError(StoreFailure::unreachable, "sending to " + peer_ + " failed: " + detail);
      }
    } else {
      const ssize_t n = send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
      if (n >= 0) {
        bytes.remove_prefix(static_cast<std::size_t>(n));
      } else if (errno == EAGAIN || errno == EWOULDBLOCK) {
        wait(POLLOUT, until);
      } else if (errno != EINTR) {
        throw StoreError(StoreFailure::unreachable, "sending to " + peer_ + " failed: " + errno_text(errno));
      }
    }
  }
}

std::size_t Connection::read_some(char* buffer, std::size_t size, TimePoint until) {
  for (;;) {
    if (ssl_) {
      ERR_clear_error();
      errno = 0;
      std::size_t got = 0;
      const int rc = SSL_read_ex(ssl_.get(), buffer, size, &got);
      if (rc == 1) return got;
      const int error = SSL_get_error(ssl_.get(), rc);
      if (error == SSL_ERROR_ZERO_RETURN) return 0;  // close_notify: a clean end
      if (error == SSL_ERROR_WANT_READ) {
        wait(POLLIN, until);
        continue;
      }
      if (error == SSL_ERROR_WANT_WRITE) {
        wait(POLLOUT, until);
        continue;
      }
      // A close without TLS's close_notify: the HTTP framing decides whether anything is missing,
      // except for a body that runs to the close, which an attacker could cut (closed_cleanly).
      const unsigned long queued = ERR_peek_error();
      if ((error == SSL_ERROR_SSL && ERR_GET_REASON(queued) == SSL_R_UNEXPECTED_EOF_WHILE_READING) ||
          (error == SSL_ERROR_SYSCALL && queued == 0 && errno == 0)) {
        ERR_clear_error();
        closed_cleanly_ = false;
        return 0;
      }
      const std::string detail = tls_error_text();
      if (tls_alert_rejects_us(detail)) {
        throw StoreError(StoreFailure::auth_failed, "the server rejected the TLS client certificate (" + detail + ")");
      }
      throw StoreError(StoreFailure::unreachable, "receiving from " + peer_ + " failed: " +
                                                      (error == SSL_ERROR_SYSCALL && errno != 0 ? errno_text(errno) : detail));
    }
    const ssize_t n = recv(fd_, buffer, size, 0);
    if (n >= 0) return static_cast<std::size_t>(n);
    if (errno == EAGAIN || errno == EWOULDBLOCK) {
      wait(POLLIN, until);
    } else if (errno != EINTR) {
      throw StoreError(StoreFailure::unreachable, "receiving from " + peer_ + " failed: " + errno_text(errno));
    }
  }
}

bool Connection::idle_and_open() {
  if (ssl_ && SSL_pending(ssl_.get()) > 0) return false;
  pollfd entry{fd_, POLLIN, 0};
  if (poll(&entry, 1, 0) == 0) return true;
  // Readable while idle means closed, or unasked bytes: either way the connection is done. Except
  // over TLS 1.3, where the server's session tickets arrive after the handshake: reading them
  // yields no application data, and the connection stays usable.
  if (!ssl_ || (entry.revents & (POLLERR | POLLHUP)) != 0) return false;
  ERR_clear_error();
  char byte = 0;
  std::size_t got = 0;
  const int rc = SSL_peek_ex(ssl_.get(), &byte, 1, &got);
  const bool open = rc != 1 && SSL_get_error(ssl_.get(), rc) == SSL_ERROR_WANT_READ;
  ERR_clear_error();
  return open;
}

}  // namespace hush::vault_client::detail
