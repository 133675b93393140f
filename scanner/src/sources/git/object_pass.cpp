#include "sources/git/object_pass.hpp"

#include <algorithm>
#include <atomic>
#include <cctype>
#include <exception>
#include <thread>
#include <vector>

#include "sources/git/libgit2.hpp"
#include "sources/git/pack_reader.hpp"

namespace hush::scanner::git {
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
  Visitor(ObjectHandler& handler, unsigned thread, std::uint32_t pack) : handler_(handler), thread_(thread), pack_(pack) {}
  bool wants_type(ObjectType type) override { return handler_.wants(static_cast<Kind>(type)); }
  bool wants(ObjectType type, std::uint64_t size) override {
    const std::uint64_t max = handler_.max_size(static_cast<Kind>(type));
    if (max != 0 && size > max) {
      handler_.oversized(thread_, static_cast<Kind>(type));
      return false;
    }
    return true;
  }
  void visit(const PackObject& object) override {
    git_oid id;
    git_oid_fromraw(&id, object.oid.data());
    const PackedOrigin origin{pack_, object.entry, object.base_entry, object.depth, object.is_base, object.copies};
    handler_.object(thread_, id, static_cast<Kind>(object.type), object.data, &origin);
  }
  bool keep_going(OidView oid, const Error& error) override { return handler_.unreadable(thread_, oid_hex(oid), error); }

 private:
  ObjectHandler& handler_;
  unsigned thread_;
  std::uint32_t pack_;
};

// Loose objects live in objects/xx/yyyy...; listing the directories is cheaper than asking
// libgit2 to enumerate every packed object too.
std::vector<git_oid> loose_objects(const std::filesystem::path& objects_dir) {
  std::vector<git_oid> out;
  std::error_code ec;
  for (const auto& dir : std::filesystem::directory_iterator(objects_dir, ec)) {
    const std::string prefix = dir.path().filename().string();
    if (prefix.size() != 2 || !std::isxdigit(static_cast<unsigned char>(prefix[0])) || !std::isxdigit(static_cast<unsigned char>(prefix[1])))
      continue;
    std::error_code inner;
    for (const auto& file : std::filesystem::directory_iterator(dir.path(), inner)) {
      const std::string hex = prefix + file.path().filename().string();
      git_oid id;
      if (hex.size() == GIT_OID_HEXSZ && git_oid_fromstrn(&id, hex.data(), hex.size()) == 0) out.push_back(id);
    }
  }
  return out;
}

void read_loose(const std::vector<git_oid>& ids, const std::string& git_dir, unsigned thread, unsigned threads, ObjectHandler& handler) {
  // One repository handle per thread: libgit2's object caches are not built for sharing.
  Repository repo = open_repository(git_dir);
  git_odb* raw_odb = nullptr;
  check(git_repository_odb(&raw_odb, repo.get()), "cannot open object database");
  Odb odb(raw_odb);
  for (std::size_t i = thread; i < ids.size(); i += threads) {
    std::size_t size = 0;
    git_object_t type = GIT_OBJECT_INVALID;
    if (git_odb_read_header(&size, &type, odb.get(), &ids[i]) == 0) {
      if (type < GIT_OBJECT_COMMIT || type > GIT_OBJECT_TAG || !handler.wants(static_cast<Kind>(type))) continue;
      const std::uint64_t max = handler.max_size(static_cast<Kind>(type));
      if (max != 0 && size > max) {
        handler.oversized(thread, static_cast<Kind>(type));
        continue;
      }
      git_odb_object* raw = nullptr;
      if (git_odb_read(&raw, odb.get(), &ids[i]) == 0) {
        OdbObject object(raw);
        handler.object(thread, ids[i], static_cast<Kind>(type),
                       {static_cast<const char*>(git_odb_object_data(object.get())), git_odb_object_size(object.get())},
                       nullptr);
        continue;
      }
    }
    const git_error* e = git_error_last();
    const Error error(ErrorKind::runtime, "cannot read object " + oid_hex(ids[i]) + (e && e->message ? std::string(": ") + e->message : ""));
    if (!handler.unreadable(thread, oid_hex(ids[i]), error)) throw error;
  }
}

}  // namespace

PackSet::PackSet(const std::filesystem::path& objects_dir) {
  for (const auto& pack_path : list_packs(objects_dir)) packs_.push_back(std::make_unique<const PackFile>(pack_path));
}

void for_each_object(const PackSet& packs, const std::filesystem::path& objects_dir, const std::string& git_dir, unsigned threads,
                     ObjectHandler& handler) {
  const unsigned n = std::max(1u, threads);
  for (std::uint32_t this_pack = 0; this_pack < packs.packs().size(); ++this_pack) {
    const PackFile& pack = *packs.packs()[this_pack];
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
  const std::vector<git_oid> loose = loose_objects(objects_dir);
  if (!loose.empty()) on_threads(n, [&](unsigned t) { read_loose(loose, git_dir, t, n, handler); });
}

PresentObjects present_objects(const PackSet& packs, const std::filesystem::path& objects_dir, const std::string& git_dir) {
  PresentObjects present;
  for (const auto& pack_file : packs.packs()) {
    const PackFile& pack = *pack_file;
    const auto entries = pack.entries();
    // Sized once from the pack's counts instead of growing by doubling (a rehash per doubling).
    present.blobs.reserve(present.blobs.size() + pack.stats().objects_by_type[static_cast<unsigned>(ObjectType::blob)]);
    present.trees.reserve(present.trees.size() + pack.stats().objects_by_type[static_cast<unsigned>(ObjectType::tree)]);
    for (std::uint32_t i = 0; i < entries.size(); ++i) {
      if (entries[i].type != ObjectType::blob && entries[i].type != ObjectType::tree) continue;
      git_oid id;
      git_oid_fromraw(&id, pack.oid(i).data());
      (entries[i].type == ObjectType::blob ? present.blobs : present.trees).insert(id);
    }
  }
  const std::vector<git_oid> loose = loose_objects(objects_dir);
  if (loose.empty()) return present;
  Repository repo = open_repository(git_dir);
  git_odb* raw_odb = nullptr;
  check(git_repository_odb(&raw_odb, repo.get()), "cannot open object database");
  Odb odb(raw_odb);
  for (const auto& id : loose) {
    std::size_t size = 0;
    git_object_t type = GIT_OBJECT_INVALID;
    if (git_odb_read_header(&size, &type, odb.get(), &id) != 0) {
      // There but unreadable: the object pass reports it once; it is not also "missing".
      git_error_clear();
      present.blobs.insert(id);
      present.trees.insert(id);
      continue;
    }
    if (type == GIT_OBJECT_BLOB) present.blobs.insert(id);
    else if (type == GIT_OBJECT_TREE) present.trees.insert(id);
  }
  return present;
}

}  // namespace hush::scanner::git
