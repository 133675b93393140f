#include "file_store_adapter.hpp"

#include "hush/vault_client/store_error.hpp"

namespace hush::injector {

FetchedValue FileSecretStore::read(const Reference& ref, Clock::time_point) {
  return {vault_client::EjsonDocument::load(ref.path, options_).get(ref.key).clone(), std::nullopt};
}

std::vector<FetchedEntry> FileSecretStore::read_all(const BulkSource& source, Clock::time_point) {
  std::vector<FetchedEntry> out;
  for (auto& [key, value] : vault_client::EjsonDocument::load(source.path, options_).take_bulk())
    out.push_back({std::move(key), std::move(value)});
  return out;
}

std::optional<FetchedSecret> FileSecretStore::read_whole(const Reference& ref, Clock::time_point) {
  FetchedSecret out;
  for (auto& [key, value] : vault_client::EjsonDocument::load(ref.path, options_).take_all())
    out.entries.push_back({std::move(key), std::move(value)});
  return out;
}

}  // namespace hush::injector
