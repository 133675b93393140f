#include "http/endpoint.hpp"

#include <arpa/inet.h>
#include <sodium.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdlib>
#include <cstring>

#include "hush/common/text.hpp"
#include "hush/vault_client/http.hpp"

namespace hush::vault_client::detail {
namespace {

[[noreturn]] void bad_url(std::string_view what, std::string_view url) {
  throw StoreError(StoreFailure::invalid_request, std::string(what) + ": " + loggable_url(url));
}

// host[:port] or [v6][:port]; port digits only.
void split_authority(std::string_view authority, std::string_view url, Endpoint& out) {
  std::string_view port;
  if (!authority.empty() && authority.front() == '[') {
    const std::size_t close = authority.find(']');
    if (close == std::string_view::npos) bad_url("malformed URL", url);
    out.host = std::string(authority.substr(1, close - 1));
    const std::string_view rest = authority.substr(close + 1);
    if (!rest.empty()) {
      if (rest.front() != ':') bad_url("malformed URL", url);
      port = rest.substr(1);
    }
  } else {
    const std::size_t colon = authority.rfind(':');
    out.host = ascii_lower(std::string(authority.substr(0, colon)));
    if (colon != std::string_view::npos) port = authority.substr(colon + 1);
  }
  if (out.host.empty()) bad_url("URL without host", url);
  for (const char c : out.host) {
    if (std::iscntrl(static_cast<unsigned char>(c)) || c == ' ' || c == '/' || c == '@') bad_url("malformed URL", url);
  }
  if (!port.empty()) {
    const bool digits = port.size() <= 5 && std::all_of(port.begin(), port.end(), [](char c) { return c >= '0' && c <= '9'; });
    const int number = digits ? std::atoi(std::string(port).c_str()) : 0;
    if (number < 1 || number > 65535) {
      bad_url("malformed URL port", url);
    }
    out.port = std::string(port);
    out.default_port = out.port == (out.tls ? "443" : "80");
  } else {
    out.port = out.tls ? "443" : "80";
  }
}

std::string percent_decode(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size() && std::isxdigit(static_cast<unsigned char>(text[i + 1])) &&
        std::isxdigit(static_cast<unsigned char>(text[i + 2]))) {
      out.push_back(static_cast<char>(std::stoi(std::string(text.substr(i + 1, 2)), nullptr, 16)));
      i += 2;
    } else {
      out.push_back(text[i]);
    }
  }
  return out;
}

const char* env(const char* name) {
  const char* value = std::getenv(name);
  return value != nullptr && *value != '\0' ? value : nullptr;
}

// Parses an IPv4 or IPv6 address into 16 bytes (IPv4 mapped), with its family's bit count.
bool parse_ip(std::string_view text, std::array<unsigned char, 16>& bytes, int& bits) {
  const std::string copy(text);
  bytes.fill(0);
  if (inet_pton(AF_INET, copy.c_str(), bytes.data() + 12) == 1) {
    bits = 32;
    return true;
  }
  if (inet_pton(AF_INET6, copy.c_str(), bytes.data()) == 1) {
    bits = 128;
    return true;
  }
  return false;
}

bool same_prefix(const std::array<unsigned char, 16>& a, const std::array<unsigned char, 16>& b, int offset, int bits) {
  for (int i = 0; i < bits; ++i) {
    const int bit = offset + i;
    const int mask = 0x80 >> (bit % 8);
    if ((a[static_cast<std::size_t>(bit / 8)] & mask) != (b[static_cast<std::size_t>(bit / 8)] & mask)) return false;
  }
  return true;
}

bool entry_matches(std::string_view entry, std::string_view host) {
  std::array<unsigned char, 16> host_ip{};
  int host_bits = 0;
  if (parse_ip(host, host_ip, host_bits)) {
    const std::size_t slash = entry.find('/');
    std::array<unsigned char, 16> net{};
    int net_bits = 0;
    if (!parse_ip(entry.substr(0, slash), net, net_bits) || net_bits != host_bits) return false;
    int prefix = net_bits;
    if (slash != std::string_view::npos) {
      const std::string digits(entry.substr(slash + 1));
      if (digits.empty() || digits.size() > 3 || !std::all_of(digits.begin(), digits.end(), ::isdigit)) return false;
      prefix = std::min(std::atoi(digits.c_str()), net_bits);
    }
    return same_prefix(net, host_ip, 128 - net_bits, prefix);
  }
  if (!entry.empty() && entry.front() == '.') entry.remove_prefix(1);
  if (entry.empty()) return false;
  if (host == entry) return true;
  return host.size() > entry.size() && host.substr(host.size() - entry.size()) == entry && host[host.size() - entry.size() - 1] == '.';
}

}  // namespace

ParsedUrl parse_url(std::string_view url) {
  ParsedUrl out;
  const std::size_t scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos) bad_url("malformed URL", url);
  const std::string scheme = ascii_lower(std::string(url.substr(0, scheme_end)));
  if (scheme != "http" && scheme != "https") bad_url("unsupported protocol " + scheme, url);
  out.endpoint.tls = scheme == "https";
  std::string_view rest = url.substr(scheme_end + 3);
  rest = rest.substr(0, rest.find('#'));
  const std::size_t path_start = rest.find_first_of("/?");
  std::string_view authority = rest.substr(0, path_start);
  const std::size_t at = authority.rfind('@');
  if (at != std::string_view::npos) authority.remove_prefix(at + 1);
  split_authority(authority, url, out.endpoint);
  out.target = path_start == std::string_view::npos ? "/" : std::string(rest.substr(path_start));
  if (out.target.front() == '?') out.target.insert(0, "/");
  return out;
}

std::string authority_of(const Endpoint& endpoint, bool always_port) {
  std::string out = endpoint.host.find(':') != std::string::npos ? "[" + endpoint.host + "]" : endpoint.host;
  if (always_port || !endpoint.default_port) out.append(":").append(endpoint.port);
  return out;
}

bool is_ip_literal(std::string_view host) {
  std::array<unsigned char, 16> bytes{};
  int bits = 0;
  return parse_ip(host, bytes, bits);
}

bool no_proxy_matches(std::string_view list, std::string_view host) {
  // "*" alone bypasses every proxy; inside a list it is no wildcard (as curl and Go read it).
  std::string_view whole = list;
  while (!whole.empty() && (whole.front() == ' ' || whole.front() == ',')) whole.remove_prefix(1);
  while (!whole.empty() && (whole.back() == ' ' || whole.back() == ',')) whole.remove_suffix(1);
  if (whole == "*") return true;
  if (!host.empty() && host.back() == '.') host.remove_suffix(1);  // "vault.corp." is "vault.corp"
  while (!list.empty()) {
    const std::size_t cut = list.find_first_of(", ");
    std::string entry = ascii_lower(std::string(list.substr(0, cut)));
    list = cut == std::string_view::npos ? std::string_view() : list.substr(cut + 1);
    // A port on an entry ("example.com:8200", "[::1]:8200") is ignored, as curl does.
    if (!entry.empty() && entry.front() == '[') {
      const std::size_t close = entry.find(']');
      entry = close == std::string::npos ? entry.substr(1) : entry.substr(1, close - 1);
    } else if (std::count(entry.begin(), entry.end(), ':') == 1) {
      entry = entry.substr(0, entry.find(':'));
    }
    if (!entry.empty() && entry.back() == '.') entry.pop_back();
    if (entry_matches(entry, host)) return true;
  }
  return false;
}

std::optional<ProxyRoute> proxy_for(const Endpoint& target) {
  const char* setting = nullptr;
  if (target.tls) {
    setting = env("https_proxy");
    if (setting == nullptr) setting = env("HTTPS_PROXY");
  } else {
    // Upper-case HTTP_PROXY is ignored: in CGI it can be set by a request's Proxy header.
    setting = env("http_proxy");
  }
  if (setting == nullptr) setting = env("all_proxy");
  if (setting == nullptr) setting = env("ALL_PROXY");
  if (setting == nullptr) return std::nullopt;
  const char* bypass = env("no_proxy");
  if (bypass == nullptr) bypass = env("NO_PROXY");
  if (bypass != nullptr && no_proxy_matches(bypass, target.host)) return std::nullopt;

  std::string_view text(setting);
  std::string_view scheme = "http";
  if (const std::size_t end = text.find("://"); end != std::string_view::npos) {
    scheme = text.substr(0, end);
    text.remove_prefix(end + 3);
  }
  if (ascii_lower(std::string(scheme)) != "http") {
    throw StoreError(StoreFailure::invalid_request,
                     "proxy scheme " + ascii_lower(std::string(scheme)) + ":// is not supported; hush speaks to http:// proxies");
  }
  ProxyRoute route;
  // User info first: a password may hold '/', '?' or '#' (and must never reach a message).
  if (const std::size_t at = text.rfind('@'); at != std::string_view::npos) {
    const std::string_view userinfo = text.substr(0, at);
    const std::size_t colon = userinfo.find(':');
    SecretBuffer credentials(percent_decode(userinfo.substr(0, colon)) + ":" +
                             (colon == std::string_view::npos ? std::string() : percent_decode(userinfo.substr(colon + 1))));
    const std::size_t encoded_size = sodium_base64_encoded_len(credentials.size(), sodium_base64_VARIANT_ORIGINAL);
    route.authorization.resize(6 + encoded_size);
    std::memcpy(route.authorization.mutable_data(), "Basic ", 6);
    sodium_bin2base64(route.authorization.mutable_data() + 6, encoded_size, credentials.bytes(), credentials.size(),
                      sodium_base64_VARIANT_ORIGINAL);
    route.authorization.resize(6 + std::strlen(route.authorization.data() + 6));
    text.remove_prefix(at + 1);
  }
  text = text.substr(0, text.find_first_of("/?#"));
  // A proxy without a port listens on 1080, curl's default.
  Endpoint& proxy = route.endpoint;
  const std::string shown = "http://" + std::string(text);
  split_authority(text, shown, proxy);
  if (text.find(':') == std::string_view::npos || (text.front() == '[' && text.find("]:") == std::string_view::npos)) {
    proxy.port = "1080";
    proxy.default_port = false;
  }
  return route;
}

}  // namespace hush::vault_client::detail
