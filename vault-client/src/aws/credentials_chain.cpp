#include "hush/vault_client/aws/credentials_chain.hpp"

#include <mutex>
#include <optional>

#include "aws/providers.hpp"
#include "aws/url_parts.hpp"
#include "hush/common/error.hpp"
#include "hush/vault_client/aws/config_files.hpp"
#include "hush/vault_client/aws/endpoints.hpp"

namespace hush::vault_client::aws {
namespace {

using std::chrono::seconds;

[[noreturn]] void config_error(const std::string& message) { throw Error(ErrorKind::config, message); }

std::string default_session_name(const detail::ProviderDeps& deps) {
  const auto epoch = std::chrono::duration_cast<seconds>(deps.now().time_since_epoch()).count();
  return "hush-" + std::to_string(epoch);
}

std::unique_ptr<CredentialsProvider> container_provider(const Environment& env, const ChainSettings& settings,
                                                        const detail::ProviderDeps& deps) {
  const std::string relative = env_value(env, "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI");
  const std::string full = env_value(env, "AWS_CONTAINER_CREDENTIALS_FULL_URI");
  detail::ContainerSettings container;
  if (!relative.empty()) {
    container.url = settings.container_host + (relative.front() == '/' ? "" : "/") + relative;
  } else {
    const detail::UrlParts parts = detail::split_url(full);
    if (parts.scheme == "http" && !detail::allowed_plain_http_host(parts.host)) {
      config_error(
          "AWS_CONTAINER_CREDENTIALS_FULL_URI must use https, or http to a loopback or container agent address (got "
          "host " +
          parts.host + ")");
    }
    container.url = full;
  }
  container.token_file = env_value(env, "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE");
  container.token = SecretBuffer(env_value(env, "AWS_CONTAINER_AUTHORIZATION_TOKEN"));
  return detail::make_container_provider(std::move(container), deps);
}

}  // namespace

std::unique_ptr<CredentialsProvider> select_provider(const Environment& env, const Profile& profile,
                                                     const ChainSettings& settings, HttpClient& http, Logger& logger) {
  detail::ProviderDeps deps;
  deps.http = &http;
  deps.logger = &logger;
  deps.retry = settings.retry;
  deps.retry_clock = settings.retry_clock;
  deps.wall_clock = settings.wall_clock;

  // 1. Environment.
  const std::string key_id = env_value(env, "AWS_ACCESS_KEY_ID");
  // A view, not a copy: the secret goes straight into guarded memory.
  const auto secret_entry = env.find("AWS_SECRET_ACCESS_KEY");
  const std::string_view secret =
      secret_entry == env.end() ? std::string_view{} : std::string_view(secret_entry->second);
  if (!key_id.empty() || !secret.empty()) {
    if (key_id.empty() || secret.empty()) {
      config_error(std::string(key_id.empty() ? "AWS_SECRET_ACCESS_KEY" : "AWS_ACCESS_KEY_ID") + " is set but " +
                   (key_id.empty() ? "AWS_ACCESS_KEY_ID" : "AWS_SECRET_ACCESS_KEY") + " is not");
    }
    Credentials credentials;
    credentials.access_key_id = key_id;
    credentials.secret_access_key = SecretBuffer(secret);
    if (const auto token = env.find("AWS_SESSION_TOKEN"); token != env.end())
      credentials.session_token = SecretBuffer(token->second);
    credentials.source = "environment";
    return detail::make_static_provider(std::move(credentials));
  }

  // 2. Shared credentials and config files.
  const std::string sts_endpoint = settings.sts_endpoint.empty()
                                       ? resolve_endpoint(env, "sts", settings.region, profile.endpoint_url)
                                       : settings.sts_endpoint;
  const bool named = !env_value(env, "AWS_PROFILE").empty() || !env_value(env, "AWS_DEFAULT_PROFILE").empty() ||
                     profile.name != "default";
  if (named && !profile.found) {
    config_error("AWS profile '" + profile.name + "' not found in " + credentials_file_path(env) + " or " +
                 config_file_path(env));
  }
  if (profile.found) {
    const std::string source = "profile " + profile.name;
    if (!profile.role_arn.empty() && !profile.web_identity_token_file.empty()) {
      detail::WebIdentitySettings web{
          profile.role_arn, profile.web_identity_token_file,
          profile.role_session_name.empty() ? default_session_name(deps) : profile.role_session_name, sts_endpoint,
          source + " (web identity)"};
      return detail::make_web_identity_provider(std::move(web), deps);
    }
    if (!profile.role_arn.empty()) {
      config_error("AWS " + source +
                   " assumes a role through source_profile/credential_source, which hush does not support; "
                   "use web identity, a container role, an instance role or keys");
    }
    if (!profile.access_key_id.empty() || !profile.secret_access_key.empty()) {
      if (profile.access_key_id.empty() || profile.secret_access_key.empty()) {
        config_error("AWS " + source + " sets only one of aws_access_key_id and aws_secret_access_key");
      }
      Credentials credentials;
      credentials.access_key_id = profile.access_key_id;
      credentials.secret_access_key = profile.secret_access_key.clone();
      credentials.session_token = profile.session_token.clone();
      credentials.source = source;
      return detail::make_static_provider(std::move(credentials));
    }
    if (!profile.credential_process.empty()) {
      config_error("AWS " + source + " uses credential_process, which hush does not run; export the keys instead");
    }
  }

  // 3. Web identity from the environment (EKS IRSA).
  const std::string token_file = env_value(env, "AWS_WEB_IDENTITY_TOKEN_FILE");
  const std::string role_arn = env_value(env, "AWS_ROLE_ARN");
  if (!token_file.empty() && !role_arn.empty()) {
    std::string session = env_value(env, "AWS_ROLE_SESSION_NAME");
    if (session.empty()) session = default_session_name(deps);
    return detail::make_web_identity_provider(
        detail::WebIdentitySettings{role_arn, token_file, std::move(session), sts_endpoint, "web identity"}, deps);
  }

  // 4. Container endpoint (ECS, EKS pod identity).
  if (!env_value(env, "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI").empty() ||
      !env_value(env, "AWS_CONTAINER_CREDENTIALS_FULL_URI").empty()) {
    return container_provider(env, settings, deps);
  }

  // 5. EC2 instance metadata.
  std::string explanation = "no AWS credentials found: AWS_ACCESS_KEY_ID is not set, profile '" + profile.name +
                            "' has no keys (" + credentials_file_path(env) + ", " + config_file_path(env) +
                            "), and neither web identity (AWS_WEB_IDENTITY_TOKEN_FILE, AWS_ROLE_ARN) nor container "
                            "credentials (AWS_CONTAINER_CREDENTIALS_*) are configured";
  if (env_flag(env, "AWS_EC2_METADATA_DISABLED")) {
    return detail::make_missing_provider(explanation + "; EC2 instance metadata is disabled");
  }
  detail::ImdsSettings imds = detail::imds_settings(env);
  imds.not_found_explanation = std::move(explanation);
  return detail::make_imds_provider(std::move(imds), deps);
}

struct CredentialsChain::Impl {
  std::unique_ptr<CredentialsProvider> provider;
  ChainSettings settings;
  Logger* logger = nullptr;
  std::optional<Credentials> cached;
  std::chrono::system_clock::time_point loaded_at{};
  std::mutex mutex;

  [[nodiscard]] std::chrono::system_clock::time_point now() const {
    return settings.wall_clock ? settings.wall_clock() : std::chrono::system_clock::now();
  }
};

CredentialsChain::CredentialsChain(std::unique_ptr<CredentialsProvider> provider, ChainSettings settings,
                                   Logger& logger)
    : impl_(std::make_unique<Impl>()) {
  impl_->provider = std::move(provider);
  impl_->settings = std::move(settings);
  impl_->logger = &logger;
}

CredentialsChain::~CredentialsChain() = default;

Credentials CredentialsChain::get(Deadline deadline) {
  Impl& impl = *impl_;
  const std::lock_guard<std::mutex> lock(impl.mutex);
  const auto now = impl.now();
  const seconds margin = impl.settings.refresh_margin;
  if (impl.cached && !impl.cached->expires_within(now, margin)) return impl.cached->clone();
  // Credentials handed out already inside the margin would otherwise be refetched on every call.
  if (impl.cached && !impl.cached->expires_within(now, seconds(60)) && now - impl.loaded_at < seconds(30)) {
    return impl.cached->clone();
  }
  try {
    Credentials fresh = impl.provider->load(deadline);
    impl.loaded_at = now;
    if (impl.cached) impl.logger->debug("refreshed AWS credentials", {{"source", fresh.source}});
    impl.cached.emplace(std::move(fresh));
    return impl.cached->clone();
  } catch (const StoreError& error) {
    if (impl.cached && !impl.cached->expires_within(now, seconds(60))) {
      impl.logger->warn("refreshing AWS credentials failed; using the current ones until they expire",
                        {{"source", impl.cached->source}, {"failure", failure_name(error.failure())}});
      return impl.cached->clone();
    }
    throw;
  }
}

void CredentialsChain::invalidate() noexcept {
  const std::lock_guard<std::mutex> lock(impl_->mutex);
  impl_->cached.reset();
}

std::string CredentialsChain::describe() const { return impl_->provider->describe(); }

}  // namespace hush::vault_client::aws
