#pragma once
// What every AWS call shares: the environment, the profile, the region, the credentials chain, one
// HTTP client (connection reuse, requests at once) and the retry policy. One session per thread.
#include <chrono>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "hush/common/log.hpp"
#include "hush/common/secret.hpp"
#include "hush/vault_client/aws/credentials.hpp"
#include "hush/vault_client/aws/credentials_chain.hpp"
#include "hush/vault_client/aws/environment.hpp"
#include "hush/vault_client/deadline.hpp"
#include "hush/vault_client/http.hpp"
#include "hush/vault_client/outcome.hpp"
#include "hush/vault_client/retry.hpp"

namespace hush::vault_client::aws {

struct AwsOptions {
  std::string region;        // empty: AWS_REGION, AWS_DEFAULT_REGION, the profile, EC2 metadata
  std::string profile;       // empty: AWS_PROFILE, AWS_DEFAULT_PROFILE, "default"
  std::string endpoint_url;  // one endpoint for every service; empty: AWS_ENDPOINT_URL_<SERVICE>, ...
  HttpOptions http;
  RetryPolicy retry;
  std::chrono::seconds refresh_margin{300};             // refresh temporary credentials this long before expiry
  RetryClock* retry_clock = nullptr;                    // tests: a clock that records backoff instead of sleeping
  WallClock wall_clock;                                 // tests: the time credentials expiry is judged against
  std::string container_host = "http://169.254.170.2";  // tests: base of the relative container URI
};

// One awsJson1.1 operation. Every field is metadata safe to log except `body`, which is never logged.
struct JsonCall {
  std::string_view signing_name;  // "ssm", "secretsmanager"
  std::string_view title;         // "SSM", "Secrets Manager" (messages)
  std::string_view target;        // X-Amz-Target, e.g. "AmazonSSM.GetParameter"
  std::string_view operation;     // "GetParameter" (messages)
  std::string_view subject;       // the parameter or secret asked for (messages)
  std::string_view body;          // JSON request
  bool read_only = false;         // changes nothing: may be resent on a new connection (HttpRequest::resend_safe)
};

class AwsSession {
 public:
  // Reads the profile and chooses the credentials provider (no network yet). Throws
  // hush::Error(config) for settings that cannot work (see select_provider).
  AwsSession(Environment env, AwsOptions options, Logger& logger);
  ~AwsSession();
  AwsSession(const AwsSession&) = delete;
  AwsSession& operator=(const AwsSession&) = delete;

  // The region, resolved once: options, AWS_REGION, AWS_DEFAULT_REGION, the profile, then EC2
  // instance metadata. Throws hush::Error(config) when there is none.
  [[nodiscard]] const std::string& region(Deadline deadline);
  // The base URL for "ssm", "secretsmanager" or "sts".
  [[nodiscard]] std::string endpoint(std::string_view service, Deadline deadline);
  [[nodiscard]] Credentials credentials(Deadline deadline);
  [[nodiscard]] std::string credentials_source() const;

  // Signs and sends one call, retrying throttling and 5xx (honouring Retry-After) within the
  // deadline; an expired-token answer refreshes temporary credentials once. Failures are
  // StoreErrors whose message names the service, the operation and the subject. Returns the body.
  [[nodiscard]] SecretBuffer call_json(const JsonCall& call, Deadline deadline);
  // Several calls at once (HttpClient::perform_all), each outcome what call_json would have
  // returned or thrown for it, after the same retries.
  [[nodiscard]] std::vector<Outcome<SecretBuffer>> call_json_many(std::span<const JsonCall> calls, Deadline deadline);

  [[nodiscard]] Logger& logger() noexcept;

 private:
  struct Impl;
  struct Target;
  [[nodiscard]] Target target_of(const JsonCall& call, Deadline deadline);
  [[nodiscard]] HttpRequest signed_request(const JsonCall& call, const Target& target, const Credentials& credentials,
                                           int attempt);
  [[nodiscard]] SecretBuffer settle(const JsonCall& call, const Target& target, Deadline deadline,
                                    Outcome<HttpResponse>* first_attempt);
  std::unique_ptr<Impl> impl_;
};

}  // namespace hush::vault_client::aws
