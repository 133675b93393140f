#include "verdict.hpp"

#include <algorithm>
#include <charconv>
#include <exception>
#include <optional>

#include "hush/common/enum_names.hpp"
#include "hush/common/secure_json.hpp"
#include "hush/common/text.hpp"
#include "hush/vault_client/store_error.hpp"

namespace hush::verify::detail {
namespace {

// A detail longer than this is cut: it is a label for a person, not data.
constexpr std::size_t max_detail_chars = 200;

// RFC 6901 over the parsed answer; nullptr when the pointer leads nowhere.
const SecureJson* at_pointer(const SecureJson& document, std::string_view pointer) {
  const SecureJson* node = &document;
  while (!pointer.empty()) {
    pointer.remove_prefix(1);  // the '/'
    const std::size_t end = pointer.find('/');
    std::string token(pointer.substr(0, end));
    pointer = end == std::string_view::npos ? std::string_view() : pointer.substr(end);
    for (std::size_t at = 0; (at = token.find('~', at)) != std::string::npos; ++at)
      token.replace(at, 2, at + 1 < token.size() && token[at + 1] == '0' ? "~" : "/");
    if (node->is_object()) {
      const auto it = node->find(SecureString(token.begin(), token.end()));
      if (it == node->end()) return nullptr;
      node = &*it;
    } else if (node->is_array()) {
      std::size_t index = 0;
      const auto [end_of_number, error] = std::from_chars(token.data(), token.data() + token.size(), index);
      if (error != std::errc() || end_of_number != token.data() + token.size() || index >= node->size()) return nullptr;
      node = &(*node)[index];
    } else {
      return nullptr;
    }
  }
  return node;
}

// A scalar as text; an array of scalars joined by commas; anything else is not shown.
std::optional<std::string> shown(const SecureJson& value) {
  if (value.is_string()) {
    const auto& s = value.get_ref<const SecureString&>();
    return std::string(s.begin(), s.end());
  }
  if (value.is_boolean()) return value.get<bool>() ? "true" : "false";
  if (value.is_number_integer()) return std::to_string(value.get<std::int64_t>());
  if (value.is_number_unsigned()) return std::to_string(value.get<std::uint64_t>());
  if (value.is_array()) {
    std::string joined;
    for (const auto& item : value) {
      if (item.is_array() || item.is_object()) return std::nullopt;
      const auto text = shown(item);
      if (!text) return std::nullopt;
      joined += (joined.empty() ? "" : ",") + *text;
    }
    return joined;
  }
  return std::nullopt;
}

void add_detail(Verdict& verdict, const std::string& name, std::string value, std::string_view secret) {
  value = std::string(trim(value));
  // An answer that echoes the secret (or most of a short one) is not shown at all.
  if (value.empty() || (!secret.empty() && value.find(secret) != std::string::npos)) return;
  verdict.detail.push_back({name, printable(value, max_detail_chars)});
}

// The text of the first <name>…</name> of an XML answer (AWS query APIs), unescaped no further:
// a label to show, not data to parse.
std::optional<std::string_view> xml_element(std::string_view xml, std::string_view name) {
  const std::string open = "<" + std::string(name) + ">", close = "</" + std::string(name) + ">";
  const std::size_t start = xml.find(open);
  if (start == std::string_view::npos) return std::nullopt;
  const std::size_t end = xml.find(close, start + open.size());
  if (end == std::string_view::npos) return std::nullopt;
  return xml.substr(start + open.size(), end - start - open.size());
}

Verdict error_of(std::string reason) {
  Verdict verdict{State::error, {}};
  verdict.detail.push_back({"reason", std::move(reason)});
  return verdict;
}

std::string transport_reason(vault_client::StoreFailure failure) {
  using vault_client::StoreFailure;
  constexpr EnumName<StoreFailure> reasons[] = {
      {StoreFailure::unreachable, "unreachable"},
      {StoreFailure::timeout, "timeout"},
      {StoreFailure::auth_failed, "TLS certificate or proxy authentication refused"},
      {StoreFailure::bad_response, "bad answer"}};
  return name_of(reasons, failure, vault_client::failure_name(failure));
}

bool contains(const std::vector<int>& statuses, long status) {
  return std::find(statuses.begin(), statuses.end(), static_cast<int>(status)) != statuses.end();
}

}  // namespace

Verdict judge(const scanner::RuleVerifier& verifier, vault_client::Outcome<vault_client::HttpResponse> outcome,
              std::string_view secret) {
  if (!outcome.ok()) {
    try {
      std::rethrow_exception(outcome.error());
    } catch (const vault_client::StoreError& e) {
      // The failure's kind only: libcurl's own words may name more than a report should.
      return error_of(transport_reason(e.failure()));
    } catch (const std::exception&) {
      return error_of("request failed");
    }
  }
  const vault_client::HttpResponse response = outcome.take();
  const long status = response.status;
  if (contains(verifier.invalid, status)) return Verdict{State::invalid, {}};
  if (!contains(verifier.live, status)) {
    if (status == 429) {
      const auto wait = vault_client::retry_after_of(response);
      return error_of(wait ? "throttled (retry after " + std::to_string(wait->count() / 1000) + " s)" : "throttled");
    }
    return error_of("unexpected status " + std::to_string(status));
  }
  SecureJson document;
  const bool has_json = read_json(response.body.view(), document) == JsonStatus::ok;
  if (!verifier.live_if.empty()) {
    // Slack answers 200 with "ok": false for a revoked token, GraphQL APIs a null viewer.
    if (!has_json) return error_of("answer is not JSON");
    const SecureJson* flag = at_pointer(document, verifier.live_if);
    if (!flag || flag->is_null() || (flag->is_boolean() && !flag->get<bool>())) return Verdict{State::invalid, {}};
  }
  Verdict verdict{State::live, {}};
  for (const auto& wanted : verifier.details) {
    if (wanted.text.starts_with("xml:")) {
      if (const auto value = xml_element(response.body.view(), wanted.text.substr(4)))
        add_detail(verdict, wanted.name, std::string(*value), secret);
    } else if (wanted.text.starts_with("header:")) {
      if (const auto value = response.header(ascii_lower(wanted.text.substr(7))))
        add_detail(verdict, wanted.name, std::string(*value), secret);
    } else if (has_json) {
      if (const SecureJson* node = at_pointer(document, wanted.text))
        if (const auto text = shown(*node)) add_detail(verdict, wanted.name, *text, secret);
    }
  }
  return verdict;
}

}  // namespace hush::verify::detail
