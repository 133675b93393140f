#pragma once
// Where a request goes: the parts of a store URL the transport needs, and the proxy (if any)
// the environment routes it through.
#include <optional>
#include <string>
#include <string_view>

#include "hush/common/secret.hpp"

namespace hush::vault_client::detail {

struct Endpoint {
  bool tls = false;
  std::string host;  // without IPv6 brackets
  std::string port;
  bool default_port = true;
  [[nodiscard]] bool operator==(const Endpoint&) const = default;
};

struct ParsedUrl {
  Endpoint endpoint;
  std::string target;  // path and query, "/" when empty; the fragment and user info are dropped
};

// http:// and https:// URLs only; anything else throws StoreError(invalid_request).
[[nodiscard]] ParsedUrl parse_url(std::string_view url);

// "host", "host:port", "[v6]:port": a Host header value, or CONNECT's authority (always_port).
[[nodiscard]] std::string authority_of(const Endpoint& endpoint, bool always_port = false);

// Whether host is written as an IPv4 or IPv6 address.
[[nodiscard]] bool is_ip_literal(std::string_view host);

struct ProxyRoute {
  Endpoint endpoint;
  SecretBuffer authorization;  // "Basic ..." from the proxy URL's user info, or empty
};

// The proxy the environment names for a target, as curl and most tools read it: http_proxy (lower
// case only) for http, https_proxy or HTTPS_PROXY for https, then all_proxy or ALL_PROXY, unless
// no_proxy or NO_PROXY lists the host. Only http:// proxies are spoken; another proxy scheme
// throws StoreError(invalid_request) rather than connecting around the proxy.
[[nodiscard]] std::optional<ProxyRoute> proxy_for(const Endpoint& target);

// no_proxy semantics: "*" matches everything; an entry matches the host itself and its
// subdomains (a leading dot is optional); an IP entry may carry a CIDR prefix length.
[[nodiscard]] bool no_proxy_matches(std::string_view list, std::string_view host);

}  // namespace hush::vault_client::detail
