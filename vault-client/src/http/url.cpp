#include "hush/vault_client/http.hpp"

namespace hush::vault_client {

std::string loggable_url(std::string_view url) {
  const std::size_t cut = url.find_first_of("?#");
  if (cut != std::string_view::npos) url = url.substr(0, cut);
  std::string out;
  const std::size_t scheme_end = url.find("://");
  std::size_t authority_start = 0;
  if (scheme_end != std::string_view::npos) {
    authority_start = scheme_end + 3;
    out.append(url.substr(0, authority_start));
  }
  const std::size_t path_start = url.find('/', authority_start);
  std::string_view authority = url.substr(authority_start, path_start == std::string_view::npos ? std::string_view::npos : path_start - authority_start);
  // user:password@host must not reach a log.
  const std::size_t at = authority.rfind('@');
  if (at != std::string_view::npos) authority = authority.substr(at + 1);
  out.append(authority);
  if (path_start != std::string_view::npos) out.append(url.substr(path_start));
  return out;
}

std::string loggable_url(const HttpRequest& request) {
  return request.log_url.empty() ? loggable_url(request.url) : request.log_url;
}

std::string url_encode(std::string_view text) {
  static constexpr char hex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    const bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
                            c == '_' || c == '.' || c == '~';
    if (unreserved) {
      out.push_back(ch);
    } else {
      out.push_back('%');
      out.push_back(hex[c >> 4]);
      out.push_back(hex[c & 0x0f]);
    }
  }
  return out;
}

}  // namespace hush::vault_client
