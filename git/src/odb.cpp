#include "odb.hpp"

#include <git2/sys/odb_backend.h>
#include <git2/sys/repository.h>

#include <cstring>
#include <memory>
#include <string>

#include "hush/common/error.hpp"
#include "hush/common/mapped_file.hpp"
#include "hush/git/libgit2.hpp"
#include "hush/git/loose_object.hpp"

namespace hush::git {
namespace {

git_object_t to_git(ObjectType type) { return static_cast<git_object_t>(type); }

OidView view_of(const git_oid* oid) { return OidView(oid->id, GIT_OID_RAWSZ); }

struct LooseDirectory {
  std::filesystem::path dir;
};

// libgit2 calls the backend through C function pointers with the base's address: the struct must
// start with its base, so it holds only standard-layout members, the directory by pointer.
struct LooseBackend {
  git_odb_backend base;
  LooseDirectory* directory;  // owned; freed in on_free
};
static_assert(std::is_standard_layout_v<LooseBackend>);

const LooseDirectory& self(git_odb_backend* backend) { return *reinterpret_cast<LooseBackend*>(backend)->directory; }

// Errors cannot cross into C: they become libgit2's error state and return code.
template <typename Fn>
int guarded(Fn fn) noexcept {
  try {
    return fn();
  } catch (const std::exception& e) {
    git_error_set_str(GIT_ERROR_ODB, e.what());
    return GIT_ERROR;
  }
}

bool exists_file(const std::filesystem::path& file) {
  std::error_code ec;
  return std::filesystem::is_regular_file(file, ec);
}

// The object's file, mapped; nullopt when this directory does not hold it.
std::optional<MappedFile> open_object(const LooseDirectory& backend, const git_oid* oid) {
  const std::filesystem::path file = loose_object_path(backend.dir, view_of(oid));
  if (!exists_file(file)) return std::nullopt;
  return MappedFile(file);
}

int read_object(git_odb_backend* base, const git_oid* oid, void** data, std::size_t* size, git_object_t* type) {
  const auto file = open_object(self(base), oid);
  if (!file) return GIT_ENOTFOUND;
  std::string content;
  const LooseHeader header = read_loose_object({file->data(), file->size()}, content, oid_hex(*oid));
  void* out = git_odb_backend_data_alloc(base, content.size());
  if (!out) return GIT_ERROR;
  if (!content.empty()) std::memcpy(out, content.data(), content.size());
  *data = out;
  *size = content.size();
  *type = to_git(header.type);
  return 0;
}

// The one object whose id starts with the first `hex_len` hex digits of `prefix`.
int find_prefix(const LooseDirectory& backend, const git_oid* prefix, std::size_t hex_len, git_oid* found) {
  char hex[GIT_OID_HEXSZ + 1] = {};
  git_oid_fmt(hex, prefix);
  if (hex_len < 2 || hex_len > GIT_OID_HEXSZ) return GIT_ENOTFOUND;
  const std::string_view rest(hex + 2, hex_len - 2);
  std::error_code ec;
  std::filesystem::directory_iterator it(backend.dir / std::string(hex, 2), ec);
  if (ec) return GIT_ENOTFOUND;
  int matches = 0;
  for (const auto& entry : it) {
    const std::string name = entry.path().filename().string();
    if (name.size() != GIT_OID_HEXSZ - 2 || name.compare(0, rest.size(), rest) != 0) continue;
    const std::string full = std::string(hex, 2) + name;
    if (git_oid_fromstrn(found, full.data(), full.size()) != 0) continue;
    if (++matches > 1) {
      git_error_set_str(GIT_ERROR_ODB, "short object id is ambiguous");
      return GIT_EAMBIGUOUS;
    }
  }
  return matches == 1 ? 0 : GIT_ENOTFOUND;
}

int on_read(void** data, std::size_t* size, git_object_t* type, git_odb_backend* backend, const git_oid* oid) {
  return guarded([&]() -> int { return read_object(backend, oid, data, size, type); });
}

int on_read_prefix(git_oid* out, void** data, std::size_t* size, git_object_t* type, git_odb_backend* backend,
                   const git_oid* prefix, std::size_t hex_len) {
  return guarded([&]() -> int {
    git_oid found;
    if (const int rc = find_prefix(self(backend), prefix, hex_len, &found); rc != 0) return rc;
    const int rc = read_object(backend, &found, data, size, type);
    if (rc == 0) git_oid_cpy(out, &found);
    return rc;
  });
}

int on_read_header(std::size_t* size, git_object_t* type, git_odb_backend* backend, const git_oid* oid) {
  return guarded([&]() -> int {
    const auto file = open_object(self(backend), oid);
    if (!file) return GIT_ENOTFOUND;
    const LooseHeader header = read_loose_header({file->data(), file->size()}, oid_hex(*oid));
    *size = static_cast<std::size_t>(header.size);
    *type = to_git(header.type);
    return 0;
  });
}

int on_exists(git_odb_backend* backend, const git_oid* oid) {
  return guarded([&]() -> int { return exists_file(loose_object_path(self(backend).dir, view_of(oid))) ? 1 : 0; });
}

int on_exists_prefix(git_oid* out, git_odb_backend* backend, const git_oid* prefix, std::size_t hex_len) {
  return guarded([&]() -> int { return find_prefix(self(backend), prefix, hex_len, out); });
}

int on_refresh(git_odb_backend*) { return 0; }

int on_foreach(git_odb_backend* backend, git_odb_foreach_cb callback, void* payload) {
  return guarded([&]() -> int {
    std::error_code ec;
    for (const auto& fan : std::filesystem::directory_iterator(self(backend).dir, ec)) {
      const std::string prefix = fan.path().filename().string();
      if (prefix.size() != 2) continue;
      std::error_code inner;
      for (const auto& file : std::filesystem::directory_iterator(fan.path(), inner)) {
        const std::string hex = prefix + file.path().filename().string();
        git_oid id;
        if (hex.size() != GIT_OID_HEXSZ || git_oid_fromstrn(&id, hex.data(), hex.size()) != 0) continue;
        if (const int rc = callback(&id, payload); rc != 0) {
          git_error_set_str(GIT_ERROR_ODB, "object listing stopped by its caller");
          return rc;
        }
      }
    }
    return 0;
  });
}

void on_free(git_odb_backend* backend) {
  // Ownership came from make_backend(); this is where libgit2 hands it back.
  std::unique_ptr<LooseBackend> owned(reinterpret_cast<LooseBackend*>(backend));
  std::unique_ptr<LooseDirectory> directory(owned->directory);
}

git_odb_backend* make_backend(const std::filesystem::path& dir) {
  auto directory = std::make_unique<LooseDirectory>(LooseDirectory{dir});
  auto backend = std::make_unique<LooseBackend>();
  check(git_odb_init_backend(&backend->base, GIT_ODB_BACKEND_VERSION), "cannot set up the loose object reader");
  backend->directory = directory.release();
  backend->base.read = on_read;
  backend->base.read_prefix = on_read_prefix;
  backend->base.read_header = on_read_header;
  backend->base.exists = on_exists;
  backend->base.exists_prefix = on_exists_prefix;
  backend->base.refresh = on_refresh;
  backend->base.foreach = on_foreach;
  backend->base.free = on_free;
  return &backend.release()->base;
}

// libgit2's own priorities: packs are asked before loose objects.
constexpr int pack_priority = 2;
constexpr int loose_priority = 1;

}  // namespace

void install_object_database(git_repository* repo, const std::vector<std::filesystem::path>& dirs) {
  git_odb* raw = nullptr;
  check(git_odb_new(&raw), "cannot create an object database");
  const Odb odb(raw);
  bool own = true;  // the first directory is the repository's; the rest are alternates
  for (const auto& dir : dirs) {
    git_odb_backend* packs = nullptr;
    check(git_odb_backend_pack(&packs, dir.c_str()), "cannot read the packs of " + dir.string());
    git_odb_backend* loose = make_backend(dir);
    const auto add = own ? git_odb_add_backend : git_odb_add_alternate;
    if (const int rc = add(odb.get(), packs, pack_priority); rc < 0) {
      packs->free(packs);
      loose->free(loose);
      check(rc, "cannot add the packs of " + dir.string());
    }
    if (const int rc = add(odb.get(), loose, loose_priority); rc < 0) {
      loose->free(loose);
      check(rc, "cannot add the loose objects of " + dir.string());
    }
    own = false;
  }
  check(git_repository_set_odb(repo, odb.get()), "cannot use the object database");
}

}  // namespace hush::git
