#include <charconv>
#include <unordered_set>

#include "hush/common/error.hpp"
#include "hush/common/hash.hpp"
#include "hush/scanner/sources/remote.hpp"

namespace hush::scanner {

Shard parse_shard(std::string_view text) {
  const auto slash = text.find('/');
  Shard shard;
  const auto parse = [](std::string_view digits, unsigned& out) {
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), out);
    return ec == std::errc() && end == digits.data() + digits.size() && !digits.empty();
  };
  if (slash == std::string_view::npos || !parse(text.substr(0, slash), shard.index) ||
      !parse(text.substr(slash + 1), shard.count) || shard.count == 0 || shard.index >= shard.count)
    throw Error(ErrorKind::usage,
                "--shard takes I/N with 0 <= I < N (shards count from 0, as JOB_COMPLETION_INDEX does), not '" +
                    std::string(text) + "'");
  return shard;
}

unsigned shard_of(const RepositoryLocation& repository, unsigned count) {
  if (count <= 1) return 0;
  // A keyed hash of the identity, not std::hash: the same on every machine, build and run.
  const std::string digest = Blake2b("hush repository shard v1", 16).update(repository.identity).hex_digest();
  std::uint64_t value = 0;
  std::from_chars(digest.data(), digest.data() + 16, value, 16);
  return static_cast<unsigned>(value % count);
}

std::vector<RepositoryLocation> repositories_in_shard(const std::vector<RepositoryLocation>& list, Shard shard) {
  std::vector<RepositoryLocation> mine;
  std::unordered_set<std::string> seen;
  for (const auto& repository : list)
    if (shard_of(repository, shard.count) == shard.index && seen.insert(repository.identity).second)
      mine.push_back(repository);
  return mine;
}

}  // namespace hush::scanner
