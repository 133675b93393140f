#include "result_cache.hpp"

#include <fcntl.h>
#include <sodium.h>
#include <sys/file.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstring>

#include <nlohmann/json.hpp>

#include "hush/common/error.hpp"
#include "hush/common/file.hpp"
#include "hush/common/hash.hpp"
#include "hush/common/pending_file.hpp"
#include "hush/common/secret.hpp"
#include "hush/common/text.hpp"
#include "hush/common/unique_fd.hpp"

namespace hush::verify::detail {
namespace {

constexpr std::string_view file_format = "hush-verify-cache-1";
constexpr std::size_t key_bytes = 32;

std::int64_t unix_ms(ResultCache::Clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

std::optional<State> parse_state(std::string_view name) {
  if (name == "live") return State::live;
  if (name == "invalid") return State::invalid;
  return std::nullopt;
}

// The key as written: lower-case hex.
bool decode_key(std::string_view hex, SecretBuffer& key) {
  hex = trim(hex);
  if (hex.size() != 2 * key_bytes) return false;
  key.resize(key_bytes);
  std::size_t written = 0;
  return sodium_hex2bin(key.bytes(), key_bytes, hex.data(), hex.size(), nullptr, &written, nullptr) == 0 &&
         written == key_bytes;
}

}  // namespace

ResultCache::ResultCache(std::filesystem::path dir, std::chrono::milliseconds ttl, Clock::time_point now, Logger& log)
    : dir_(std::move(dir)), ttl_(ttl), now_(now), log_(log) {
  std::error_code ec;
  if (!std::filesystem::is_directory(dir_, ec)) {
    std::filesystem::create_directories(dir_, ec);
    // Only the owner lists what was verified, even when the umask is generous.
    if (!ec) std::filesystem::permissions(dir_, std::filesystem::perms::owner_all, ec);
  }
  if (ec) {
    log_.warn("verification cache directory unusable, results are not cached",
              {{"path", dir_.string()}, {"error", ec.message()}});
    return;
  }
  try {
    load_key();
  } catch (const Error& e) {
    log_.warn("verification cache key unusable, results are not cached", {{"error", e.what()}});
    return;
  }
  usable_ = true;
  load_entries();
}

UniqueFd ResultCache::lock() const {
  const std::filesystem::path path = dir_ / lock_file_name();
  UniqueFd fd(::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600));
  if (!fd || ::flock(fd.get(), LOCK_EX) != 0)
    throw Error(ErrorKind::runtime, "cannot lock " + path.string() + ": " + std::strerror(errno));
  return fd;
}

void ResultCache::load_key() {
  ensure_sodium();
  const std::filesystem::path path = dir_ / key_file_name();
  const auto read_key = [&] {
    auto text = read_file_bytes(path);
    if (!text) return false;
    const bool ok = decode_key(*text, key_);
    secure_wipe(text->data(), text->size());
    if (!ok) log_.warn("verification cache key damaged, starting a new cache", {{"path", path.string()}});
    return ok;
  };
  if (read_key()) return;
  // Scans starting at once on a new cache make one key between them, or each would hash its
  // answers under a key the others cannot find them by.
  const UniqueFd held = lock();
  if (read_key()) return;
  key_.resize(key_bytes);
  randombytes_buf(key_.bytes(), key_bytes);
  std::string hex(2 * key_bytes + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), key_.bytes(), key_bytes);
  hex.back() = '\n';
  PendingFile(path).write_and_commit(hex, 0600);
  secure_wipe(hex.data(), hex.size());
}

void ResultCache::load_entries() {
  if (!read_entries(entries_, false)) {
    log_.warn("verification cache damaged, ignored (it is rewritten)", {{"path", (dir_ / file_name()).string()}});
    changed_ = true;
  }
}

bool ResultCache::read_entries(std::map<std::string, Entry>& out, bool merging) {
  out.clear();
  const std::filesystem::path path = dir_ / file_name();
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return true;
  const auto text = read_file_bytes(path);
  const auto damaged = [&] {
    out.clear();
    return false;
  };
  if (!text) return damaged();
  const nlohmann::json doc = nlohmann::json::parse(*text, nullptr, false);
  if (!doc.is_object() || doc.value("format", "") != file_format || !doc.contains("entries") ||
      !doc["entries"].is_array())
    return damaged();
  const std::int64_t now = unix_ms(now_);
  for (const auto& item : doc["entries"]) {
    if (!item.is_object() || !item.contains("key") || !item["key"].is_string() || !item.contains("state") ||
        !item["state"].is_string() || !item.contains("at") || !item["at"].is_number_integer() ||
        (item.contains("detail") && !item["detail"].is_array()))
      return damaged();
    const auto state = parse_state(item["state"].get<std::string>());
    if (!state) return damaged();
    Entry entry;
    entry.verdict.state = *state;
    entry.at_ms = item["at"].get<std::int64_t>();
    if (item.contains("detail")) {
      for (const auto& pair : item["detail"]) {
        if (!pair.is_array() || pair.size() != 2 || !pair[0].is_string() || !pair[1].is_string()) return damaged();
        entry.verdict.detail.push_back({pair[0].get<std::string>(), pair[1].get<std::string>()});
      }
    }
    const std::int64_t age = now - entry.at_ms;
    // An answer from the future is not trusted (a clock set back), but when merging, one a scan
    // that started a moment after this one got is that scan's, and stays.
    const bool future = merging ? age <= -ttl_.count() : age < 0;
    if (future || age >= ttl_.count()) {
      changed_ = true;  // expired entries leave the file on the next save
      continue;
    }
    out[item["key"].get<std::string>()] = std::move(entry);
  }
  return true;
}

std::string ResultCache::key_of(std::string_view rule_id, std::string_view url, std::string_view pair_id,
                                std::string_view secret) const {
  return Blake2b(key_.view(), 32)
      .update_field(rule_id)
      .update_field(url)
      .update_field(pair_id)
      .update_field(secret)
      .hex_digest();
}

const Verdict* ResultCache::find(const std::string& key) const {
  const auto it = entries_.find(key);
  return it == entries_.end() ? nullptr : &it->second.verdict;
}

void ResultCache::put(const std::string& key, const Verdict& verdict) {
  if (!usable_ || (verdict.state != State::live && verdict.state != State::invalid)) return;
  entries_[key] = Entry{verdict, unix_ms(now_)};
  answered_.insert(key);
  changed_ = true;
}

void ResultCache::save() {
  if (!usable_ || !changed_) return;
  // Scans running at once each read the file at their start: each merges its own answers into
  // what is on disk now, under a lock, so that no scan's answers are lost to another's write.
  UniqueFd held;
  try {
    held = lock();
  } catch (const Error& e) {
    log_.warn("verification cache not saved", {{"error", e.what()}});
    return;
  }
  std::map<std::string, Entry> merged;
  (void)read_entries(merged, true);  // a damaged file is replaced by this run's answers
  for (const auto& key : answered_) merged[key] = entries_.at(key);
  entries_ = std::move(merged);
  nlohmann::json entries = nlohmann::json::array();
  for (const auto& [key, entry] : entries_) {
    nlohmann::json detail = nlohmann::json::array();
    for (const auto& d : entry.verdict.detail) detail.push_back({d.name, d.text});
    entries.push_back(
        {{"key", key}, {"state", state_name(entry.verdict.state)}, {"at", entry.at_ms}, {"detail", std::move(detail)}});
  }
  const nlohmann::json doc = {{"format", file_format}, {"entries", std::move(entries)}};
  try {
    PendingFile(dir_ / file_name()).write_and_commit(doc.dump() + "\n", 0600);
    changed_ = false;
    answered_.clear();
  } catch (const Error& e) {
    log_.warn("cannot write the verification cache", {{"error", e.what()}});
  }
}

}  // namespace hush::verify::detail
