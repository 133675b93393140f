// ECS task roles and EKS pod identity: a local agent serves credentials over HTTP, optionally
// behind an Authorization token that the agent rotates in a file.
#include "aws/parse_support.hpp"
#include "aws/providers.hpp"
#include "hush/vault_client/aws/config_files.hpp"
#include "hush/vault_client/aws/responses.hpp"

namespace hush::vault_client::aws::detail {
namespace {

class ContainerProvider final : public CredentialsProvider {
 public:
  ContainerProvider(ContainerSettings settings, ProviderDeps deps)
      : settings_(std::move(settings)), deps_(std::move(deps)) {}

  Credentials load(Deadline deadline) override {
    SecretBuffer token;
    if (!settings_.token_file.empty()) {
      SecretBuffer file;
      if (!read_secret_file(settings_.token_file, file)) {
        throw StoreError(
            StoreFailure::auth_failed,
            "container credentials: cannot read AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE " + settings_.token_file);
      }
      token = SecretBuffer(trim(file.view(), value_blanks));
    } else {
      token = settings_.token.clone();
    }
    if (token.view().find_first_of("\r\n") != std::string_view::npos) {
      throw StoreError(StoreFailure::auth_failed,
                       "container credentials: the authorization token contains a line break");
    }

    Retrier retrier = deps_.retrier(deps_.retry);
    const HttpResponse response = fetch(
        retrier, *deps_.http, "container credentials",
        [&] {
          HttpRequest request;
          request.method = "GET";
          request.url = settings_.url;
          request.headers.add("Accept", "application/json");
          if (!token.empty()) request.headers.add_sensitive("Authorization", token.view());
          return request;
        },
        [&](const HttpResponse& answer) {
          const auto failure = classify_status(answer.status).value_or(StoreFailure::bad_response);
          // The agent's 401/403 mean our token is wrong, not an IAM policy decision.
          const auto mapped = failure == StoreFailure::permission_denied ? StoreFailure::auth_failed : failure;
          return StoreError(mapped, "container credentials endpoint " + loggable_url(settings_.url) +
                                        " answered HTTP " + std::to_string(answer.status));
        },
        deadline);
    Credentials credentials = parse_credentials_json(response.body.view(), "container");
    deps_.logger->debug("loaded AWS credentials", {{"source", "container"}, {"endpoint", loggable_url(settings_.url)}});
    return credentials;
  }

  std::string describe() const override { return "container"; }

 private:
  ContainerSettings settings_;
  ProviderDeps deps_;
};

}  // namespace

std::unique_ptr<CredentialsProvider> make_container_provider(ContainerSettings settings, ProviderDeps deps) {
  return std::make_unique<ContainerProvider>(std::move(settings), std::move(deps));
}

}  // namespace hush::vault_client::aws::detail
