#pragma once
// The encrypted file store behind SecretStore. Decrypted documents are cached and reloaded only
// when the file changes (inode, size or modification time), so twenty references into one file
// decrypt it once, and a refresh notices an edited file.
#include <map>
#include <memory>
#include <string>

#include "hush/injector/secret_store.hpp"
#include "hush/vault_client/file_store.hpp"

namespace hush::injector {

class FileSecretStore final : public SecretStore {
 public:
  explicit FileSecretStore(vault_client::FileStoreOptions options) : options_(std::move(options)) {}
  FetchedValue read(const Reference& ref, Clock::time_point deadline) override;
  std::vector<FetchedEntry> read_all(const BulkSource& source, Clock::time_point deadline) override;

 private:
  struct Cached {
    unsigned long long inode = 0, size = 0;
    long long mtime_ns = 0;
    std::unique_ptr<vault_client::EjsonDocument> doc;
  };
  const vault_client::EjsonDocument& document(const std::string& path);

  vault_client::FileStoreOptions options_;
  std::map<std::string, Cached> cache_;
};

}  // namespace hush::injector
