// Every AWS response parser on untrusted bytes. The first byte picks the parser; the rest is the
// body (for JSON key selection: key, NUL, document). A parser may only return or throw StoreError.
// The body is also read as a secret's JSON nested around the depth bound.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "hush/vault_client/aws/config_files.hpp"
#include "hush/vault_client/aws/responses.hpp"

namespace aws = hush::vault_client::aws;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::string_view body(reinterpret_cast<const char*>(data) + 1, size - 1);
  try {
    switch (data[0] % 11) {
      case 0:
        (void)aws::parse_get_parameter(body);
        break;
      case 1:
        (void)aws::parse_get_parameters(body);
        break;
      case 2:
        (void)aws::parse_get_parameters_by_path(body);
        break;
      case 3:
        (void)aws::parse_get_secret_value(body);
        break;
      case 4: {
        const auto error = aws::parse_json_error(std::nullopt, body);
        (void)aws::describe_aws_error("SSM", "GetParameter", "x", 400, error);
        break;
      }
      case 5:
        (void)aws::parse_sts_credentials(body, "fuzz");
        break;
      case 6:
        (void)aws::parse_sts_error(body);
        break;
      case 7:
        (void)aws::parse_credentials_json(body, "fuzz");
        break;
      case 8:
        (void)aws::parse_iso8601(body);
        break;
      case 9: {
        const auto nul = body.find('\0');
        if (nul != std::string_view::npos) (void)aws::select_json_key(body.substr(nul + 1), body.substr(0, nul));
        break;
      }
      default:
        (void)aws::profile_from_text(body, body, "default");
        break;
    }
  } catch (const hush::vault_client::StoreError&) {
    // Rejected input is the expected outcome for most of it.
  }
  // The body again as a secret's JSON, nested around the reader's depth bound (122 to 137 levels).
  const std::size_t depth = 122 + data[0] % 16;
  std::string deep;
  for (std::size_t i = 0; i < depth; ++i) deep += "{\"k\":";
  deep.append(body.empty() ? std::string_view("0") : body);
  deep.append(depth, '}');
  try {
    (void)aws::select_json_key(deep, "k.k");
  } catch (const hush::vault_client::StoreError&) {}
  return 0;
}
