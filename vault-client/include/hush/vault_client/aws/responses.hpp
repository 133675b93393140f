#pragma once
// Parsers for what AWS endpoints answer, callable without any HTTP so they can be unit tested and
// fuzzed. Every parser throws StoreError(bad_response) on input it cannot use, never anything else,
// and never quotes a value from the body in its message.
#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "hush/common/secret.hpp"
#include "hush/vault_client/aws/credentials.hpp"
#include "hush/vault_client/store_error.hpp"

namespace hush::vault_client::aws {

// An SSM parameter. `value` is secret; the rest is metadata safe to log.
struct Parameter {
  std::string name;
  std::string type;  // String, StringList, SecureString
  SecretBuffer value;
  long long version = 0;
  std::string arn;
};

struct ParametersPage {
  std::vector<Parameter> parameters;
  std::vector<std::string> invalid_parameters;  // GetParameters only
  std::string next_token;                       // GetParametersByPath only; empty at the end
};

struct SecretValue {
  std::string arn;
  std::string name;
  std::string version_id;
  std::vector<std::string> version_stages;
  SecretBuffer value;  // SecretString as is, or SecretBinary decoded
  bool binary = false;
};

// An AWS error answer: the bare error code ("ParameterNotFound") and the server's message.
struct AwsError {
  std::string code;
  std::string message;
};

[[nodiscard]] Parameter parse_get_parameter(std::string_view body);
[[nodiscard]] ParametersPage parse_get_parameters(std::string_view body);
[[nodiscard]] ParametersPage parse_get_parameters_by_path(std::string_view body);
[[nodiscard]] SecretValue parse_get_secret_value(std::string_view body);

// The error of a JSON-protocol answer: the code from X-Amzn-Errortype when given, otherwise from
// the body's __type/code; "prefix#" and ":suffix" parts removed. An XML <ErrorResponse> body (what
// a front end rejecting the signature may send) is read too.
[[nodiscard]] AwsError parse_json_error(std::optional<std::string_view> errortype_header, std::string_view body);

// STS query-protocol answers (XML).
[[nodiscard]] Credentials parse_sts_credentials(std::string_view xml, std::string source);
[[nodiscard]] AwsError parse_sts_error(std::string_view xml);

// Container endpoint and IMDS answers: {AccessKeyId, SecretAccessKey, Token, Expiration}.
[[nodiscard]] Credentials parse_credentials_json(std::string_view body, std::string source);

// ISO 8601 UTC timestamps as AWS writes them ("2025-01-02T03:04:05Z", optional fraction, or
// a numeric offset). nullopt when not parseable.
[[nodiscard]] std::optional<std::chrono::system_clock::time_point> parse_iso8601(std::string_view text);

// One key of a JSON secret. `key` is looked up as a top-level key first, then as a dotted path
// into nested objects. Strings come back as they are, other JSON values as their JSON text.
// Throws StoreError(not_found) naming the key (never the value) when absent, and
// StoreError(bad_response) when the secret is not a JSON object.
[[nodiscard]] SecretBuffer select_json_key(std::string_view secret_json, std::string_view key);

// Every top-level key of a JSON secret with its value (strings as they are, other values as JSON
// text), for a bulk import: one parse, and no value outside guarded memory. Throws
// StoreError(bad_response) when the secret is not a JSON object or is nested too deep.
[[nodiscard]] std::vector<std::pair<std::string, SecretBuffer>> json_secret_entries(std::string_view secret_json);

// The StoreError that an AWS error code (with its HTTP status) means. `subject` names what was
// asked for (a parameter or secret name) and goes into not-found messages.
[[nodiscard]] StoreFailure classify_aws_error(long status, std::string_view code) noexcept;
[[nodiscard]] std::string describe_aws_error(std::string_view service, std::string_view operation,
                                             std::string_view subject, long status, const AwsError& error);

}  // namespace hush::vault_client::aws
