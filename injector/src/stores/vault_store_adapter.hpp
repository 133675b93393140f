#pragma once
// Vault behind SecretStore: vault://MOUNT/PATH#KEY reads one field (KV v1 or v2, detected per
// mount), vault:MOUNT/PATH imports every field of that secret, leases are renewed and revoked.
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "hush/injector/secret_store.hpp"
#include "hush/vault_client/vault.hpp"
#include "prefetch_cache.hpp"

namespace hush::injector {

class VaultSecretStore final : public SecretStore {
 public:
  // settings: hush.toml [vault] (address, namespace, auth, role, ...); environment: VAULT_* etc.
  VaultSecretStore(const std::map<std::string, std::string>& settings,
                   const std::map<std::string, std::string>& environment, Logger& log);
  // KV secrets (references and bulk sources) read at once with VaultClient::read_many.
  void prefetch(const std::vector<Reference>& refs, const std::vector<BulkSource>& bulk,
                Clock::time_point deadline) override;
  FetchedValue read(const Reference& ref, Clock::time_point deadline) override;
  std::optional<FetchedSecret> read_whole(const Reference& ref, Clock::time_point deadline) override;
  std::vector<FetchedEntry> read_all(const BulkSource& source, Clock::time_point deadline) override;
  std::chrono::seconds renew(const LeaseInfo& lease, Clock::time_point deadline) override;
  void revoke(const LeaseInfo& lease, Clock::time_point deadline) override;

 private:
  using ReadKey = std::pair<std::string, std::optional<int>>;  // path and version, as references write them
  [[nodiscard]] vault_client::VaultSecret read_secret(const std::string& path, std::optional<int> version,
                                                      Clock::time_point deadline);

  vault_client::VaultClient client_;
  PrefetchCache<ReadKey, vault_client::VaultSecret> prefetched_;
};

}  // namespace hush::injector
