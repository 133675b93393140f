#pragma once
// Providers' verdicts kept for a while (README, "Verification"), so a CI gate does not ask again
// on every push. An entry is found by a keyed BLAKE2b of the question (rule, URL, paired key id,
// secret) under a random key kept next to the cache, mode 0600: without that key the file cannot
// confirm a guessed secret, and with it a guess still costs a hash. An entry holds that hash, the
// state, the details the report shows and the time of the answer; never the secret. Only live and
// invalid are kept: an error or an unknown is asked again next time.
#include <chrono>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <string_view>

#include "hush/common/log.hpp"
#include "hush/common/secret.hpp"
#include "hush/common/unique_fd.hpp"
#include "verdict.hpp"

namespace hush::verify::detail {

class ResultCache {
 public:
  using Clock = std::chrono::system_clock;

  // Reads the cache in `dir`, creating the directory and the key on first use. Entries older than
  // `ttl` (or from the future) are dropped. A damaged file or key is ignored with a warning and
  // replaced on save; a directory that cannot be used leaves the cache empty and unsaved.
  ResultCache(std::filesystem::path dir, std::chrono::milliseconds ttl, Clock::time_point now, Logger& log);

  [[nodiscard]] std::string key_of(std::string_view rule_id, std::string_view url, std::string_view pair_id,
                                   std::string_view secret) const;
  [[nodiscard]] const Verdict* find(const std::string& key) const;
  // Keeps a live or invalid verdict; others are ignored.
  void put(const std::string& key, const Verdict& verdict);
  // Writes the cache when something was put, merged into what another scan may have saved since
  // this one read it (under verify-results.lock); a failure is a warning.
  void save();

  [[nodiscard]] static const char* file_name() noexcept { return "verify-results.json"; }
  [[nodiscard]] static const char* key_file_name() noexcept { return "verify-results.key"; }
  [[nodiscard]] static const char* lock_file_name() noexcept { return "verify-results.lock"; }

 private:
  struct Entry {
    Verdict verdict;
    std::int64_t at_ms = 0;  // Unix time of the answer
  };

  // Holds verify-results.lock (flock) until the descriptor is closed; throws hush::Error.
  [[nodiscard]] UniqueFd lock() const;
  void load_key();
  void load_entries();
  // The unexpired entries on disk into `out`; false (and `out` empty) when the file is damaged.
  // `merging`: also those answered after this cache's `now` (by a scan that started later).
  bool read_entries(std::map<std::string, Entry>& out, bool merging);

  std::filesystem::path dir_;
  std::chrono::milliseconds ttl_;
  Clock::time_point now_;
  Logger& log_;
  SecretBuffer key_;
  bool usable_ = false;
  bool changed_ = false;
  std::map<std::string, Entry> entries_;
  std::set<std::string> answered_;  // keys put since the last save
};

}  // namespace hush::verify::detail
