#pragma once
// Name resolution bounded by a deadline: getaddrinfo alone can block for many seconds on a dead
// resolver, past the caller's --timeout.
#include <netdb.h>

#include <memory>
#include <string>

#include "hush/vault_client/deadline.hpp"

namespace hush::vault_client::detail {

struct AddrInfoFree {
  void operator()(addrinfo* list) const noexcept { freeaddrinfo(list); }
};
using AddrInfoList = std::unique_ptr<addrinfo, AddrInfoFree>;

// TCP addresses for host:port. Throws StoreError: unreachable (unknown host, resolver failure)
// or timeout (until passed).
[[nodiscard]] AddrInfoList resolve(const std::string& host, const std::string& port, SteadyClock::time_point until);

}  // namespace hush::vault_client::detail
