#include "vault_store_adapter.hpp"

#include <set>

#include "hush/common/error.hpp"
#include "hush/injector/run_config.hpp"
#include "hush/injector/store_provider.hpp"
#include "hush/vault_client/store_error.hpp"
#include "hush/vault_client/store_settings.hpp"
#include "hush/vault_client/vault_config.hpp"

namespace hush::injector {
namespace {

vault_client::VaultConfig config_from(const std::map<std::string, std::string>& settings,
                                      const std::map<std::string, std::string>& environment) {
  const vault_client::Environment env(environment.begin(), environment.end());
  vault_client::VaultConfig config =
      vault_client::resolve_vault_config(vault_client::parse_vault_settings(settings), env);
  config.http.max_parallel = parallel_requests(environment);
  return config;
}

std::optional<LeaseInfo> lease_of(const vault_client::VaultSecret& s) {
  if (s.lease_id.empty()) return std::nullopt;
  return LeaseInfo{s.lease_id, s.lease_duration, s.renewable};
}

}  // namespace

VaultSecretStore::VaultSecretStore(const std::map<std::string, std::string>& settings,
                                   const std::map<std::string, std::string>& environment, Logger& log)
    : client_(config_from(settings, environment), log) {}

void VaultSecretStore::prefetch(const std::vector<Reference>& refs, const std::vector<BulkSource>& bulk,
                                Clock::time_point deadline) {
  prefetched_.begin(deadline);
  const vault_client::Deadline until(deadline);
  std::vector<vault_client::VaultRead> reads;
  std::set<ReadKey> seen;
  std::exception_ptr store_failure;  // Vault itself failed (unreachable, credentials): every read would
  const auto consider = [&](const std::string& path, std::optional<int> version) {
    if (!seen.insert({path, version}).second) return;
    if (store_failure) {
      prefetched_.put({path, version}, vault_client::Outcome<vault_client::VaultSecret>::failed(store_failure));
      return;
    }
    try {
      // KV reads only: a read of a dynamic-secret engine mints a credential, which only a
      // variable that is really placed may cause.
      if (client_.mount_of(path, until).kv_version == 0) return;
    } catch (const vault_client::StoreError& error) {
      const auto failure = error.failure();
      if (failure == vault_client::StoreFailure::permission_denied ||
          failure == vault_client::StoreFailure::not_found || failure == vault_client::StoreFailure::invalid_request) {
        return;  // this path's own answer: read alone, which reports it
      }
      // Every other reference gets the same answer, rather than retrying until the deadline.
      store_failure = std::current_exception();
      prefetched_.put({path, version}, vault_client::Outcome<vault_client::VaultSecret>::failed(store_failure));
      return;
    } catch (const std::exception&) {
      return;
    }
    reads.push_back({path, version});
  };
  for (const Reference& ref : refs) consider(ref.path, ref.version);
  for (const BulkSource& source : bulk) consider(source.path, std::nullopt);
  if (store_failure) {
    for (const auto& read : reads)
      prefetched_.put({read.path, read.version},
                      vault_client::Outcome<vault_client::VaultSecret>::failed(store_failure));
    return;
  }
  if (reads.size() < 2) return;
  std::vector<vault_client::Outcome<vault_client::VaultSecret>> outcomes = client_.read_many(reads, until);
  for (std::size_t i = 0; i < reads.size(); ++i)
    prefetched_.put({reads[i].path, reads[i].version}, std::move(outcomes[i]));
}

vault_client::VaultSecret VaultSecretStore::read_secret(const std::string& path, std::optional<int> version,
                                                        Clock::time_point deadline) {
  if (auto fetched = prefetched_.take({path, version}, deadline)) return std::move(*fetched);
  return client_.read(path, vault_client::Deadline(deadline), version);
}

FetchedValue VaultSecretStore::read(const Reference& ref, Clock::time_point deadline) {
  auto secret = read_secret(ref.path, ref.version, deadline);
  const SecretBuffer* value = secret.find(ref.key);
  if (value == nullptr)
    throw vault_client::StoreError(vault_client::StoreFailure::not_found,
                                   "Vault secret " + ref.path + " has no key '" + ref.key + "'");
  return {value->clone(), lease_of(secret)};
}

std::optional<FetchedSecret> VaultSecretStore::read_whole(const Reference& ref, Clock::time_point deadline) {
  auto secret = read_secret(ref.path, ref.version, deadline);
  FetchedSecret out;
  out.lease = lease_of(secret);
  for (auto& [key, value] : secret.data) out.entries.push_back({key, std::move(value)});
  return out;
}

std::vector<FetchedEntry> VaultSecretStore::read_all(const BulkSource& source, Clock::time_point deadline) {
  auto secret = read_secret(source.path, std::nullopt, deadline);
  std::vector<FetchedEntry> out;
  for (auto& [key, value] : secret.data) out.push_back({key, std::move(value)});
  return out;
}

std::chrono::seconds VaultSecretStore::renew(const LeaseInfo& lease, Clock::time_point deadline) {
  return client_.renew_lease(lease.lease_id, lease.duration, vault_client::Deadline(deadline)).duration;
}

void VaultSecretStore::revoke(const LeaseInfo& lease, Clock::time_point deadline) {
  client_.revoke_lease(lease.lease_id, vault_client::Deadline(deadline));
}

}  // namespace hush::injector
