#include "hush/common/text.hpp"
#include "hush/vault_client/http.hpp"

namespace hush::vault_client {
void HttpHeaders::add(std::string_view name, std::string_view value) {
  Field field;
  field.name = std::string(name);
  field.plain = std::string(value);
  fields_.push_back(std::move(field));
}

void HttpHeaders::add_sensitive(std::string_view name, std::string_view value) {
  Field field;
  field.name = std::string(name);
  field.secret = SecretBuffer(value);
  field.kind = Field::Kind::secret;
  fields_.push_back(std::move(field));
}

void HttpHeaders::add_sensitive_borrowed(std::string_view name, std::string_view value) {
  Field field;
  field.name = std::string(name);
  field.borrowed = value;
  field.kind = Field::Kind::borrowed;
  fields_.push_back(std::move(field));
}

std::vector<std::pair<std::string_view, std::string_view>> HttpHeaders::fields() const {
  std::vector<std::pair<std::string_view, std::string_view>> out;
  out.reserve(fields_.size());
  for (const auto& field : fields_) out.emplace_back(field.name, field.value());
  return out;
}

std::optional<std::string_view> HttpHeaders::find(std::string_view name) const {
  for (const auto& field : fields_) {
    if (ascii_iequals(field.name, name)) return field.value();
  }
  return std::nullopt;
}

std::optional<std::string_view> HttpResponse::header(std::string_view lower_name) const {
  for (const auto& [name, value] : headers) {
    if (name == lower_name) return std::string_view(value);
  }
  return std::nullopt;
}

}  // namespace hush::vault_client
