#pragma once
// Vault behind SecretStore: vault://MOUNT/PATH#KEY reads one field (KV v1 or v2, detected per
// mount), vault:MOUNT/PATH imports every field of that secret, leases are renewed and revoked.
#include <map>
#include <string>

#include "hush/injector/secret_store.hpp"
#include "hush/vault_client/vault.hpp"

namespace hush::injector {

class VaultSecretStore final : public SecretStore {
 public:
  // settings: hush.toml [vault] (address, namespace, auth, role, ...); environment: VAULT_* etc.
  VaultSecretStore(const std::map<std::string, std::string>& settings, const std::map<std::string, std::string>& environment, Logger& log);
  FetchedValue read(const Reference& ref, Clock::time_point deadline) override;
  std::optional<FetchedSecret> read_whole(const Reference& ref, Clock::time_point deadline) override;
  std::vector<FetchedEntry> read_all(const BulkSource& source, Clock::time_point deadline) override;
  std::chrono::seconds renew(const LeaseInfo& lease, Clock::time_point deadline) override;
  void revoke(const LeaseInfo& lease, Clock::time_point deadline) override;

 private:
  vault_client::VaultClient client_;
};

}  // namespace hush::injector
