// EKS IRSA and friends: an OIDC token from a file is exchanged for role credentials with an
// unsigned STS AssumeRoleWithWebIdentity call. The token file is re-read on every load because the
// kubelet rotates it.
#include "aws/parse_support.hpp"
#include "aws/providers.hpp"
#include "aws/url_parts.hpp"
#include "hush/common/codec.hpp"
#include "hush/vault_client/aws/config_files.hpp"
#include "hush/vault_client/aws/responses.hpp"

namespace hush::vault_client::aws::detail {
namespace {

class WebIdentityProvider final : public CredentialsProvider {
 public:
  WebIdentityProvider(WebIdentitySettings settings, ProviderDeps deps)
      : settings_(std::move(settings)), deps_(std::move(deps)) {}

  Credentials load(Deadline deadline) override {
    SecretBuffer file;
    if (!read_secret_file(settings_.token_file, file)) {
      throw StoreError(StoreFailure::auth_failed,
                       settings_.source + ": cannot read the web identity token file " + settings_.token_file);
    }
    const std::string_view token = trim(file.view(), value_blanks);
    if (token.empty())
      throw StoreError(StoreFailure::auth_failed, settings_.source + ": the web identity token file is empty");

    SecretBuffer body("Action=AssumeRoleWithWebIdentity&Version=2011-06-15&RoleArn=");
    body.append(percent_encode(settings_.role_arn));
    body.append("&RoleSessionName=");
    body.append(percent_encode(settings_.session_name));
    body.append("&WebIdentityToken=");
    std::string encoded = percent_encode(token);
    body.append(encoded);
    secure_wipe(encoded.data(), encoded.size());

    Retrier retrier = deps_.retrier(deps_.retry);
    const HttpResponse response = fetch(
        retrier, *deps_.http, "STS AssumeRoleWithWebIdentity",
        [&] {
          HttpRequest request;
          request.method = "POST";
          request.url = settings_.sts_endpoint;
          request.headers.add("Content-Type", "application/x-www-form-urlencoded; charset=utf-8");
          request.headers.add("Accept", "text/xml");
          request.body = body.view();
          return request;
        },
        [&](const HttpResponse& answer) {
          const AwsError error = parse_sts_error(answer.body.view());
          return StoreError(
              classify_aws_error(answer.status, error.code),
              describe_aws_error("STS", "AssumeRoleWithWebIdentity", settings_.role_arn, answer.status, error));
        },
        deadline);
    Credentials credentials = parse_sts_credentials(response.body.view(), settings_.source);
    deps_.logger->debug("loaded AWS credentials", {{"source", settings_.source}, {"role_arn", settings_.role_arn}});
    return credentials;
  }

  std::string describe() const override { return settings_.source; }

 private:
  WebIdentitySettings settings_;
  ProviderDeps deps_;
};

}  // namespace

std::unique_ptr<CredentialsProvider> make_web_identity_provider(WebIdentitySettings settings, ProviderDeps deps) {
  (void)split_url(settings.sts_endpoint);  // a malformed endpoint is a configuration error now, not at first use
  return std::make_unique<WebIdentityProvider>(std::move(settings), std::move(deps));
}

}  // namespace hush::vault_client::aws::detail
