#include "builtin_verifiers.hpp"

#include <utility>

namespace hush::verify::detail {
namespace {

// A POST whose 200 means live; `invalid` lists the statuses that mean the credential is refused.
BuiltinVerifier post(std::string provider, std::string url, std::vector<int> invalid,
                     std::vector<scanner::NamedText> details, bool partner_is_account) {
  BuiltinVerifier b;
  b.judge.method = "POST";
  b.judge.provider = std::move(provider);
  b.judge.url = std::move(url);
  b.judge.live = {200};
  b.judge.invalid = std::move(invalid);
  b.judge.details = std::move(details);
  b.partner_is_account = partner_is_account;
  return b;
}

}  // namespace

const BuiltinVerifier* builtin_verifier(std::string_view name) {
  // STS: 403 for InvalidClientTokenId (no such key id) and SignatureDoesNotMatch (wrong secret).
  static const BuiltinVerifier aws =
      post("aws", "https://sts.amazonaws.com/", {403}, {{"account", "xml:Account"}, {"arn", "xml:Arn"}}, false);
  // Google's token endpoint: invalid_grant (a deleted key, a disabled or deleted account, a
  // signature that does not check) and invalid_client.
  static const BuiltinVerifier gcp = post("gcp", "https://oauth2.googleapis.com/token", {400, 401}, {}, true);
  if (name == aws_sts) return &aws;
  if (name == gcp_service_account) return &gcp;
  return nullptr;
}

}  // namespace hush::verify::detail
