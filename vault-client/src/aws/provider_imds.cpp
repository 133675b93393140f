// EC2 instance metadata, version 2 only: a session token from PUT /latest/api/token guards every
// read, which defeats the SSRF tricks that IMDSv1 allowed.
#include <cctype>

#include "aws/parse_support.hpp"
#include "aws/providers.hpp"
#include "hush/vault_client/aws/endpoints.hpp"
#include "hush/vault_client/aws/responses.hpp"

namespace hush::vault_client::aws::detail {
namespace {

using std::chrono::milliseconds;

// Off EC2 nothing answers at the link-local address; the SDKs give up after about a second, and so
// does hush unless the endpoint was configured on purpose.
constexpr milliseconds probe_budget{2000};

StatusError imds_status_error(std::string what) {
  return [what = std::move(what)](const HttpResponse& answer) {
    StoreFailure failure = classify_status(answer.status).value_or(StoreFailure::bad_response);
    if (failure == StoreFailure::permission_denied) failure = StoreFailure::auth_failed;
    return StoreError(failure, "EC2 instance metadata " + what + ": HTTP " + std::to_string(answer.status));
  };
}

class ImdsSession {
 public:
  ImdsSession(const ImdsSettings& settings, HttpClient& http, Retrier& retrier, Deadline deadline)
      : settings_(settings), http_(http), retrier_(retrier), deadline_(deadline) {
    HttpResponse answer = fetch(
        retrier_, http_, "EC2 instance metadata token",
        [&] {
          HttpRequest request;
          request.method = "PUT";
          request.url = settings_.endpoint + "/latest/api/token";
          request.headers.add("X-aws-ec2-metadata-token-ttl-seconds", "21600");
          return request;
        },
        imds_status_error("token"), deadline_);
    token_ = SecretBuffer(trim(answer.body.view(), value_blanks));
    if (token_.empty()) throw StoreError(StoreFailure::bad_response, "EC2 instance metadata returned an empty token");
  }

  HttpResponse get(const std::string& path, const std::string& what) {
    return fetch(
        retrier_, http_, "EC2 instance metadata " + what,
        [&] {
          HttpRequest request;
          request.method = "GET";
          request.url = settings_.endpoint + path;
          request.headers.add_sensitive("X-aws-ec2-metadata-token", token_.view());
          return request;
        },
        imds_status_error(what), deadline_);
  }

 private:
  const ImdsSettings& settings_;
  HttpClient& http_;
  Retrier& retrier_;
  Deadline deadline_;
  SecretBuffer token_;
};

RetryPolicy probe_policy(const ImdsSettings& settings, const RetryPolicy& configured) {
  if (settings.overridden) return configured;
  RetryPolicy policy;
  policy.base_delay = milliseconds(100);
  policy.max_delay = milliseconds(500);
  policy.max_attempts = 2;
  return policy;
}

class ImdsProvider final : public CredentialsProvider {
 public:
  ImdsProvider(ImdsSettings settings, ProviderDeps deps) : settings_(std::move(settings)), deps_(std::move(deps)) {}

  Credentials load(Deadline deadline) override {
    const Deadline bounded = settings_.overridden ? deadline : deadline.min(Deadline::in(probe_budget));
    Retrier retrier = deps_.retrier(probe_policy(settings_, deps_.retry));
    try {
      ImdsSession session(settings_, *deps_.http, retrier, bounded);
      const HttpResponse roles = session.get("/latest/meta-data/iam/security-credentials/", "role list");
      std::string_view role = trim(roles.body.view(), value_blanks);
      role = role.substr(0, role.find('\n'));
      role = trim(role, value_blanks);
      if (role.empty() || role.find('/') != std::string_view::npos) {
        throw StoreError(StoreFailure::auth_failed, "EC2 instance metadata lists no usable IAM role");
      }
      const std::string role_name(role);
      const HttpResponse answer = session.get("/latest/meta-data/iam/security-credentials/" + role_name, "credentials");
      Credentials credentials = parse_credentials_json(answer.body.view(), "imds");
      deps_.logger->debug("loaded AWS credentials", {{"source", "imds"}, {"role", role_name}});
      return credentials;
    } catch (const StoreError& error) {
      // Nothing here is worth retrying by the caller: either this is not EC2 or the instance
      // has no role, and both are configuration problems.
      if (error.failure() == StoreFailure::auth_failed || error.failure() == StoreFailure::bad_response) {
        throw StoreError(error.failure(), settings_.not_found_explanation + "; " + error.what());
      }
      throw StoreError(StoreFailure::auth_failed, settings_.not_found_explanation +
                                                      "; EC2 instance metadata did not answer (" + error.what() + ")");
    }
  }

  std::string describe() const override { return "imds"; }

 private:
  ImdsSettings settings_;
  ProviderDeps deps_;
};

}  // namespace

ImdsSettings imds_settings(const Environment& env) {
  ImdsSettings settings;
  settings.endpoint = env_value(env, "AWS_EC2_METADATA_SERVICE_ENDPOINT");
  settings.overridden = !settings.endpoint.empty();
  if (!settings.overridden) {
    std::string mode = env_value(env, "AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE");
    for (char& c : mode) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    settings.endpoint = mode == "ipv6" ? "http://[fd00:ec2::254]" : "http://169.254.169.254";
  }
  while (!settings.endpoint.empty() && settings.endpoint.back() == '/') settings.endpoint.pop_back();
  return settings;
}

std::unique_ptr<CredentialsProvider> make_imds_provider(ImdsSettings settings, ProviderDeps deps) {
  return std::make_unique<ImdsProvider>(std::move(settings), std::move(deps));
}

std::string imds_region(const Environment& env, HttpClient& http, Logger& logger, Deadline deadline) {
  if (env_flag(env, "AWS_EC2_METADATA_DISABLED")) return {};
  const ImdsSettings settings = imds_settings(env);
  const Deadline bounded = settings.overridden ? deadline : deadline.min(Deadline::in(probe_budget));
  Retrier retrier(probe_policy(settings, RetryPolicy{}), logger);
  try {
    ImdsSession session(settings, http, retrier, bounded);
    const HttpResponse answer = session.get("/latest/meta-data/placement/region", "region");
    const std::string region(trim(answer.body.view(), value_blanks));
    return valid_region(region) ? region : std::string();
  } catch (const StoreError& error) {
    logger.debug("no region from EC2 instance metadata", {{"reason", failure_name(error.failure())}});
    return {};
  }
}

}  // namespace hush::vault_client::aws::detail
