#include "endpoints.hpp"

#include <string_view>

namespace hush::verify::detail {

std::optional<std::string> request_url(const scanner::RuleVerifier& verifier,
                                       const std::map<std::string, std::string>& endpoints) {
  static constexpr std::string_view endpoint_placeholder = "{endpoint}";
  const std::string_view url = verifier.url;
  std::string_view path;
  if (url.starts_with(endpoint_placeholder)) {
    path = url.substr(endpoint_placeholder.size());
  } else {
    const std::size_t host_start = url.find("://");
    const std::size_t slash =
        host_start == std::string_view::npos ? std::string_view::npos : url.find('/', host_start + 3);
    path = slash == std::string_view::npos ? std::string_view() : url.substr(slash);
  }
  const auto given = endpoints.find(verifier.provider);
  if (given == endpoints.end()) {
    if (url.starts_with(endpoint_placeholder)) return std::nullopt;
    return verifier.url;
  }
  return given->second + std::string(path);
}

}  // namespace hush::verify::detail
