#include "hush/vault_client/aws/session.hpp"

#include <optional>
#include <utility>

#include "aws/providers.hpp"
#include "aws/url_parts.hpp"
#include "hush/common/error.hpp"
#include "hush/vault_client/aws/config_files.hpp"
#include "hush/vault_client/aws/endpoints.hpp"
#include "hush/vault_client/aws/responses.hpp"
#include "hush/vault_client/aws/sigv4.hpp"

namespace hush::vault_client::aws {
namespace {

Retrier make_retrier(const AwsOptions& options, Logger& logger) {
  if (options.retry_clock != nullptr)
    return Retrier(options.retry, logger, *options.retry_clock, make_uniform_random());
  return Retrier(options.retry, logger);
}

bool expired_token(std::string_view code) {
  return code == "ExpiredTokenException" || code == "ExpiredToken" || code == "RequestExpired";
}

// AWS_CA_BUNDLE names the CA file for AWS endpoints, as in the AWS CLI and SDKs.
AwsOptions with_ca_bundle(const Environment& env, AwsOptions options) {
  if (options.http.tls.ca_file.empty()) options.http.tls.ca_file = env_value(env, "AWS_CA_BUNDLE");
  return options;
}

}  // namespace

struct AwsSession::Impl {
  Environment env;
  AwsOptions options;
  Logger* logger;
  Profile profile;
  HttpClient http;
  Retrier retrier;
  std::unique_ptr<CredentialsChain> chain;
  std::optional<std::string> region;

  Impl(Environment e, AwsOptions o, Logger& l)
      : env(std::move(e)),
        options(with_ca_bundle(env, std::move(o))),
        logger(&l),
        http(options.http, l),
        retrier(make_retrier(options, l)) {
    profile = load_profile(env, options.profile.empty() ? selected_profile_name(env) : options.profile);
    ChainSettings settings;
    settings.region = options.region.empty() ? region_from_settings(env, profile.region) : options.region;
    settings.container_host = options.container_host;
    settings.refresh_margin = options.refresh_margin;
    settings.retry = options.retry;
    settings.retry_clock = options.retry_clock;
    settings.wall_clock = options.wall_clock;
    if (!options.endpoint_url.empty()) settings.sts_endpoint = options.endpoint_url;
    Environment selection_env = env;
    if (!options.profile.empty()) selection_env["AWS_PROFILE"] = options.profile;
    auto provider = select_provider(selection_env, profile, settings, http, *logger);
    chain = std::make_unique<CredentialsChain>(std::move(provider), settings, *logger);
  }
};

AwsSession::AwsSession(Environment env, AwsOptions options, Logger& logger)
    : impl_(std::make_unique<Impl>(std::move(env), std::move(options), logger)) {}

AwsSession::~AwsSession() = default;

Logger& AwsSession::logger() noexcept { return *impl_->logger; }

const std::string& AwsSession::region(Deadline deadline) {
  Impl& impl = *impl_;
  if (impl.region) return *impl.region;
  std::string region =
      impl.options.region.empty() ? region_from_settings(impl.env, impl.profile.region) : impl.options.region;
  if (region.empty()) region = detail::imds_region(impl.env, impl.http, *impl.logger, deadline);
  if (region.empty()) {
    throw Error(ErrorKind::config,
                "no AWS region: set AWS_REGION (or AWS_DEFAULT_REGION), or region in the AWS profile '" +
                    impl.profile.name + "'");
  }
  if (!valid_region(region)) throw Error(ErrorKind::config, "invalid AWS region '" + region + "'");
  impl.region = std::move(region);
  return *impl.region;
}

std::string AwsSession::endpoint(std::string_view service, Deadline deadline) {
  Impl& impl = *impl_;
  if (!impl.options.endpoint_url.empty()) return impl.options.endpoint_url;
  std::string url = configured_endpoint(impl.env, service, impl.profile.endpoint_url);
  return url.empty() ? public_endpoint(service, region(deadline)) : url;
}

Credentials AwsSession::credentials(Deadline deadline) { return impl_->chain->get(deadline); }

std::string AwsSession::credentials_source() const { return impl_->chain->describe(); }

// One call's fixed parts: where it goes and how it is signed.
struct AwsSession::Target {
  std::string url;
  std::string signing_region;
  detail::UrlParts parts;
};

AwsSession::Target AwsSession::target_of(const JsonCall& call, Deadline deadline) {
  Impl& impl = *impl_;
  Target target;
  target.url = endpoint(call.signing_name, deadline);
  target.signing_region = region(deadline);
  target.parts = detail::split_url(target.url);
  impl.logger->debug("aws call", {{"service", std::string(call.title)},
                                  {"operation", std::string(call.operation)},
                                  {"subject", std::string(call.subject)},
                                  {"endpoint", loggable_url(target.url)},
                                  {"credentials", impl.chain->describe()}});
  return target;
}

HttpRequest AwsSession::signed_request(const JsonCall& call, const Target& target, const Credentials& credentials,
                                       int attempt) {
  Impl& impl = *impl_;
  SignableRequest signable;
  signable.method = "POST";
  signable.path = target.parts.path;
  signable.headers = {{"host", target.parts.host_header()},
                      {"content-type", "application/x-amz-json-1.1"},
                      {"x-amz-target", std::string(call.target)}};
  signable.payload = call.body;
  const std::string authorization =
      sign_request(signable, credentials, target.signing_region, call.signing_name,
                   impl.options.wall_clock ? impl.options.wall_clock() : std::chrono::system_clock::now());
  HttpRequest request;
  request.method = "POST";
  request.url = target.url;
  request.attempt = attempt;
  // Reads only: libcurl may resend them on a new connection when a kept one turns out closed.
  request.resend_safe = call.read_only;
  for (const auto& [name, value] : signable.headers) request.headers.add(name, value);
  if (credentials.temporary()) request.headers.add_sensitive("x-amz-security-token", credentials.session_token.view());
  request.headers.add_sensitive("authorization", authorization);
  request.body = call.body;
  return request;
}

SecretBuffer AwsSession::settle(const JsonCall& call, const Target& target, Deadline deadline,
                                Outcome<HttpResponse>* first_attempt) {
  Impl& impl = *impl_;
  bool refreshed = false;
  const std::string what = std::string(call.title) + " " + std::string(call.operation);
  return impl.retrier.run(what, deadline, [&](int attempt) {
    const Credentials credentials = impl.chain->get(deadline);
    HttpResponse response = first_attempt != nullptr
                                ? std::exchange(first_attempt, nullptr)->take()
                                : impl.http.perform(signed_request(call, target, credentials, attempt), deadline);
    if (response.status >= 200 && response.status < 300) return std::move(response.body);

    const AwsError error = parse_json_error(response.header("x-amzn-errortype"), response.body.view());
    const std::string message = describe_aws_error(call.title, call.operation, call.subject, response.status, error);
    if (expired_token(error.code) && credentials.temporary() && !refreshed) {
      refreshed = true;
      impl.chain->invalidate();
      throw RetryAfterError(StoreFailure::unavailable, message, std::chrono::milliseconds(0));
    }
    const StoreFailure failure = classify_aws_error(response.status, error.code);
    if (is_transient(failure)) throw RetryAfterError(failure, message, retry_after_of(response));
    throw StoreError(failure, message);
  });
}

SecretBuffer AwsSession::call_json(const JsonCall& call, Deadline deadline) {
  return settle(call, target_of(call, deadline), deadline, nullptr);
}

std::vector<Outcome<SecretBuffer>> AwsSession::call_json_many(std::span<const JsonCall> calls, Deadline deadline) {
  Impl& impl = *impl_;
  std::vector<Outcome<SecretBuffer>> out(calls.size());
  if (calls.empty()) return out;
  std::vector<Target> targets;
  std::vector<HttpRequest> requests;
  try {
    // Endpoints, region and credentials are the same for every call; found once, retried as needed.
    const Credentials credentials = impl.chain->get(deadline);
    for (const JsonCall& call : calls) {
      targets.push_back(target_of(call, deadline));
      requests.push_back(signed_request(call, targets.back(), credentials, 1));
    }
  } catch (...) {
    for (auto& outcome : out) outcome = Outcome<SecretBuffer>::current_failure();
    return out;
  }
  std::vector<Outcome<HttpResponse>> first = impl.http.perform_all(requests, deadline);
  std::exception_ptr unreachable;  // a call that found the endpoint unreachable after every retry
  for (std::size_t i = 0; i < calls.size(); ++i) {
    if (unreachable && !first[i].ok()) {
      // Its first attempt failed to reach the endpoint too, and another's retries used up the time.
      out[i] = Outcome<SecretBuffer>::failed(unreachable);
      continue;
    }
    try {
      out[i] = Outcome<SecretBuffer>::of(settle(calls[i], targets[i], deadline, &first[i]));
    } catch (const StoreError& error) {
      out[i] = Outcome<SecretBuffer>::current_failure();
      if (error.transient() || error.failure() == StoreFailure::timeout) unreachable = std::current_exception();
    } catch (...) {
      out[i] = Outcome<SecretBuffer>::current_failure();
    }
  }
  return out;
}

}  // namespace hush::vault_client::aws
