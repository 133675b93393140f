#include <algorithm>
#include <array>
#include <span>

#include "aws/parse_support.hpp"
#include "hush/vault_client/aws/responses.hpp"
#include "hush/vault_client/http.hpp"

namespace hush::vault_client::aws {
namespace {

// "com.amazonaws.ssm#ParameterNotFound" and "ParameterNotFound:http://..." both mean ParameterNotFound.
std::string bare_code(std::string_view code) {
  const auto colon = code.find(':');
  if (colon != std::string_view::npos) code = code.substr(0, colon);
  const auto hash = code.rfind('#');
  if (hash != std::string_view::npos) code = code.substr(hash + 1);
  while (!code.empty() && (code.front() == ' ' || code.front() == '\t')) code.remove_prefix(1);
  while (!code.empty() && (code.back() == ' ' || code.back() == '\t')) code.remove_suffix(1);
  return std::string(code);
}

constexpr std::array<std::string_view, 6> not_found_codes{
    "ParameterNotFound", "ParameterVersionNotFound", "ResourceNotFoundException", "ParameterNotFoundException",
    "NoSuchEntity",      "NotFoundException"};
constexpr std::array<std::string_view, 5> denied_codes{"AccessDeniedException", "AccessDenied", "AuthorizationError",
                                                       "UnauthorizedOperation", "IDPRejectedClaim"};
constexpr std::array<std::string_view, 13> auth_codes{"UnrecognizedClientException",
                                                      "InvalidSignatureException",
                                                      "SignatureDoesNotMatch",
                                                      "ExpiredTokenException",
                                                      "ExpiredToken",
                                                      "InvalidClientTokenId",
                                                      "IncompleteSignature",
                                                      "MissingAuthenticationToken",
                                                      "MissingAuthenticationTokenException",
                                                      "RequestExpired",
                                                      "InvalidAccessKeyId",
                                                      "InvalidIdentityToken",
                                                      "InvalidToken"};
constexpr std::array<std::string_view, 11> throttle_codes{"ThrottlingException",
                                                          "Throttling",
                                                          "TooManyRequestsException",
                                                          "RequestLimitExceeded",
                                                          "ThrottledException",
                                                          "RequestThrottled",
                                                          "RequestThrottledException",
                                                          "ProvisionedThroughputExceededException",
                                                          "SlowDown",
                                                          "PriorRequestNotComplete",
                                                          "EC2ThrottledException"};
constexpr std::array<std::string_view, 10> unavailable_codes{
    "InternalServerError",     "InternalFailure",      "InternalServiceError",        "InternalErrorException",
    "InternalError",           "ServiceUnavailable",   "ServiceUnavailableException", "RequestTimeout",
    "RequestTimeoutException", "IDPCommunicationError"};
constexpr std::array<std::string_view, 9> invalid_codes{
    "ValidationException", "InvalidParameterException", "InvalidRequestException", "InvalidNextToken",
    "InvalidFilterKey",    "InvalidParameterValue",     "MissingParameter",        "InvalidParameterCombination",
    "InvalidKeyId"};

constexpr std::array<std::string_view, 1> decrypt_codes{"DecryptionFailure"};

// Each failure an AWS error code names: the codes, and what the failure means in AWS's terms.
struct AwsFailure {
  StoreFailure failure;
  std::span<const std::string_view> codes;
  const char* description;
};

constexpr AwsFailure aws_failures[] = {
    {StoreFailure::not_found, not_found_codes, "not found"},
    {StoreFailure::permission_denied, denied_codes, "access denied by IAM policy (or a KMS key policy)"},
    {StoreFailure::auth_failed, auth_codes, "AWS rejected the credentials (check the key, session token and clock)"},
    {StoreFailure::throttled, throttle_codes, "throttled by AWS"},
    {StoreFailure::unavailable, unavailable_codes, "AWS service unavailable"},
    {StoreFailure::invalid_request, invalid_codes, "request rejected as invalid"},
    {StoreFailure::decrypt_failed, decrypt_codes, "the secret could not be decrypted with its KMS key"}};

const char* describe(StoreFailure failure) noexcept {
  for (const auto& known : aws_failures)
    if (known.failure == failure) return known.description;
  return "unexpected answer";
}

}  // namespace

AwsError parse_json_error(std::optional<std::string_view> errortype_header, std::string_view body) {
  AwsError out;
  if (errortype_header && !errortype_header->empty()) out.code = bare_code(*errortype_header);
  SecureJson document;
  if (read_json(body, document) == JsonStatus::ok && document.is_object()) {
    if (out.code.empty()) {
      std::string type = detail::string_member(document, "__type");
      if (type.empty()) type = detail::string_member(document, "code");
      if (type.empty()) type = detail::string_member(document, "Code");
      out.code = bare_code(type);
    }
    out.message = detail::string_member(document, "message");
    if (out.message.empty()) out.message = detail::string_member(document, "Message");
  } else if (out.code.empty() && body.find("<Code>") != std::string_view::npos) {
    // Authentication failures caught in front of a JSON service can arrive in the XML shape.
    return parse_sts_error(body);
  }
  out.message = printable(out.message);
  out.code = printable(out.code, 100);
  return out;
}

StoreFailure classify_aws_error(long status, std::string_view code) noexcept {
  for (const auto& known : aws_failures)
    if (std::find(known.codes.begin(), known.codes.end(), code) != known.codes.end()) return known.failure;
  if (const auto generic = classify_status(status)) return *generic;
  return StoreFailure::bad_response;
}

std::string describe_aws_error(std::string_view service, std::string_view operation, std::string_view subject,
                               long status, const AwsError& error) {
  std::string out(service);
  out += ' ';
  out += operation;
  if (!subject.empty()) {
    out += " '";
    out += subject;
    out += '\'';
  }
  out += ": ";
  out += describe(classify_aws_error(status, error.code));
  out += " (";
  out += error.code.empty() ? std::string("HTTP ") + std::to_string(status) : error.code;
  if (!error.message.empty()) {
    out += ": ";
    out += error.message;
  }
  out += ')';
  return out;
}

}  // namespace hush::vault_client::aws
