#include "aws/url_parts.hpp"

#include <algorithm>
#include <cctype>

#include "hush/common/error.hpp"
#include "hush/vault_client/http.hpp"

namespace hush::vault_client::aws::detail {
namespace {

[[noreturn]] void bad_url(std::string_view url, const char* why) {
  throw Error(ErrorKind::config, "invalid AWS endpoint URL '" + loggable_url(url) + "': " + why);
}

}  // namespace

UrlParts split_url(std::string_view url) {
  UrlParts out;
  const auto scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos) bad_url(url, "expected http:// or https://");
  out.scheme = std::string(url.substr(0, scheme_end));
  std::transform(out.scheme.begin(), out.scheme.end(), out.scheme.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (out.scheme != "http" && out.scheme != "https") bad_url(url, "expected http:// or https://");
  std::string_view rest = url.substr(scheme_end + 3);
  const auto path_start = rest.find_first_of("/?#");
  std::string_view authority = rest.substr(0, path_start);
  std::string_view path = path_start == std::string_view::npos ? std::string_view{} : rest.substr(path_start);
  if (authority.find('@') != std::string_view::npos) bad_url(url, "user information is not allowed");
  if (authority.empty()) bad_url(url, "no host");
  if (authority.front() == '[') {
    const auto close = authority.find(']');
    if (close == std::string_view::npos) bad_url(url, "unterminated IPv6 address");
    out.host = std::string(authority.substr(0, close + 1));
    authority.remove_prefix(close + 1);
    if (!authority.empty()) {
      if (authority.front() != ':') bad_url(url, "garbage after the IPv6 address");
      out.port = std::string(authority.substr(1));
    }
  } else {
    const auto colon = authority.find(':');
    out.host = std::string(authority.substr(0, colon));
    if (colon != std::string_view::npos) out.port = std::string(authority.substr(colon + 1));
  }
  if (out.host.empty()) bad_url(url, "no host");
  if (!std::all_of(out.port.begin(), out.port.end(), [](unsigned char c) { return std::isdigit(c) != 0; }) ||
      out.port.size() > 5) {
    bad_url(url, "bad port");
  }
  const auto cut = path.find_first_of("?#");
  path = path.substr(0, cut);
  out.path = path.empty() ? std::string("/") : std::string(path);
  return out;
}

std::string UrlParts::host_header() const {
  const bool default_port = port.empty() || (scheme == "https" && port == "443") || (scheme == "http" && port == "80");
  return default_port ? host : host + ":" + port;
}

std::string UrlParts::origin() const { return scheme + "://" + host + (port.empty() ? "" : ":" + port); }

bool allowed_plain_http_host(std::string_view host) {
  if (host == "localhost" || host == "[::1]" || host == "169.254.170.2" || host == "169.254.170.23" ||
      host == "[fd00:ec2::23]") {
    return true;
  }
  // 127.0.0.0/8
  if (host.substr(0, 4) != "127.") return false;
  int dots = 0;
  for (const char c : host) {
    if (c == '.') ++dots;
    else if (c < '0' || c > '9') return false;
  }
  return dots == 3;
}

}  // namespace hush::vault_client::aws::detail
