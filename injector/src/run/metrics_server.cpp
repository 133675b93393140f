#include "metrics_server.hpp"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <thread>
#include <utility>

#include "hush/common/error.hpp"
#include "hush/common/unique_fd.hpp"

namespace hush {
namespace {

void write_all(int fd, std::string_view data) {
  while (!data.empty()) {
    const ssize_t n = ::send(fd, data.data(), data.size(), MSG_NOSIGNAL);
    if (n <= 0) {
      if (n < 0 && errno == EINTR) continue;
      return;
    }
    data.remove_prefix(static_cast<std::size_t>(n));
  }
}

// Reads until the end of the request headers, or gives up after the deadline.
std::string read_request_head(int fd) {
  std::string head;
  char buf[1024];
  for (int waited_ms = 0; head.find("\r\n\r\n") == std::string::npos && head.size() < 8192 && waited_ms < 2000;) {
    pollfd p{fd, POLLIN, 0};
    const int ready = ::poll(&p, 1, 100);
    if (ready == 0) {
      waited_ms += 100;
      continue;
    }
    if (ready < 0 && errno == EINTR) continue;
    const ssize_t n = ready > 0 ? ::recv(fd, buf, sizeof buf, 0) : -1;
    if (n <= 0) break;
    head.append(buf, static_cast<std::size_t>(n));
  }
  return head;
}

}  // namespace

struct MetricsServer::Impl {
  UniqueFd listener;
  UniqueFd stop_event{::eventfd(0, EFD_CLOEXEC)};
  std::function<std::string()> render;
  int port = 0;
  std::thread thread;

  void serve() const {
    for (;;) {
      pollfd fds[2] = {{listener.get(), POLLIN, 0}, {stop_event.get(), POLLIN, 0}};
      if (::poll(fds, 2, -1) < 0) {
        if (errno == EINTR) continue;
        return;
      }
      if (fds[1].revents != 0) return;
      UniqueFd client(::accept4(listener.get(), nullptr, nullptr, SOCK_CLOEXEC));
      if (client.get() < 0) continue;
      const std::string head = read_request_head(client.get());
      std::string status = "200 OK";
      std::string body;
      if (head.starts_with("GET /metrics ") || head.starts_with("GET /metrics?")) {
        body = render();
      } else if (head.starts_with("GET / ")) {
        body = "hush metrics: see /metrics\n";
      } else {
        status = "404 Not Found";
        body = "not found\n";
      }
      write_all(client.get(), "HTTP/1.1 " + status +
                                  "\r\nContent-Type: text/plain; version=0.0.4; charset=utf-8\r\nContent-Length: " +
                                  std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + body);
    }
  }
};

MetricsServer::MetricsServer(const std::string& address, std::function<std::string()> render)
    : impl_(std::make_unique<Impl>()) {
  impl_->render = std::move(render);
  std::string host;
  std::string port = address;
  if (const auto colon = address.rfind(':'); colon != std::string::npos) {
    host = address.substr(0, colon);
    port = address.substr(colon + 1);
  }
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  if (port.empty() || port.find_first_not_of("0123456789") != std::string::npos)
    throw Error(ErrorKind::usage, "--metrics-addr must be HOST:PORT, got '" + address + "'");
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
  addrinfo* found = nullptr;
  if (::getaddrinfo(host.empty() ? nullptr : host.c_str(), port.c_str(), &hints, &found) != 0 || found == nullptr)
    throw Error(ErrorKind::usage, "--metrics-addr: cannot resolve '" + host + "'");
  const std::unique_ptr<addrinfo, decltype(&::freeaddrinfo)> guard(found, &::freeaddrinfo);
  UniqueFd sock(::socket(found->ai_family, found->ai_socktype | SOCK_CLOEXEC, found->ai_protocol));
  const int one = 1;
  ::setsockopt(sock.get(), SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  if (sock.get() < 0 || ::bind(sock.get(), found->ai_addr, found->ai_addrlen) != 0 || ::listen(sock.get(), 16) != 0)
    throw Error(ErrorKind::runtime, "cannot listen on " + address + ": " + std::strerror(errno));
  sockaddr_storage bound{};
  socklen_t len = sizeof bound;
  ::getsockname(sock.get(), reinterpret_cast<sockaddr*>(&bound), &len);
  impl_->port = ntohs(bound.ss_family == AF_INET6 ? reinterpret_cast<sockaddr_in6*>(&bound)->sin6_port
                                                  : reinterpret_cast<sockaddr_in*>(&bound)->sin_port);
  impl_->listener.reset(sock.release());
  impl_->thread = std::thread([impl = impl_.get()] { impl->serve(); });
}

MetricsServer::~MetricsServer() {
  const std::uint64_t one = 1;
  [[maybe_unused]] const auto n = ::write(impl_->stop_event.get(), &one, sizeof one);
  if (impl_->thread.joinable()) impl_->thread.join();
}

int MetricsServer::port() const noexcept { return impl_->port; }

}  // namespace hush
