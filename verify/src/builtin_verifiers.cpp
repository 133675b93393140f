#include "builtin_verifiers.hpp"

namespace hush::verify::detail {
namespace {

BuiltinVerifier sts() {
  BuiltinVerifier b;
  scanner::RuleVerifier& v = b.judge;
  v.method = "POST";
  v.provider = "aws";
  v.url = "https://sts.amazonaws.com/";
  v.live = {200};
  // InvalidClientTokenId (no such key id) and SignatureDoesNotMatch (wrong secret).
  v.invalid = {403};
  v.details = {{"account", "xml:Account"}, {"arn", "xml:Arn"}};
  return b;
}

BuiltinVerifier service_account() {
  BuiltinVerifier b;
  scanner::RuleVerifier& v = b.judge;
  v.method = "POST";
  v.provider = "gcp";
  v.url = "https://oauth2.googleapis.com/token";
  v.live = {200};
  // invalid_grant (a deleted key, a disabled or deleted account, a signature that does not check)
  // and invalid_client.
  v.invalid = {400, 401};
  b.partner_is_account = true;
  return b;
}

}  // namespace

const BuiltinVerifier* builtin_verifier(std::string_view name) {
  static const BuiltinVerifier aws = sts(), gcp = service_account();
  if (name == aws_sts) return &aws;
  if (name == gcp_service_account) return &gcp;
  return nullptr;
}

}  // namespace hush::verify::detail
