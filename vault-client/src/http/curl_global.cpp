#include <mutex>
#include <stdexcept>

#include "http/curl_handles.hpp"

namespace hush::vault_client::detail {

void ensure_curl_global_init() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) throw std::runtime_error("libcurl initialisation failed");
  });
}

}  // namespace hush::vault_client::detail
