#include "http/header_lines.hpp"

namespace hush::vault_client::detail {
namespace {

// Without it libcurl adds "Expect: 100-continue" to larger bodies and waits for the server's go.
constexpr std::string_view no_expect = "Expect:";

bool breaks_line(std::string_view text) {
  return text.find_first_of(std::string_view("\r\n\0", 3)) != std::string_view::npos;
}

}  // namespace

HeaderLines::HeaderLines(std::span<const HttpRequest> requests)
    : first_node_(requests.size() + 1), rejected_(requests.size()) {
  std::vector<std::vector<std::pair<std::string_view, std::string_view>>> fields(requests.size());
  std::size_t bytes = 0;
  for (std::size_t i = 0; i < requests.size(); ++i) {
    fields[i] = requests[i].headers.fields();
    for (const auto& [name, value] : fields[i]) {
      if (breaks_line(name) || breaks_line(value)) {
        rejected_[i] = breaks_line(name) ? std::string("a request header name contains a line break")
                                         : "request header " + std::string(name) + " contains a line break";
      }
      bytes += name.size() + 2 + value.size() + 1;
    }
    bytes += no_expect.size() + 1;
  }
  text_.reserve(bytes);
  std::vector<std::size_t> offsets;
  for (std::size_t i = 0; i < requests.size(); ++i) {
    first_node_[i] = offsets.size();
    if (rejected_[i]) continue;
    for (const auto& [name, value] : fields[i]) {
      offsets.push_back(text_.size());
      text_.append(name);
      text_.append(": ");
      text_.append(value);
      text_.append(std::string_view("\0", 1));
    }
    offsets.push_back(text_.size());
    text_.append(no_expect);
    text_.append(std::string_view("\0", 1));
  }
  first_node_[requests.size()] = offsets.size();
  // Pointers only now: the block no longer moves.
  nodes_.resize(offsets.size());
  for (std::size_t i = 0; i < requests.size(); ++i) {
    for (std::size_t k = first_node_[i]; k < first_node_[i + 1]; ++k) {
      nodes_[k].data = text_.mutable_data() + offsets[k];
      nodes_[k].next = k + 1 < first_node_[i + 1] ? &nodes_[k + 1] : nullptr;
    }
  }
}

curl_slist* HeaderLines::list(std::size_t request) {
  if (rejected_[request]) throw StoreError(StoreFailure::invalid_request, *rejected_[request]);
  return first_node_[request] == first_node_[request + 1] ? nullptr : &nodes_[first_node_[request]];
}

}  // namespace hush::vault_client::detail
