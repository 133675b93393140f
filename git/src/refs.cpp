#include "hush/git/refs.hpp"

#include <filesystem>
#include <fstream>
#include <memory>

#include "hush/common/text.hpp"
#include "hush/git/libgit2.hpp"

namespace hush::git {
namespace {

namespace fs = std::filesystem;

// A loose ref file's content: an object id, or "ref: NAME" for a symbolic ref.
struct RefFile {
  std::optional<git_oid> id;
  std::string target;
};

std::optional<RefFile> read_ref_file(const fs::path& file) {
  std::ifstream in(file);
  std::string line;
  if (!in || !std::getline(in, line)) return std::nullopt;
  const std::string_view text = trim(line);
  RefFile out;
  if (text.starts_with("ref:")) {
    out.target = std::string(trim(text.substr(4)));
    return out;
  }
  git_oid id;
  if (text.size() != GIT_OID_HEXSZ || git_oid_fromstrn(&id, text.data(), text.size()) != 0) return std::nullopt;
  out.id = id;
  return out;
}

// The worktree-private refs of a linked worktree (HEAD, refs/bisect/*, refs/worktree/*), which
// the shared ref store does not list.
void add_worktree_refs(git_repository* repo, const fs::path& worktree_dir, const std::string& name, RefTips& out) {
  const auto add = [&](const fs::path& file, const std::string& ref) {
    const auto content = read_ref_file(file);
    if (!content) {
      out.broken.push_back(ref);
      return;
    }
    if (content->id) {
      out.tips.push_back({ref, *content->id});
      return;
    }
    git_oid id;
    if (git_reference_name_to_id(&id, repo, content->target.c_str()) == 0) out.tips.push_back({ref, id});
    else git_error_clear();  // a branch not yet born
  };
  std::error_code ec;
  if (fs::exists(worktree_dir / "HEAD", ec)) add(worktree_dir / "HEAD", "worktrees/" + name + "/HEAD");
  for (fs::recursive_directory_iterator it(worktree_dir / "refs", ec), end; !ec && it != end; it.increment(ec)) {
    if (!it->is_regular_file(ec)) continue;
    add(it->path(), "worktrees/" + name + "/" + fs::relative(it->path(), worktree_dir, ec).generic_string());
  }
}

}  // namespace

RefTips list_ref_tips(git_repository* repo) {
  RefTips out;
  git_reference_iterator* raw_iter = nullptr;
  check(git_reference_iterator_new(&raw_iter, repo), "cannot list references");
  const std::unique_ptr<git_reference_iterator, decltype(&git_reference_iterator_free)> iter(
      raw_iter, git_reference_iterator_free);
  for (;;) {
    git_reference* raw_ref = nullptr;
    const int rc = git_reference_next(&raw_ref, iter.get());
    if (rc == GIT_ITEROVER) break;
    // libgit2 cannot go on past a ref it cannot parse: what it listed so far is kept, and the
    // caller learns that the list is incomplete.
    check(rc, "cannot read the references");
    const Reference ref(raw_ref);
    git_reference* raw_resolved = nullptr;
    if (git_reference_resolve(&raw_resolved, ref.get()) != 0) {
      git_error_clear();  // a symbolic ref to a branch not yet born
      continue;
    }
    const Reference resolved(raw_resolved);
    if (const git_oid* id = git_reference_target(resolved.get()))
      out.tips.push_back({git_reference_name(ref.get()), *id});
  }
  git_oid head;
  if (git_reference_name_to_id(&head, repo, "HEAD") == 0) out.tips.push_back({"HEAD", head});
  else git_error_clear();

  // The main worktree's HEAD when the scan was started from a linked one, and every linked
  // worktree's private refs: a detached HEAD there can hold commits no shared ref reaches.
  const fs::path common = git_repository_commondir(repo);
  if (git_repository_is_worktree(repo)) {
    if (const auto main_head = read_ref_file(common / "HEAD"); main_head && main_head->id)
      out.tips.push_back({"HEAD (main worktree)", *main_head->id});
  }
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(common / "worktrees", ec))
    if (entry.is_directory(ec)) add_worktree_refs(repo, entry.path(), entry.path().filename().string(), out);
  return out;
}

std::vector<git_oid> shallow_commits(git_repository* repo) {
  std::vector<git_oid> out;
  std::ifstream in(fs::path(git_repository_commondir(repo)) / "shallow");
  for (std::string line; std::getline(in, line);) {
    const std::string_view text = trim(line);
    git_oid id;
    if (text.size() == GIT_OID_HEXSZ && git_oid_fromstrn(&id, text.data(), text.size()) == 0) out.push_back(id);
  }
  return out;
}

bool is_partial_clone(git_repository* repo) {
  git_config* raw = nullptr;
  if (git_repository_config_snapshot(&raw, repo) == 0) {
    const Config config(raw);
    git_buf buf = GIT_BUF_INIT;
    const bool has = git_config_get_string_buf(&buf, config.get(), "extensions.partialclone") == 0 && buf.size != 0;
    git_buf_dispose(&buf);
    git_error_clear();
    if (has) return true;
  } else {
    git_error_clear();
  }
  // A pack fetched from a promisor remote carries a .promisor file beside it.
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(fs::path(git_repository_commondir(repo)) / "objects" / "pack", ec))
    if (entry.path().extension() == ".promisor") return true;
  return false;
}

}  // namespace hush::git
