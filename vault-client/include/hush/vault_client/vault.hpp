#pragma once
// A HashiCorp Vault client for the injector: authentication (token, AppRole, Kubernetes, JWT) with
// renewal before expiry and re-login when renewal is no longer possible; KV v1 and v2 behind one
// read() (the engine version is detected per mount and cached); versions, listing, namespaces;
// dynamic secrets with their leases; errors that say what went wrong and where.
//
// Every call takes a deadline; transient failures (connection errors, 429, 5xx, sealed, standby)
// are retried with backoff inside it, permanent ones (400, 403, 404) fail at once. One client per
// thread: it owns its connections and the token state; read_many reads many secrets at once.
#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "hush/common/log.hpp"
#include "hush/common/secret.hpp"
#include "hush/vault_client/deadline.hpp"
#include "hush/vault_client/http.hpp"
#include "hush/vault_client/outcome.hpp"
#include "hush/vault_client/retry.hpp"
#include "hush/vault_client/vault_config.hpp"

namespace hush::vault_client {

struct VaultSecret {
  // The secret's fields. String values as they are; other JSON values (numbers, objects, ...)
  // serialized as JSON text.
  std::map<std::string, SecretBuffer, std::less<>> data;
  std::string lease_id;  // dynamic secrets; empty for KV
  std::chrono::seconds lease_duration{0};
  bool renewable = false;
  int kv_version = 0;  // 1 or 2 for KV mounts, 0 for other engines
  int version = 0;     // KV v2: the version read
  std::vector<std::string> warnings;

  [[nodiscard]] const SecretBuffer* find(std::string_view key) const;
};

// One read of read_many: a path as read() takes it, and a KV v2 version.
struct VaultRead {
  std::string path;
  std::optional<int> version;
};

struct VaultLease {
  std::string lease_id;
  std::chrono::seconds duration{0};
  bool renewable = false;
  std::vector<std::string> warnings;
};

struct VaultMount {
  std::string path;  // with trailing slash, relative to the namespace, e.g. "secret/"
  std::string type;  // "kv", "database", ...
  int kv_version = 0;
};

struct VaultHealth {
  long status = 0;  // 200 active, 429 standby, 473 performance standby, 501 uninitialised, 503 sealed
  bool initialized = false;
  bool sealed = false;
  bool standby = false;
  bool performance_standby = false;
  std::string version;
};

class VaultClient {
 public:
  VaultClient(VaultConfig config, Logger& logger);
  // Tests inject time (also used for token renewal scheduling) and randomness.
  VaultClient(VaultConfig config, Logger& logger, RetryClock& clock, UniformRandom random);
  ~VaultClient();
  VaultClient(const VaultClient&) = delete;
  VaultClient& operator=(const VaultClient&) = delete;
  VaultClient(VaultClient&&) noexcept;
  VaultClient& operator=(VaultClient&&) noexcept;

  // Reads a secret: "secret/app" on a KV v2 mount reads secret/data/app, on KV v1 secret/app; on
  // other engines (database/creds/role, ...) the path as given. `version` needs KV v2.
  [[nodiscard]] VaultSecret read(std::string_view path, Deadline deadline, std::optional<int> version = std::nullopt);
  // Several secrets read at once: the mounts looked up and the token made sure of first, then every
  // read sent together (HttpClient::perform_all). Each outcome is the secret, or the error read()
  // would have thrown for that path after the same retries.
  [[nodiscard]] std::vector<Outcome<VaultSecret>> read_many(std::span<const VaultRead> reads, Deadline deadline);
  // One field of a secret (vault://path#key); not_found names the path and the key.
  [[nodiscard]] SecretBuffer read_key(std::string_view path, std::string_view key, Deadline deadline,
                                      std::optional<int> version = std::nullopt);
  // The entries directly under a path (sub-folders end with '/'), for bulk import.
  [[nodiscard]] std::vector<std::string> list(std::string_view path, Deadline deadline);

  [[nodiscard]] VaultLease renew_lease(std::string_view lease_id, std::chrono::seconds increment, Deadline deadline);
  void revoke_lease(std::string_view lease_id, Deadline deadline);

  // The mount serving a path (cached after the first lookup).
  [[nodiscard]] VaultMount mount_of(std::string_view path, Deadline deadline);
  // sys/health as it is; standby and sealed are answers here, not failures.
  [[nodiscard]] VaultHealth health(Deadline deadline);

  // Makes sure a usable token is held now: logs in, renews or re-logs in as due. Every call above
  // does this itself; calling it early surfaces credential problems at startup.
  void authenticate(Deadline deadline);
  // Seconds the current token has left as last seen (0: never expires or unknown).
  [[nodiscard]] std::chrono::seconds token_ttl() const;
  // Revokes a token this client obtained by logging in (no-op for a given token).
  void logout(Deadline deadline);

 private:
  struct Impl;
  struct PlannedRead;
  [[nodiscard]] PlannedRead plan_read(std::string_view path, std::optional<int> version, Deadline deadline);
  [[nodiscard]] VaultSecret finish_read(const PlannedRead& plan, const HttpResponse& response);
  std::unique_ptr<Impl> impl_;
};

}  // namespace hush::vault_client
