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
  Line line;
  line.plain.reserve(name.size() + 2 + value.size());
  line.plain.append(name).append(": ").append(value);
  line.name_length = name.size();
  lines_.push_back(std::move(line));
}

void HttpHeaders::add_sensitive(std::string_view name, std::string_view value) {
  Line line;
  line.secret.reserve(name.size() + 3 + value.size());
  line.secret.append(name);
  line.secret.append(": ");
  line.secret.append(value);
  line.secret.append(std::string_view("\0", 1));
  line.name_length = name.size();
  line.sensitive = true;
  lines_.push_back(std::move(line));
}

std::vector<const char*> HttpHeaders::lines() const {
  std::vector<const char*> out;
  out.reserve(lines_.size());
  for (const auto& line : lines_) out.push_back(line.c_str());
  return out;
}

std::optional<std::string_view> HttpHeaders::find(std::string_view name) const {
  for (const auto& line : lines_) {
    const std::string_view text = line.sensitive ? line.secret.view().substr(0, line.secret.size() - 1) : std::string_view(line.plain);
    if (iequals(text.substr(0, line.name_length), name)) return text.substr(line.name_length + 2);
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
