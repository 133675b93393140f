#pragma once
// The pieces of an endpoint URL that signing needs: the Host header exactly as sent and the path.
#include <string>
#include <string_view>

namespace hush::vault_client::aws::detail {

struct UrlParts {
  std::string scheme;                             // lower-case
  std::string host;                               // as written (IPv6 keeps its brackets)
  std::string port;                               // empty when not written
  std::string path;                               // "/" when empty; no query
  [[nodiscard]] std::string host_header() const;  // host, plus ":port" unless the scheme's default
  [[nodiscard]] std::string origin() const;       // scheme://host[:port]
};

// Throws hush::Error(config) for a URL that is not http(s)://host[:port][/path].
[[nodiscard]] UrlParts split_url(std::string_view url);

// True for plain-http hosts the SDKs allow for the container credentials endpoint: loopback and
// the ECS/EKS agent link-local addresses.
[[nodiscard]] bool allowed_plain_http_host(std::string_view host);

}  // namespace hush::vault_client::aws::detail
