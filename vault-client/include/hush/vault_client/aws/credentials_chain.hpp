#pragma once
// The AWS credentials chain in the SDKs' order, with refresh of temporary credentials.
#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "hush/common/log.hpp"
#include "hush/vault_client/aws/credentials.hpp"
#include "hush/vault_client/aws/environment.hpp"
#include "hush/vault_client/deadline.hpp"
#include "hush/vault_client/retry.hpp"

namespace hush::vault_client {
class HttpClient;
}

namespace hush::vault_client::aws {

struct Profile;

using WallClock = std::function<std::chrono::system_clock::time_point()>;

class CredentialsProvider {
 public:
  virtual ~CredentialsProvider() = default;
  // Fetches credentials; throws StoreError (auth_failed when there are none to be had).
  [[nodiscard]] virtual Credentials load(Deadline deadline) = 0;
  // Where they come from, for logs and errors: "environment", "profile dev", "web identity", ...
  [[nodiscard]] virtual std::string describe() const = 0;
};

struct ChainSettings {
  std::string region;        // for the STS endpoint of web identity; empty: STS's global endpoint
  std::string sts_endpoint;  // empty: resolved from AWS_ENDPOINT_URL_STS, AWS_ENDPOINT_URL, the profile, the region
  std::string container_host = "http://169.254.170.2";  // base of AWS_CONTAINER_CREDENTIALS_RELATIVE_URI
  std::chrono::seconds refresh_margin{300};             // refresh this long before Expiration
  RetryPolicy retry;
  RetryClock* retry_clock = nullptr;  // nullptr: the real clock
  WallClock wall_clock;               // empty: system_clock::now
};

// The provider the SDKs would use, chosen from configuration alone (no network): environment keys
// (AWS_ACCESS_KEY_ID + AWS_SECRET_ACCESS_KEY [+ AWS_SESSION_TOKEN]); the profile's static keys, or
// its role_arn + web_identity_token_file; AWS_WEB_IDENTITY_TOKEN_FILE + AWS_ROLE_ARN (EKS IRSA);
// AWS_CONTAINER_CREDENTIALS_RELATIVE_URI / _FULL_URI (ECS, EKS pod identity); EC2 IMDSv2 unless
// AWS_EC2_METADATA_DISABLED=true. Throws hush::Error(config) for settings that cannot work: an
// explicitly named profile that does not exist, a profile needing credential_process or
// source_profile (not supported), a plain-http container URI to a host other than loopback or the
// agent address. `http` and `logger` must outlive the provider.
[[nodiscard]] std::unique_ptr<CredentialsProvider> select_provider(const Environment& env, const Profile& profile,
                                                                   const ChainSettings& settings, HttpClient& http,
                                                                   Logger& logger);

class CredentialsChain {
 public:
  CredentialsChain(std::unique_ptr<CredentialsProvider> provider, ChainSettings settings, Logger& logger);
  ~CredentialsChain();
  CredentialsChain(const CredentialsChain&) = delete;
  CredentialsChain& operator=(const CredentialsChain&) = delete;

  // Credentials not expiring within the refresh margin: loaded on first use and refreshed ahead of
  // Expiration. A failed refresh while the old ones are good for another minute keeps them (with a
  // warning); otherwise the failure propagates.
  [[nodiscard]] Credentials get(Deadline deadline);
  // Drops the cached credentials (the service called them expired); the next get reloads.
  void invalidate() noexcept;
  [[nodiscard]] std::string describe() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace hush::vault_client::aws
