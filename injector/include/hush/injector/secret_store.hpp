#pragma once
// What the injector needs from a secret store, whatever the backend. Implementations adapt the
// vault-client library; tests substitute their own.
#include <chrono>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "hush/common/secret.hpp"
#include "hush/injector/reference.hpp"

namespace hush::injector {

using Clock = std::chrono::steady_clock;

// A dynamic secret's lease, for refresh scheduling and --revoke-on-exit.
struct LeaseInfo {
  std::string lease_id;  // an identifier, not a secret
  std::chrono::seconds duration{0};
  bool renewable = false;
};

struct FetchedValue {
  SecretBuffer value;
  std::optional<LeaseInfo> lease;
};

struct FetchedEntry {
  std::string key;  // the store's key or parameter name; the variable name is derived from it
  SecretBuffer value;
};

// Every key of one multi-key secret (a Vault KV entry, a dynamic credential), with its lease.
struct FetchedSecret {
  std::vector<FetchedEntry> entries;
  std::optional<LeaseInfo> lease;
};

class SecretStore {
 public:
  virtual ~SecretStore() = default;
  // Fetches, all at once, what the reads of one resolution (the calls that follow with the same
  // deadline) will ask for, so that twenty references cost about one round trip rather than
  // twenty. Never throws: what fails here is reported by the read that asks for it. Only reads
  // without side effects are fetched ahead (not a Vault dynamic secret, whose every read mints a
  // credential). Default: nothing to gain.
  virtual void prefetch(const std::vector<Reference>& refs, const std::vector<BulkSource>& bulk,
                        Clock::time_point deadline);
  // Throws vault_client::StoreError (classified) when the value cannot be had by `deadline`.
  virtual FetchedValue read(const Reference& ref, Clock::time_point deadline) = 0;
  virtual std::vector<FetchedEntry> read_all(const BulkSource& source, Clock::time_point deadline) = 0;
  // For stores whose references pick one key of a multi-key secret: the whole secret REF names,
  // so that one resolution reads it once however many variables take keys from it. That is a
  // matter of correctness, not only of speed: each read of a Vault dynamic-secret path mints a
  // new credential, and a user name and a password from two reads do not belong together.
  // nullopt, without any I/O, from stores that have no such secrets: read() each reference.
  virtual std::optional<FetchedSecret> read_whole(const Reference& ref, Clock::time_point deadline);
  // The value REF names in WHOLE, which read_whole returned for a reference to the same secret.
  // Default: the entry whose key is REF's key, with WHOLE's lease, moved out of WHOLE when no
  // later reference takes keys from it (last_use), else copied. Throws StoreError(not_found).
  [[nodiscard]] virtual FetchedValue select(FetchedSecret& whole, const Reference& ref, bool last_use) const;
  // Extends a renewable lease; returns its new duration. Default: not supported by this store.
  virtual std::chrono::seconds renew(const LeaseInfo& lease, Clock::time_point deadline);
  virtual void revoke(const LeaseInfo& lease, Clock::time_point deadline);
};

// One store per backend, created on first use (so a run that needs only the file store never
// looks for Vault or AWS credentials).
class StoreProvider {
 public:
  virtual ~StoreProvider() = default;
  virtual SecretStore& store(Backend backend) = 0;
};

}  // namespace hush::injector
