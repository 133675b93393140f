#include "http/resolve.hpp"

#include <cerrno>
#include <ctime>

#include "hush/vault_client/store_error.hpp"

namespace hush::vault_client::detail {
namespace {

addrinfo tcp_hints(int flags) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = flags;
  return hints;
}

[[noreturn]] void resolve_failed(const std::string& host, int code) {
  throw StoreError(StoreFailure::unreachable, "could not resolve host " + host + ": " + gai_strerror(code));
}

// One asynchronous lookup. glibc runs it on a helper thread; when it cannot be cancelled at the
// deadline, that thread still writes into this block, so the block is then left to it.
struct Lookup {
  std::string host;
  std::string port;
  addrinfo hints = tcp_hints(AI_ADDRCONFIG);
  gaicb request{};
};

}  // namespace

AddrInfoList resolve(const std::string& host, const std::string& port, SteadyClock::time_point until) {
  // Addresses need no resolver: the common case for loopback peers and many Vault addresses.
  const addrinfo numeric = tcp_hints(AI_NUMERICHOST | AI_NUMERICSERV);
  addrinfo* found = nullptr;
  if (getaddrinfo(host.c_str(), port.c_str(), &numeric, &found) == 0) return AddrInfoList(found);

  auto lookup = std::make_unique<Lookup>();
  lookup->host = host;
  lookup->port = port;
  lookup->request.ar_name = lookup->host.c_str();
  lookup->request.ar_service = lookup->port.c_str();
  lookup->request.ar_request = &lookup->hints;
  gaicb* list[1] = {&lookup->request};
  if (const int code = getaddrinfo_a(GAI_NOWAIT, list, 1, nullptr); code != 0) resolve_failed(host, code);
  for (;;) {
    const int state = gai_error(&lookup->request);
    if (state == 0) return AddrInfoList(lookup->request.ar_result);
    if (state != EAI_INPROGRESS) resolve_failed(host, state);
    const auto now = SteadyClock::now();
    if (now >= until) {
      if (gai_cancel(&lookup->request) == EAI_NOTCANCELED) (void)lookup.release();
      else if (gai_error(&lookup->request) == 0) freeaddrinfo(lookup->request.ar_result);
      throw StoreError(StoreFailure::timeout, "resolving " + host + " did not finish in time");
    }
    const auto left = std::chrono::duration_cast<std::chrono::nanoseconds>(until - now);
    timespec wait{static_cast<time_t>(left.count() / 1000000000), static_cast<long>(left.count() % 1000000000)};
    const gaicb* pending[1] = {&lookup->request};
    (void)gai_suspend(pending, 1, &wait);  // returns on completion, timeout or a signal: re-checked above
  }
}

}  // namespace hush::vault_client::detail
