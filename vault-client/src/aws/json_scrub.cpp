#include "aws/json_scrub.hpp"

#include <vector>

#include "hush/common/secret.hpp"

namespace hush::vault_client::aws::detail {

void wipe_json_strings(nlohmann::json& document) noexcept {
  // Iterative: a hostile body may nest deeper than the stack allows recursion.
  std::vector<nlohmann::json*> pending{&document};
  while (!pending.empty()) {
    nlohmann::json* node = pending.back();
    pending.pop_back();
    if (node->is_string()) {
      auto& text = node->get_ref<std::string&>();
      secure_wipe(text.data(), text.size());
    } else if (node->is_structured()) {
      for (auto& child : *node) pending.push_back(&child);
    }
  }
}

ScrubbedJson::ScrubbedJson(std::string_view text)
    : document_(nlohmann::json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false)) {}

}  // namespace hush::vault_client::aws::detail
