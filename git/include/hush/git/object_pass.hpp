#pragma once
// One parallel pass over every object of a repository: each pack on all threads (the pack reader,
// by delta family), then the loose objects (loose_object.hpp), over the repository's own objects
// directory and its alternates. The handler sees raw object bytes.
#include <git2.h>

#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "hush/common/error.hpp"
#include "hush/git/oid_set.hpp"
#include "hush/git/pack_reader.hpp"

namespace hush::git {

// Where a packed object sits in its delta family (see PackObject), so that a handler can reuse
// what it learnt from the object's base. Entries are numbered per pack.
struct PackedOrigin {
  std::uint32_t pack;  // the pack's position in this pass
  std::uint32_t entry;
  std::uint32_t base_entry;  // PackFile::no_base for a whole object
  std::uint32_t depth;
  bool is_base;
  std::span<const DeltaCopy> copies;
};

class ObjectHandler {
 public:
  virtual ~ObjectHandler() = default;
  [[nodiscard]] virtual bool wants(ObjectType kind) const = 0;
  // Objects bigger than this are not delivered (a blob size limit); 0 = no limit.
  [[nodiscard]] virtual std::uint64_t max_size(ObjectType kind) const = 0;
  // Called concurrently from `thread` (0..threads-1); an object in several packs may come twice.
  // `origin` is null for a loose object.
  virtual void object(unsigned thread, const git_oid& id, ObjectType kind, std::string_view data,
                      const PackedOrigin* origin) = 0;
  // Called for an object that was not delivered because of its size.
  virtual void oversized(unsigned thread, ObjectType kind) = 0;
  // An unreadable object: true to count it and go on (--keep-going), false to fail with `error`.
  [[nodiscard]] virtual bool unreadable(unsigned thread, const std::string& id_hex, const Error& error) = 0;
};

// Where the objects are: every pack (opened and checked once) and every loose object file of
// the object directories, for all the passes of a scan.
class ObjectStore {
 public:
  struct Loose {
    git_oid id;
    std::filesystem::path file;
  };
  // A pack that cannot be opened (corrupt, or disagreeing with its index) is an error naming it,
  // or with keep_going a problem noted here and the pack left out (its objects are then missing).
  ObjectStore(const std::vector<std::filesystem::path>& dirs, bool keep_going);
  [[nodiscard]] const std::vector<std::unique_ptr<const PackFile>>& packs() const noexcept { return packs_; }
  [[nodiscard]] const std::vector<Loose>& loose() const noexcept { return loose_; }
  // Packs left out, and packs without an index (git cannot read those either), for the summary.
  [[nodiscard]] const std::vector<std::string>& unreadable_packs() const noexcept { return unreadable_packs_; }
  [[nodiscard]] const std::vector<std::filesystem::path>& unindexed_packs() const noexcept { return unindexed_packs_; }

 private:
  std::vector<std::unique_ptr<const PackFile>> packs_;
  std::vector<Loose> loose_;
  std::vector<std::string> unreadable_packs_;
  std::vector<std::filesystem::path> unindexed_packs_;
};

void for_each_object(const ObjectStore& store, unsigned threads, ObjectHandler& handler);

// The ids of every blob, tree and commit the object database holds, from the pack indexes and
// the loose objects' headers, without inflating anything: what a tree or a commit names and is
// not here is missing.
struct PresentObjects {
  OidSet blobs;
  OidSet trees;
  OidSet commits;
  OidSet tags;
  [[nodiscard]] bool contains(const git_oid& id) const {
    return blobs.count(id) || trees.count(id) || commits.count(id) || tags.count(id);
  }
};
[[nodiscard]] PresentObjects present_objects(const ObjectStore& store);

}  // namespace hush::git
