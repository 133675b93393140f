#include "sources/git/commit_walk.hpp"

#include "git_library.hpp"
#include "hush/git/libgit2.hpp"
#include "hush/git/object_parse.hpp"
#include "hush/git/oid_set.hpp"
#include "hush/git/refs.hpp"
#include "sources/git/provenance.hpp"

namespace hush::scanner::git {
namespace {

// Tags point at tags at most this deep before a commit, or the chain is a loop.
constexpr int max_tag_depth = 32;

std::string_view object_bytes(git_odb_object* object) {
  return {static_cast<const char*>(git_odb_object_data(object)), git_odb_object_size(object)};
}

// The commit a ref, tag or id names, reading tags from their raw bytes; nullopt when an object on
// the way is absent, a usage error when the chain ends at something other than a commit.
std::optional<git_oid> peel_to_commit(git_odb* odb, git_oid id, const std::string& spec) {
  for (int depth = 0; depth <= max_tag_depth; ++depth) {
    git_odb_object* raw = nullptr;
    if (git_odb_read(&raw, odb, &id) < 0) {
      git_error_clear();
      return std::nullopt;
    }
    const OdbObject object(raw);
    if (git_odb_object_type(object.get()) == GIT_OBJECT_COMMIT) return id;
    ParsedTag tag;
    if (git_odb_object_type(object.get()) != GIT_OBJECT_TAG || !parse_tag(object_bytes(object.get()), tag)) break;
    id = tag.target;
  }
  throw Error(ErrorKind::usage, "'" + spec + "' is not a commit");
}

std::optional<git_oid> resolve_without_parsing(git_repository* repo, git_odb* odb, const std::string& spec) {
  git_reference* raw_ref = nullptr;
  if (git_reference_dwim(&raw_ref, repo, spec.c_str()) == 0) {
    const Reference ref(raw_ref);
    git_reference* raw_resolved = nullptr;
    if (git_reference_resolve(&raw_resolved, ref.get()) == 0) {
      const Reference resolved(raw_resolved);
      if (const git_oid* target = git_reference_target(resolved.get())) return peel_to_commit(odb, *target, spec);
    }
  }
  git_error_clear();
  git_oid prefix;
  if (spec.size() >= GIT_OID_MINPREFIXLEN && spec.size() <= GIT_OID_HEXSZ &&
      git_oid_fromstrn(&prefix, spec.data(), spec.size()) == 0) {
    git_oid full;
    if (git_odb_exists_prefix(&full, odb, &prefix, spec.size()) == 0) return peel_to_commit(odb, full, spec);
  }
  git_error_clear();
  return std::nullopt;
}

// nullopt when libgit2 cannot walk. (When that is because it cannot parse a commit, libgit2 1.5
// leaks the few bytes it had parsed of it: a one-shot process can afford that, LeakSanitizer
// reports it.)
std::optional<RangeWalk> walk_with_libgit2(git_repository* repo, const git_oid& head, const git_oid& hide) {
  git_oid base;
  const int rc = git_merge_base(&base, repo, &hide, &head);
  if (rc == GIT_ENOTFOUND) {
    git_error_clear();
    return RangeWalk{{}, false, std::nullopt};
  }
  git_revwalk* raw_walk = nullptr;
  if (rc < 0 || git_revwalk_new(&raw_walk, repo) < 0) {
    git_error_clear();
    return std::nullopt;
  }
  const Revwalk walk(raw_walk);
  git_revwalk_sorting(walk.get(), GIT_SORT_TOPOLOGICAL | GIT_SORT_REVERSE);
  RangeWalk out;
  if (git_revwalk_push(walk.get(), &head) < 0 || git_revwalk_hide(walk.get(), &hide) < 0) {
    git_error_clear();
    return std::nullopt;
  }
  git_oid id;
  int next = 0;
  while ((next = git_revwalk_next(&id, walk.get())) == 0) out.commits.push_back(id);
  if (next != GIT_ITEROVER) {
    git_error_clear();
    return std::nullopt;
  }
  return out;
}

// Exact: every ancestor of `hide` is read, so this serves only where libgit2 cannot walk.
RangeWalk walk_raw(git_repository* repo, const git_oid& head, const git_oid& hide) {
  git_odb* raw_odb = nullptr;
  check(git_repository_odb(&raw_odb, repo), "cannot open the object database");
  const Odb odb(raw_odb);
  OidSet shallow;
  for (const auto& id : shallow_commits(repo)) shallow.insert(id);
  // nullopt when the commit is absent; no parents where a shallow clone cut them off.
  auto parents_of = [&](const git_oid& id) -> std::optional<std::vector<git_oid>> {
    git_odb_object* raw = nullptr;
    if (git_odb_read(&raw, odb.get(), &id) < 0) {
      git_error_clear();
      return std::nullopt;
    }
    const OdbObject object(raw);
    ParsedCommit parsed;
    if (git_odb_object_type(object.get()) != GIT_OBJECT_COMMIT || !parse_commit(object_bytes(object.get()), parsed))
      throw Error(ErrorKind::runtime, "object " + oid_hex(id) + " is not a commit, but history names it as one");
    if (shallow.count(id)) return std::vector<git_oid>{};
    return parsed.parents;
  };

  OidSet hidden;
  std::vector<git_oid> pending{hide};
  while (!pending.empty()) {
    const git_oid id = pending.back();
    pending.pop_back();
    if (hidden.count(id)) continue;
    hidden.insert(id);
    const auto parents = parents_of(id);
    if (!parents) {
      // Below a shallow clone's boundary nothing is fetched; elsewhere the repository is damaged.
      if (!shallow.empty()) continue;
      throw Error(
          ErrorKind::runtime,
          "commit " + oid_hex(id) + " is missing (an ancestor of the range's base); 'git fsck' names what else is");
    }
    for (const auto& p : *parents)
      if (!hidden.count(p)) pending.push_back(p);
  }

  // Depth first from head, each commit listed after its parents.
  struct Frame {
    git_oid id;
    std::vector<git_oid> parents;
    std::size_t next = 0;
  };
  RangeWalk out;
  out.related = false;
  OidSet seen;
  std::vector<Frame> stack;
  auto enter = [&](const git_oid& id) {
    if (hidden.count(id)) {
      out.related = true;
      return;
    }
    if (seen.count(id)) return;
    seen.insert(id);
    auto parents = parents_of(id);
    if (!parents)
      throw Error(ErrorKind::runtime, "commit " + oid_hex(id) + " is missing; 'git fsck' names what else is");
    if (shallow.count(id) && !out.cut_off) out.cut_off = id;
    stack.push_back({id, std::move(*parents), 0});
  };
  enter(head);
  while (!stack.empty()) {
    Frame& top = stack.back();
    if (top.next < top.parents.size()) {
      const git_oid parent = top.parents[top.next++];
      enter(parent);
      continue;
    }
    out.commits.push_back(top.id);
    stack.pop_back();
  }
  return out;
}

}  // namespace

std::optional<RawCommit> read_raw_commit(git_odb* odb, const git_oid& id) {
  git_odb_object* raw = nullptr;
  const int rc = git_odb_read(&raw, odb, &id);
  if (rc == GIT_ENOTFOUND) {
    git_error_clear();
    return std::nullopt;
  }
  check(rc, "cannot read commit " + oid_hex(id));
  const OdbObject object(raw);
  const std::string_view bytes = object_bytes(object.get());
  ParsedCommit parsed;
  if (git_odb_object_type(object.get()) != GIT_OBJECT_COMMIT || !parse_commit(bytes, parsed))
    throw Error(ErrorKind::runtime,
                "object " + oid_hex(id) + " is not a commit with a tree, but history names it as a commit");
  return RawCommit{parsed.tree, parsed.parents, std::string(parsed.message), provenance_of_raw(oid_hex(id), bytes)};
}

std::optional<git_oid> resolve_revision(git_repository* repo, const std::string& spec) {
  git_odb* raw_odb = nullptr;
  check(git_repository_odb(&raw_odb, repo), "cannot open the object database");
  const Odb odb(raw_odb);
  git_object* raw = nullptr;
  const int rc = git_revparse_single(&raw, repo, spec.c_str());
  if (rc == 0) {
    const Object object(raw);
    return peel_to_commit(odb.get(), *git_object_id(object.get()), spec);
  }
  // libgit2 parses every object it resolves and refuses commits fsck would reject; a plain ref or
  // id needs no parsing.
  const git_error* e = git_error_last();
  const std::string why = e && e->message ? e->message : "";
  if (auto id = resolve_without_parsing(repo, odb.get(), spec)) return id;
  if (rc == GIT_ENOTFOUND) return std::nullopt;
  if (rc == GIT_EAMBIGUOUS) throw Error(ErrorKind::usage, "'" + spec + "' is ambiguous: " + why);
  throw Error(ErrorKind::runtime, "cannot resolve '" + spec + "'" + (why.empty() ? "" : ": " + why));
}

RangeWalk walk_range(git_repository* repo, const git_oid& head, const git_oid& hide) {
  // libgit2 1.5 knows nothing of shallow clones: their cut-off parents look missing to it.
  if (!git_repository_is_shallow(repo))
    if (auto walk = walk_with_libgit2(repo, head, hide)) return *walk;
  return walk_raw(repo, head, hide);
}

}  // namespace hush::scanner::git
