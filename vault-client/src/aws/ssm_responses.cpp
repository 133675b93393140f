#include "aws/parse_support.hpp"
#include "hush/vault_client/aws/responses.hpp"

namespace hush::vault_client::aws {
namespace {

using detail::malformed;

Parameter parameter_from(const SecureJson& item) {
  if (!item.is_object()) malformed("SSM parameter is not an object");
  Parameter out;
  out.name = detail::string_member(item, "Name");
  if (out.name.empty()) malformed("SSM parameter without Name");
  if (!detail::secret_member(item, "Value", out.value)) malformed("SSM parameter without Value");
  out.type = detail::string_member(item, "Type");
  out.arn = detail::string_member(item, "ARN");
  const auto version = item.find("Version");
  if (version != item.end() && version->is_number_integer()) out.version = version->get<long long>();
  return out;
}

std::vector<Parameter> parameters_of(const SecureJson& document) {
  std::vector<Parameter> out;
  const auto list = document.find("Parameters");
  if (list == document.end() || list->is_null()) return out;
  if (!list->is_array()) malformed("SSM Parameters is not a list");
  out.reserve(list->size());
  for (const auto& item : *list) out.push_back(parameter_from(item));
  return out;
}

SecureJson object_body(std::string_view body, const char* operation) {
  return detail::parse_object(body, std::string("SSM ") + operation + " answer");
}

}  // namespace

Parameter parse_get_parameter(std::string_view body) {
  const SecureJson document = object_body(body, "GetParameter");
  const auto item = document.find("Parameter");
  if (item == document.end()) malformed("SSM GetParameter answer without Parameter");
  return parameter_from(*item);
}

ParametersPage parse_get_parameters(std::string_view body) {
  const SecureJson document = object_body(body, "GetParameters");
  ParametersPage page;
  page.parameters = parameters_of(document);
  const auto invalid = document.find("InvalidParameters");
  if (invalid != document.end() && !invalid->is_null()) {
    if (!invalid->is_array()) malformed("SSM InvalidParameters is not a list");
    for (const auto& name : *invalid) {
      if (!name.is_string()) malformed("SSM InvalidParameters holds a non-string");
      page.invalid_parameters.emplace_back(detail::text_of(name));
    }
  }
  return page;
}

ParametersPage parse_get_parameters_by_path(std::string_view body) {
  const SecureJson document = object_body(body, "GetParametersByPath");
  ParametersPage page;
  page.parameters = parameters_of(document);
  const auto token = document.find("NextToken");
  if (token != document.end() && !token->is_null()) {
    if (!token->is_string()) malformed("SSM NextToken is not a string");
    page.next_token = std::string(detail::text_of(*token));
  }
  return page;
}

}  // namespace hush::vault_client::aws
