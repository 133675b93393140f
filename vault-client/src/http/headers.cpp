#include <cctype>

#include "hush/vault_client/http.hpp"

namespace hush::vault_client {
namespace {

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
  }
  return true;
}

}  // namespace

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
    if (iequals(field.name, name)) return field.value();
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
