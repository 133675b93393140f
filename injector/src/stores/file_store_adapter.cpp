#include "file_store_adapter.hpp"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>

#include "hush/vault_client/store_error.hpp"

namespace hush::injector {

const vault_client::EjsonDocument& FileSecretStore::document(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0)
    throw vault_client::StoreError(errno == ENOENT ? vault_client::StoreFailure::not_found : vault_client::StoreFailure::permission_denied,
                                   path + ": " + std::strerror(errno));
  const long long mtime_ns = static_cast<long long>(st.st_mtim.tv_sec) * 1000000000LL + st.st_mtim.tv_nsec;
  Cached& entry = cache_[path];
  if (!entry.doc || entry.inode != st.st_ino || entry.size != static_cast<unsigned long long>(st.st_size) || entry.mtime_ns != mtime_ns) {
    entry.doc = std::make_unique<vault_client::EjsonDocument>(vault_client::EjsonDocument::load(path, options_));
    entry.inode = st.st_ino;
    entry.size = static_cast<unsigned long long>(st.st_size);
    entry.mtime_ns = mtime_ns;
  }
  return *entry.doc;
}

FetchedValue FileSecretStore::read(const Reference& ref, Clock::time_point) {
  return {document(ref.path).get(ref.key).clone(), std::nullopt};
}

std::vector<FetchedEntry> FileSecretStore::read_all(const BulkSource& source, Clock::time_point) {
  std::vector<FetchedEntry> out;
  for (const auto& [key, value] : document(source.path).bulk()) out.push_back({key, value->clone()});
  return out;
}

}  // namespace hush::injector
