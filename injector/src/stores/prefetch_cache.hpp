#pragma once
// What a store fetched ahead, at once, for one resolution of the environment, until the reads of
// that resolution take it: each entry once, so no value lingers after it was handed over. A
// resolution is known by its deadline (every read of one resolution passes the same one); a read
// for another resolution finds nothing and clears what an earlier one left.
#include <map>
#include <optional>
#include <utility>

#include "hush/injector/secret_store.hpp"
#include "hush/vault_client/outcome.hpp"

namespace hush::injector {

template <class Key, class Value>
class PrefetchCache {
 public:
  // Starts the cache for a new resolution.
  void begin(Clock::time_point resolution) {
    entries_.clear();
    resolution_ = resolution;
  }
  void put(Key key, vault_client::Outcome<Value> outcome) {
    entries_.insert_or_assign(std::move(key), std::move(outcome));
  }

  // The value fetched ahead for KEY in this resolution, or nullopt; rethrows a failure fetched ahead.
  [[nodiscard]] std::optional<Value> take(const Key& key, Clock::time_point resolution) {
    if (resolution != resolution_) {
      entries_.clear();
      return std::nullopt;
    }
    const auto it = entries_.find(key);
    if (it == entries_.end()) return std::nullopt;
    vault_client::Outcome<Value> outcome = std::move(it->second);
    entries_.erase(it);
    return outcome.take();
  }

 private:
  std::map<Key, vault_client::Outcome<Value>> entries_;
  Clock::time_point resolution_{};
};

}  // namespace hush::injector
