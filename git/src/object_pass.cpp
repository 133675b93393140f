#include "hush/git/object_pass.hpp"

#include <algorithm>
#include <atomic>
#include <cctype>
#include <exception>
#include <thread>
#include <vector>

#include "hush/common/mapped_file.hpp"
#include "hush/git/libgit2.hpp"
#include "hush/git/loose_object.hpp"
#include "hush/git/pack_reader.hpp"

namespace hush::git {
namespace {

constexpr unsigned parts_per_thread = 16;
// Smaller parts would mostly split delta families, whose bases are then rebuilt, and whose blobs
// cannot take over their base's candidates.
constexpr std::size_t min_objects_per_part = 1024;

template <typename Work>
void on_threads(unsigned n, Work work) {
  std::vector<std::thread> threads;
  std::vector<std::exception_ptr> failures(n);
  for (unsigned t = 0; t < n; ++t) {
    threads.emplace_back([&, t] {
      try {
        work(t);
      } catch (...) {
        failures[t] = std::current_exception();
      }
    });
  }
  for (auto& th : threads) th.join();
  for (auto& f : failures)
    if (f) std::rethrow_exception(f);
}

class Visitor final : public PackVisitor {
 public:
  Visitor(ObjectHandler& handler, unsigned thread, std::uint32_t pack)
      : handler_(handler), thread_(thread), pack_(pack) {}
  bool wants_type(ObjectType type) override { return handler_.wants(type); }
  bool wants(ObjectType type, std::uint64_t size) override {
    const std::uint64_t max = handler_.max_size(type);
    if (max != 0 && size > max) {
      handler_.oversized(thread_, type);
      return false;
    }
    return true;
  }
  void visit(const PackObject& object) override {
    git_oid id;
    git_oid_fromraw(&id, object.oid.data());
    const PackedOrigin origin{pack_, object.entry, object.base_entry, object.depth, object.is_base, object.copies};
    handler_.object(thread_, id, object.type, object.data, &origin);
  }
  bool keep_going(OidView oid, const Error& error) override {
    return handler_.unreadable(thread_, oid_hex(oid), error);
  }

 private:
  ObjectHandler& handler_;
  unsigned thread_;
  std::uint32_t pack_;
};

// Loose objects live in objects/xx/yyyy...; listing the directories is cheaper than asking
// libgit2 to enumerate every packed object too.
void list_loose(const std::filesystem::path& objects_dir, std::vector<ObjectStore::Loose>& out) {
  std::error_code ec;
  for (const auto& dir : std::filesystem::directory_iterator(objects_dir, ec)) {
    const std::string prefix = dir.path().filename().string();
    if (prefix.size() != 2 || !std::isxdigit(static_cast<unsigned char>(prefix[0])) ||
        !std::isxdigit(static_cast<unsigned char>(prefix[1])))
      continue;
    std::error_code inner;
    for (const auto& file : std::filesystem::directory_iterator(dir.path(), inner)) {
      const std::string hex = prefix + file.path().filename().string();
      git_oid id;
      if (hex.size() == GIT_OID_HEXSZ && git_oid_fromstrn(&id, hex.data(), hex.size()) == 0)
        out.push_back({id, file.path()});
    }
  }
}

void read_loose(const std::vector<ObjectStore::Loose>& loose, unsigned thread, unsigned threads,
                ObjectHandler& handler) {
  std::string content;
  for (std::size_t i = thread; i < loose.size(); i += threads) {
    const ObjectStore::Loose& object = loose[i];
    try {
      const MappedFile file(object.file);
      const std::span<const unsigned char> bytes(file.data(), file.size());
      const std::string name = oid_hex(object.id);
      const LooseHeader header = read_loose_header(bytes, name);
      const ObjectType kind = header.type;
      if (!handler.wants(kind)) continue;
      const std::uint64_t max = handler.max_size(kind);
      if (max != 0 && header.size > max) {
        handler.oversized(thread, kind);
        continue;
      }
      read_loose_object(bytes, content, name);
      handler.object(thread, object.id, kind, content, nullptr);
    } catch (const Error& error) {
      if (!handler.unreadable(thread, oid_hex(object.id), error)) throw;
    }
  }
}

}  // namespace

ObjectStore::ObjectStore(const std::vector<std::filesystem::path>& dirs, bool keep_going) {
  for (const auto& dir : dirs) {
    for (const auto& pack_path : list_packs(dir)) {
      try {
        packs_.push_back(std::make_unique<const PackFile>(pack_path));
      } catch (const Error& error) {
        if (!keep_going) throw;
        unreadable_packs_.push_back(error.what());
      }
    }
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(dir / "pack", ec)) {
      std::filesystem::path idx = entry.path();
      if (idx.extension() != ".pack") continue;
      idx.replace_extension(".idx");
      std::error_code idx_ec;
      if (!std::filesystem::exists(idx, idx_ec)) unindexed_packs_.push_back(entry.path());
    }
    list_loose(dir, loose_);
  }
}

void for_each_object(const ObjectStore& store, unsigned threads, ObjectHandler& handler) {
  const unsigned n = std::max(1u, threads);
  for (std::uint32_t this_pack = 0; this_pack < store.packs().size(); ++this_pack) {
    const PackFile& pack = *store.packs()[this_pack];
    // Many more parts than threads, taken in turn: a part's cost cannot be known in advance (it
    // depends on which object types the pass wants and on how git laid out delta families), and
    // with one part per thread one thread often finished in half the time of the other. Bases a
    // part needs from an earlier one are rebuilt; on git/git 16 parts per thread cost less in
    // total than one.
    const unsigned parts = static_cast<unsigned>(
        std::clamp<std::size_t>(pack.object_count() / min_objects_per_part, 1, std::size_t{n} * parts_per_thread));
    std::atomic<unsigned> next{0};
    on_threads(n, [&](unsigned t) {
      PackReader reader(pack);
      Visitor visitor(handler, t, this_pack);
      for (unsigned part; (part = next.fetch_add(1)) < parts;) reader.for_each_object(part, parts, visitor);
    });
  }
  if (!store.loose().empty()) on_threads(n, [&](unsigned t) { read_loose(store.loose(), t, n, handler); });
}

PresentObjects present_objects(const ObjectStore& store) {
  PresentObjects present;
  for (const auto& pack_file : store.packs()) {
    const PackFile& pack = *pack_file;
    const auto entries = pack.entries();
    // Sized once from the pack's counts instead of growing by doubling (a rehash per doubling).
    const auto& by_type = pack.stats().objects_by_type;
    present.blobs.reserve(present.blobs.size() + by_type[static_cast<unsigned>(ObjectType::blob)]);
    present.trees.reserve(present.trees.size() + by_type[static_cast<unsigned>(ObjectType::tree)]);
    present.commits.reserve(present.commits.size() + by_type[static_cast<unsigned>(ObjectType::commit)]);
    for (std::uint32_t i = 0; i < entries.size(); ++i) {
      git_oid id;
      git_oid_fromraw(&id, pack.oid(i).data());
      switch (entries[i].type) {
        case ObjectType::blob:
          present.blobs.insert(id);
          break;
        case ObjectType::tree:
          present.trees.insert(id);
          break;
        case ObjectType::commit:
          present.commits.insert(id);
          break;
        case ObjectType::tag:
          present.tags.insert(id);
          break;
      }
    }
  }
  for (const auto& object : store.loose()) {
    try {
      const MappedFile file(object.file);
      switch (read_loose_header({file.data(), file.size()}, oid_hex(object.id)).type) {
        case ObjectType::blob:
          present.blobs.insert(object.id);
          break;
        case ObjectType::tree:
          present.trees.insert(object.id);
          break;
        case ObjectType::commit:
          present.commits.insert(object.id);
          break;
        case ObjectType::tag:
          present.tags.insert(object.id);
          break;
      }
    } catch (const Error&) {
      // There but unreadable: the object pass reports it once; it is not also "missing".
      present.blobs.insert(object.id);
      present.trees.insert(object.id);
      present.commits.insert(object.id);
    }
  }
  return present;
}

}  // namespace hush::git
