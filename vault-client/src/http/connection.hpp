#pragma once
// One TCP connection, plain or TLS, whose every wait is bounded by a point in time. Failures
// throw StoreError: timeout when the bound passed (the caller decides whose bound it was),
// unreachable for refused, reset or closed connections and failed handshakes, auth_failed when
// the server's certificate is not trusted or the server refuses ours.
#include <cstddef>
#include <string>
#include <string_view>

#include "http/endpoint.hpp"
#include "http/tls_context.hpp"
#include "hush/vault_client/deadline.hpp"

namespace hush::vault_client::detail {

class Connection {
 public:
  using TimePoint = SteadyClock::time_point;

  // Connects to the first address of to that answers.
  Connection(const Endpoint& to, TimePoint until);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Runs the TLS handshake over the connection (after a proxy's CONNECT, through the tunnel).
  void start_tls(TlsContext& tls, const std::string& verify_name, TimePoint until);
  void remember_session(TlsContext& tls, const std::string& verify_name);

  void write_all(std::string_view bytes, TimePoint until);
  // Bytes read into buffer; 0 when the server closed the connection.
  [[nodiscard]] std::size_t read_some(char* buffer, std::size_t size, TimePoint until);
  // False when the server closed the connection (or sent something unasked) while it was idle.
  [[nodiscard]] bool idle_and_open();
  // After read_some returned 0: false when a TLS connection ended without close_notify.
  [[nodiscard]] bool closed_cleanly() const noexcept { return closed_cleanly_; }

 private:
  void wait(short events, TimePoint until) const;
  int fd_ = -1;
  SslPtr ssl_;
  std::string peer_;  // host:port, for messages
  bool closed_cleanly_ = true;
};

}  // namespace hush::vault_client::detail
