#include "aws_store_adapter.hpp"

#include <set>

#include "hush/common/error.hpp"
#include "hush/injector/store_provider.hpp"
#include "hush/vault_client/aws/responses.hpp"
#include "hush/vault_client/aws/secrets_manager.hpp"
#include "hush/vault_client/aws/ssm.hpp"
#include "hush/vault_client/store_error.hpp"

namespace hush::injector {

std::shared_ptr<vault_client::aws::AwsSession> AwsSecretStore::make_session(
    const std::map<std::string, std::string>& settings, const std::map<std::string, std::string>& environment,
    Logger& log) {
  vault_client::aws::AwsOptions options;
  for (const auto& [key, value] : settings) {
    if (key == "region") options.region = value;
    else if (key == "profile") options.profile = value;
    else if (key == "endpoint_url") options.endpoint_url = value;
    else throw Error(ErrorKind::config, "[aws] unknown setting '" + key + "' (region, profile, endpoint_url)");
  }
  options.http.max_parallel = parallel_requests(environment);
  vault_client::aws::Environment env(environment.begin(), environment.end());
  return std::make_shared<vault_client::aws::AwsSession>(std::move(env), std::move(options), log);
}

void AwsSecretStore::prefetch(const std::vector<Reference>& refs, const std::vector<BulkSource>& bulk,
                              Clock::time_point deadline) {
  const vault_client::Deadline until(deadline);
  std::set<std::string> seen;
  std::vector<std::string> names;
  if (backend_ == Backend::ssm) {
    parameters_.begin(deadline);
    // Plain names only: an ARN or a name:version selector is read one by one with GetParameter.
    for (const Reference& ref : refs)
      if (ref.path.find(':') == std::string::npos && seen.insert(ref.path).second) names.push_back(ref.path);
    if (names.size() < 2) return;
    try {
      for (auto& parameter : vault_client::aws::SsmClient(*session_).get_parameters(names, true, until).parameters) {
        parameters_.put(parameter.name, vault_client::Outcome<SecretBuffer>::of(std::move(parameter.value)));
      }
    } catch (const vault_client::StoreError& error) {
      // SSM itself failed (unreachable, credentials, throttled past the deadline): every read
      // would, so each gets this answer rather than retrying until the deadline. Otherwise (a
      // name the batch call rejects) each is read alone, which says which parameter failed.
      const auto failure = error.failure();
      if (error.transient() || failure == vault_client::StoreFailure::timeout ||
          failure == vault_client::StoreFailure::auth_failed) {
        for (const std::string& name : names)
          parameters_.put(name, vault_client::Outcome<SecretBuffer>::current_failure());
      }
    } catch (const std::exception&) {
      // Read one by one, which reports what failed for which parameter.
    }
    return;
  }
  secret_values_.begin(deadline);
  for (const Reference& ref : refs)
    if (seen.insert(ref.path).second) names.push_back(ref.path);
  for (const BulkSource& source : bulk)
    if (seen.insert(source.path).second) names.push_back(source.path);
  if (names.size() < 2) return;
  std::vector<vault_client::Outcome<vault_client::aws::SecretValue>> values =
      vault_client::aws::SecretsManagerClient(*session_).get_secret_values(names, until);
  for (std::size_t i = 0; i < names.size(); ++i) secret_values_.put(names[i], std::move(values[i]));
}

vault_client::aws::SecretValue AwsSecretStore::secret_value(const std::string& secret_id, Clock::time_point deadline) {
  if (auto fetched = secret_values_.take(secret_id, deadline)) return std::move(*fetched);
  return vault_client::aws::SecretsManagerClient(*session_).get_secret_value(secret_id, {},
                                                                             vault_client::Deadline(deadline));
}

FetchedValue AwsSecretStore::read(const Reference& ref, Clock::time_point deadline) {
  if (backend_ == Backend::ssm) {
    if (auto fetched = parameters_.take(ref.path, deadline)) return {std::move(*fetched), std::nullopt};
    auto parameter =
        vault_client::aws::SsmClient(*session_).get_parameter(ref.path, true, vault_client::Deadline(deadline));
    return {std::move(parameter.value), std::nullopt};
  }
  if (ref.path.empty()) {
    throw vault_client::StoreError(vault_client::StoreFailure::invalid_request,
                                   "Secrets Manager reference '" + ref.text + "' names no secret");
  }
  const vault_client::aws::SecretValue value = secret_value(ref.path, deadline);
  return {vault_client::aws::select_secret_key(value.value.view(), value.binary, ref.path, ref.key), std::nullopt};
}

namespace {

// read_whole's answer holds the secret's value as its one entry, under one of these keys.
constexpr std::string_view text_secret = "text";
constexpr std::string_view binary_secret = "binary";

}  // namespace

std::optional<FetchedSecret> AwsSecretStore::read_whole(const Reference& ref, Clock::time_point deadline) {
  if (backend_ != Backend::secrets_manager) return std::nullopt;
  auto secret = secret_value(ref.path, deadline);
  FetchedSecret out;
  out.entries.push_back({std::string(secret.binary ? binary_secret : text_secret), std::move(secret.value)});
  return out;
}

FetchedValue AwsSecretStore::select(FetchedSecret& whole, const Reference& ref, bool /*last_use*/) const {
  if (whole.entries.size() != 1)
    throw Error(ErrorKind::runtime, "Secrets Manager secret " + ref.path + " was not read whole");
  const FetchedEntry& secret = whole.entries.front();
  return {vault_client::aws::select_secret_key(secret.value.view(), secret.key == binary_secret, ref.path, ref.key),
          std::nullopt};
}

std::vector<FetchedEntry> AwsSecretStore::read_all(const BulkSource& source, Clock::time_point deadline) {
  const vault_client::Deadline until(deadline);
  std::vector<FetchedEntry> out;
  if (backend_ == Backend::ssm) {
    vault_client::aws::PathOptions options;
    options.recursive = source.recursive;
    for (auto& p : vault_client::aws::SsmClient(*session_).get_parameters_by_path(source.path, options, until))
      out.push_back({p.name, std::move(p.value)});
    return out;
  }
  auto secret = secret_value(source.path, deadline);
  if (secret.binary)
    throw vault_client::StoreError(
        vault_client::StoreFailure::bad_response,
        "Secrets Manager secret " + source.path + " is binary, so it cannot be imported key by key");
  // One bounded read of the object, its values straight into guarded memory.
  try {
    for (auto& [key, value] : vault_client::aws::json_secret_entries(secret.value.view()))
      out.push_back({std::move(key), std::move(value)});
  } catch (const vault_client::StoreError& e) {
    throw vault_client::StoreError(e.failure(), "Secrets Manager secret " + source.path + ": " + e.what());
  }
  return out;
}

}  // namespace hush::injector
