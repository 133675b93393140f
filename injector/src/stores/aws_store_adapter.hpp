#pragma once
// AWS behind SecretStore: ssm:///NAME and ssm:/PATH/ bulk imports (SecureStrings decrypted), and
// secretsmanager://NAME[#JSON.KEY] with secretsmanager:NAME importing a JSON object's keys. One
// session (credentials chain, region, connection) serves both services.
#include <map>
#include <memory>
#include <string>

#include "hush/injector/secret_store.hpp"
#include "hush/vault_client/aws/responses.hpp"
#include "hush/vault_client/aws/session.hpp"
#include "prefetch_cache.hpp"

namespace hush::injector {

class AwsSecretStore final : public SecretStore {
 public:
  AwsSecretStore(Backend backend, std::shared_ptr<vault_client::aws::AwsSession> session)
      : backend_(backend), session_(std::move(session)) {}
  // SSM: every plain parameter name at once through GetParameters (ten a call, the calls at once);
  // Secrets Manager: every secret's GetSecretValue at once.
  void prefetch(const std::vector<Reference>& refs, const std::vector<BulkSource>& bulk,
                Clock::time_point deadline) override;
  FetchedValue read(const Reference& ref, Clock::time_point deadline) override;
  std::vector<FetchedEntry> read_all(const BulkSource& source, Clock::time_point deadline) override;
  // Secrets Manager: one GetSecretValue per secret and resolution, however many keys of it are
  // referenced, so that keys rotated together are never taken from two versions.
  std::optional<FetchedSecret> read_whole(const Reference& ref, Clock::time_point deadline) override;
  [[nodiscard]] FetchedValue select(FetchedSecret& whole, const Reference& ref, bool last_use) const override;

  [[nodiscard]] static std::shared_ptr<vault_client::aws::AwsSession> make_session(
      const std::map<std::string, std::string>& settings, const std::map<std::string, std::string>& environment,
      Logger& log);

 private:
  [[nodiscard]] vault_client::aws::SecretValue secret_value(const std::string& secret_id, Clock::time_point deadline);

  Backend backend_;
  std::shared_ptr<vault_client::aws::AwsSession> session_;
  PrefetchCache<std::string, SecretBuffer> parameters_;                       // SSM, by name
  PrefetchCache<std::string, vault_client::aws::SecretValue> secret_values_;  // Secrets Manager, by id
};

}  // namespace hush::injector
