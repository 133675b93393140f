#pragma once
// The individual credentials providers behind select_provider.
#include <functional>
#include <memory>
#include <string>

#include "hush/vault_client/aws/credentials_chain.hpp"
#include "hush/vault_client/http.hpp"
#include "hush/vault_client/retry.hpp"

namespace hush::vault_client::aws::detail {

struct ProviderDeps {
  HttpClient* http = nullptr;
  Logger* logger = nullptr;
  RetryPolicy retry;
  RetryClock* retry_clock = nullptr;
  WallClock wall_clock;
  [[nodiscard]] Retrier retrier(RetryPolicy policy) const;
  [[nodiscard]] std::chrono::system_clock::time_point now() const;
};

struct WebIdentitySettings {
  std::string role_arn;
  std::string token_file;
  std::string session_name;
  std::string sts_endpoint;
  std::string source;  // "web identity" or "profile NAME (web identity)"
};

struct ContainerSettings {
  std::string url;
  SecretBuffer token;      // AWS_CONTAINER_AUTHORIZATION_TOKEN
  std::string token_file;  // AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE (wins; re-read on every load)
};

struct ImdsSettings {
  std::string endpoint;               // without trailing slash
  bool overridden = false;            // set by AWS_EC2_METADATA_SERVICE_ENDPOINT: no short probe timeouts
  std::string not_found_explanation;  // what else was looked at, for the "no credentials" error
};

[[nodiscard]] std::unique_ptr<CredentialsProvider> make_static_provider(Credentials credentials);
[[nodiscard]] std::unique_ptr<CredentialsProvider> make_missing_provider(std::string explanation);
[[nodiscard]] std::unique_ptr<CredentialsProvider> make_web_identity_provider(WebIdentitySettings settings,
                                                                              ProviderDeps deps);
[[nodiscard]] std::unique_ptr<CredentialsProvider> make_container_provider(ContainerSettings settings,
                                                                           ProviderDeps deps);
[[nodiscard]] std::unique_ptr<CredentialsProvider> make_imds_provider(ImdsSettings settings, ProviderDeps deps);

// The IMDS base URL from the environment (AWS_EC2_METADATA_SERVICE_ENDPOINT, _MODE=IPv6).
[[nodiscard]] ImdsSettings imds_settings(const Environment& env);

// The instance's region from IMDS; empty when IMDS is disabled or does not answer in time.
[[nodiscard]] std::string imds_region(const Environment& env, HttpClient& http, Logger& logger, Deadline deadline);

// One credential-endpoint request inside the retrier: a 2xx answer is returned; any other status
// becomes a StoreError through `on_status` (transient ones are retried).
using StatusError = std::function<StoreError(const HttpResponse&)>;
[[nodiscard]] HttpResponse fetch(Retrier& retrier, HttpClient& http, std::string_view what,
                                 const std::function<HttpRequest()>& build, const StatusError& on_status,
                                 Deadline deadline);

}  // namespace hush::vault_client::aws::detail
