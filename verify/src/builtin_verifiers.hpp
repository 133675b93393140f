#pragma once
// The verifiers hush builds in code (`builtin` in a rule's [rule.verify]): a signature or a token
// exchange that no request template can express. Each needs the rule's partner, the other half of
// the pair found beside the secret: the access key id of an AWS secret key, the client_email of a
// service account's private key.
#include <string_view>

#include "hush/scanner/rule.hpp"

namespace hush::verify::detail {

inline constexpr std::string_view aws_sts = "aws-sts";
inline constexpr std::string_view gcp_service_account = "gcp-service-account";

struct BuiltinVerifier {
  scanner::RuleVerifier judge;  // provider, URL, and the statuses and details an answer is judged by
  // The partner names the account (a service account's email): a live answer shows it.
  bool partner_is_account = false;
};

// nullptr for a name no code stands for (the rule reader accepts only those that do).
[[nodiscard]] const BuiltinVerifier* builtin_verifier(std::string_view name);

}  // namespace hush::verify::detail
