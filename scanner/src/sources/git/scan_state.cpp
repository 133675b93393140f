#include "sources/git/scan_state.hpp"

#include <algorithm>
#include <cstring>
#include <vector>

#include "git_library.hpp"
#include "hush/common/error.hpp"
#include "hush/common/file.hpp"
#include "hush/common/hash.hpp"
#include "hush/common/pending_file.hpp"

namespace hush::scanner::git {
namespace {

// Layout: magic, then fields in order, then a BLAKE2b digest of everything before it.
//   u32 version, u32 id size, str repository, u64 n, n sorted ids, u64 m, m str fingerprints
// (str = u32 length + bytes; integers little-endian as this machine writes them: the file never
// leaves the machine that wrote it, and another byte order fails the digest and is rebuilt).
constexpr std::string_view magic = "HUSHSTAT";
constexpr std::uint32_t format_version = 1;
constexpr std::size_t digest_length = 32;
constexpr std::string_view digest_key = "hush scan state v1";

std::string digest_of(std::string_view bytes) {
  Blake2b hash(digest_key, digest_length);
  hash.update(bytes);
  return hash.hex_digest();
}

template <typename T>
void put(std::string& out, T value) {
  out.append(reinterpret_cast<const char*>(&value), sizeof value);
}

void put_string(std::string& out, std::string_view s) {
  put(out, static_cast<std::uint32_t>(s.size()));
  out.append(s);
}

// Reads fields off a buffer, every length checked against what is left.
class Reader {
 public:
  explicit Reader(std::string_view bytes) : bytes_(bytes) {}
  template <typename T>
  bool get(T& value) {
    if (bytes_.size() < sizeof value) return false;
    std::memcpy(&value, bytes_.data(), sizeof value);
    bytes_.remove_prefix(sizeof value);
    return true;
  }
  bool get_bytes(std::size_t n, std::string_view& out) {
    if (bytes_.size() < n) return false;
    out = bytes_.substr(0, n);
    bytes_.remove_prefix(n);
    return true;
  }
  bool get_string(std::string_view& out) {
    std::uint32_t n = 0;
    return get(n) && get_bytes(n, out);
  }
  [[nodiscard]] bool done() const { return bytes_.empty(); }

 private:
  std::string_view bytes_;
};

}  // namespace

std::filesystem::path state_file_for(const std::filesystem::path& state_dir, const std::string& repository) {
  Blake2b hash("hush scan state file", 16);
  hash.update(repository);
  return state_dir / (hash.hex_digest() + ".state");
}

std::optional<ScanState> load_scan_state(const std::filesystem::path& file, const std::string& repository,
                                         std::string& why) {
  const auto read = read_file_bytes(file);
  if (!read) {
    why = "no state yet";
    return std::nullopt;
  }
  const std::string& bytes = *read;
  const std::size_t digest_hex = digest_length * 2;
  if (bytes.size() < magic.size() + digest_hex || !bytes.starts_with(magic)) {
    why = "not a hush state file";
    return std::nullopt;
  }
  const std::string_view body(bytes.data(), bytes.size() - digest_hex);
  if (digest_of(body) != std::string_view(bytes).substr(body.size())) {
    why = "the state file is damaged";
    return std::nullopt;
  }
  Reader r(body.substr(magic.size()));
  std::uint32_t version = 0, id_size = 0;
  std::string_view owner;
  std::uint64_t count = 0;
  if (!r.get(version) || version != format_version || !r.get(id_size) || id_size != GIT_OID_RAWSZ ||
      !r.get_string(owner)) {
    why = "the state file is of another format";
    return std::nullopt;
  }
  if (owner != repository) {
    why = "the state file belongs to another repository";
    return std::nullopt;
  }
  ScanState state;
  state.repository = repository;
  if (!r.get(count) || count > body.size() / id_size) {
    why = "the state file is damaged";
    return std::nullopt;
  }
  state.commits.reserve(static_cast<std::size_t>(count));
  for (std::uint64_t i = 0; i < count; ++i) {
    std::string_view raw;
    if (!r.get_bytes(id_size, raw)) {
      why = "the state file is damaged";
      return std::nullopt;
    }
    git_oid id{};
    std::memcpy(id.id, raw.data(), id_size);
    state.commits.insert(id);
  }
  if (!r.get(count) || count > body.size()) {
    why = "the state file is damaged";
    return std::nullopt;
  }
  for (std::uint64_t i = 0; i < count; ++i) {
    std::string_view fingerprint;
    if (!r.get_string(fingerprint)) {
      why = "the state file is damaged";
      return std::nullopt;
    }
    state.fingerprints.emplace(fingerprint);
  }
  if (!r.done()) {
    why = "the state file is damaged";
    return std::nullopt;
  }
  return state;
}

void save_scan_state(const std::filesystem::path& file, const ScanState& state) {
  std::vector<git_oid> ids(state.commits.begin(), state.commits.end());
  // Sorted, so the same state is the same file.
  std::sort(ids.begin(), ids.end(),
            [](const git_oid& a, const git_oid& b) { return std::memcmp(a.id, b.id, GIT_OID_RAWSZ) < 0; });
  std::vector<std::string_view> fingerprints(state.fingerprints.begin(), state.fingerprints.end());
  std::sort(fingerprints.begin(), fingerprints.end());

  std::string out(magic);
  put(out, format_version);
  put(out, static_cast<std::uint32_t>(GIT_OID_RAWSZ));
  put_string(out, state.repository);
  put(out, static_cast<std::uint64_t>(ids.size()));
  for (const auto& id : ids) out.append(reinterpret_cast<const char*>(id.id), GIT_OID_RAWSZ);
  put(out, static_cast<std::uint64_t>(fingerprints.size()));
  for (const auto fp : fingerprints) put_string(out, fp);
  out += digest_of(out);

  std::error_code ec;
  // A directory made here is the owner's alone; one the user gave keeps its mode.
  if (std::filesystem::create_directories(file.parent_path(), ec))
    std::filesystem::permissions(file.parent_path(), std::filesystem::perms::owner_all, ec);
  PendingFile(file).write_and_commit(out, 0600);
}

}  // namespace hush::scanner::git
