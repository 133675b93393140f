#pragma once
// The encrypted file store behind SecretStore. Each file is read and decrypted once per
// resolution (read_whole: twenty references into one file share one decryption), and nothing
// decrypted is kept between resolutions: a refresh reads the file again.
#include <string>

#include "hush/injector/secret_store.hpp"
#include "hush/vault_client/file_store.hpp"

namespace hush::injector {

class FileSecretStore final : public SecretStore {
 public:
  explicit FileSecretStore(vault_client::FileStoreOptions options) : options_(std::move(options)) {}
  FetchedValue read(const Reference& ref, Clock::time_point deadline) override;
  std::vector<FetchedEntry> read_all(const BulkSource& source, Clock::time_point deadline) override;
  std::optional<FetchedSecret> read_whole(const Reference& ref, Clock::time_point deadline) override;

 private:
  vault_client::FileStoreOptions options_;
};

}  // namespace hush::injector
