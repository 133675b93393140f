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
  std::string_view authority = url.substr(
      authority_start, path_start == std::string_view::npos ? std::string_view::npos : path_start - authority_start);
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

}  // namespace hush::vault_client
