#pragma once
// Request header lines for libcurl, composed in guarded memory. libcurl reads CURLOPT_HTTPHEADER's
// list while it writes each request and keeps no copy of the list itself, so the lines ("Name:
// value", NUL-terminated) and the list nodes can live in hush's memory: a token or a signature is
// never copied into list nodes of libcurl's heap. One guarded block serves every request of a batch.
#include <curl/curl.h>

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "hush/common/secret.hpp"
#include "hush/vault_client/http.hpp"

namespace hush::vault_client::detail {

class HeaderLines {
 public:
  explicit HeaderLines(std::span<const HttpRequest> requests);
  HeaderLines(const HeaderLines&) = delete;
  HeaderLines& operator=(const HeaderLines&) = delete;

  // The list for request i, or the reason it has none: a name or value with a line break or a
  // NUL would split the header (StoreError invalid_request, naming the header, never its value).
  [[nodiscard]] curl_slist* list(std::size_t request);

 private:
  SecretBuffer text_;
  std::vector<curl_slist> nodes_;
  std::vector<std::size_t> first_node_;               // request i's nodes: [first_node_[i], first_node_[i + 1])
  std::vector<std::optional<std::string>> rejected_;  // why request i has no list
};

}  // namespace hush::vault_client::detail
