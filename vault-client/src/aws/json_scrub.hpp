#pragma once
// A parsed JSON document whose string contents are wiped when it goes away, for bodies that hold
// secret values. (The parser's own scratch token buffer is outside our reach; the document is not.)
#include <nlohmann/json.hpp>

#include <string_view>

namespace hush::vault_client::aws::detail {

void wipe_json_strings(nlohmann::json& document) noexcept;

class ScrubbedJson {
 public:
  // A discarded document (is_discarded()) when `text` is not JSON.
  explicit ScrubbedJson(std::string_view text);
  ~ScrubbedJson() { wipe_json_strings(document_); }
  ScrubbedJson(const ScrubbedJson&) = delete;
  ScrubbedJson& operator=(const ScrubbedJson&) = delete;

  [[nodiscard]] const nlohmann::json& get() const noexcept { return document_; }
  [[nodiscard]] bool valid() const noexcept { return !document_.is_discarded(); }

 private:
  nlohmann::json document_;
};

}  // namespace hush::vault_client::aws::detail
