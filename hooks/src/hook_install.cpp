// Installs and removes hush's pre-commit hook. The hook is a small POSIX sh script (the same text
// as hooks/pre-commit, which an integration test keeps in step), so it runs on any system git runs
// on and needs nothing but hush itself.
#include "hush/hooks/hook_install.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <memory>
#include <sstream>
#include <system_error>

#include "hush/common/error.hpp"
#include "hush/common/pending_file.hpp"
#include "hush/git/libgit2.hpp"

namespace hush::hooks {
namespace fs = std::filesystem;
namespace {

// hooks/pre-commit, byte for byte; the `hush_bin='hush'` line is where the installer writes the
// absolute path of hush, so the hook does not depend on the PATH a GUI or IDE gives git.
constexpr const char* hook_template = R"hook(#!/bin/sh
# hush-managed-hook: pre-commit
# Blocks a commit whose staged changes add a secret: 'hush scan --staged' looks only at what the
# commit adds. 'hush hook install' writes this file with the absolute path of hush filled in;
# 'hush hook uninstall' removes it and puts back a hook it kept as pre-commit.local. To use it by
# hand: copy it to .git/hooks/pre-commit and chmod +x it.
# Skip the scan for one commit: HUSH_SKIP=1 git commit ... (or SKIP=hush, as in pre-commit).
# It scans at the default confidence (medium and above, or min_confidence in .hush.toml): test
# passwords in fixtures are low confidence and do not stop a commit.

# The hush that installed this hook; the one in PATH when that file has gone.
hush_bin='hush'

# A hook that was here before hush runs first: it may rewrite and restage files (formatters), and
# hush must scan what will really be committed. Its failure stops the commit, as it did before.
chained="$(dirname -- "$0")/pre-commit.local"
if [ -f "$chained" ]; then
  if [ -x "$chained" ]; then
    "$chained" "$@" || exit $?
  else
    echo "hush: $chained is not executable; not running it" >&2
  fi
fi

if [ "${HUSH_SKIP:-}" = 1 ]; then
  echo "hush: HUSH_SKIP=1: secret scan skipped for this commit" >&2
  exit 0
fi
case ",${SKIP:-}," in
  *,hush,*)
    echo "hush: SKIP=hush: secret scan skipped for this commit" >&2
    exit 0
    ;;
esac

case $hush_bin in
  /*) [ -x "$hush_bin" ] || hush_bin=hush ;;
esac
if ! command -v "$hush_bin" >/dev/null 2>&1; then
  echo "hush: cannot find the hush binary, so this commit was not scanned for secrets." >&2
  echo "hush: install hush and run 'hush hook install' again, or commit without the check: git commit --no-verify" >&2
  exit 1
fi

"$hush_bin" scan --staged
status=$?
case $status in
  0) exit 0 ;;
  1)
    cat >&2 <<'MESSAGE'

hush: commit refused: the staged changes above add what looks like a secret.
  - A real secret: remove it, 'git add' the file again, and rotate the secret if it was ever shared.
  - Not a secret: add 'hush:allow' in a comment on that line, or add the finding's fingerprint
    (shown above) as a line of .hushignore at the top of the repository.
  - To commit anyway, this once: git commit --no-verify   (or HUSH_SKIP=1 git commit ...)
MESSAGE
    ;;
  *)
    echo "hush: the secret scan failed (exit $status), so the commit was stopped; see the message above." >&2
    echo "hush: to commit without the check: git commit --no-verify" >&2
    ;;
esac
exit "$status"
)hook";

constexpr const char* hush_bin_line = "\nhush_bin='hush'\n";

// "/repo/.git/hooks/" and "/repo/./x/../hooks" both become "/repo/.git/hooks" for messages and
// comparisons.
fs::path tidy(const fs::path& p) {
  fs::path out = p.lexically_normal();
  if (!out.has_filename() && out.has_parent_path() && out != out.root_path()) out = out.parent_path();
  return out;
}

// Present as a file, a symlink (even a dangling one) or anything else: git would try to run it.
bool present(const fs::path& p) {
  std::error_code ec;
  const auto st = fs::symlink_status(p, ec);
  if (ec && ec != std::errc::no_such_file_or_directory)
    throw Error(ErrorKind::runtime, "cannot inspect " + p.string() + ": " + ec.message());
  return fs::exists(st);
}

// The content git would run; empty for a dangling symlink, which is then simply "not ours".
std::string read_hook(const fs::path& p) {
  std::error_code ec;
  if (!fs::exists(p, ec)) return {};
  std::ifstream in(p, std::ios::binary);
  if (!in) throw Error(ErrorKind::runtime, "cannot read " + p.string());
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

bool is_ours(const std::string& content) {
  return content.find(std::string("\n") + hook_marker + "\n") != std::string::npos;
}

void rename_or_throw(const fs::path& from, const fs::path& to) {
  std::error_code ec;
  fs::rename(from, to, ec);
  if (ec)
    throw Error(ErrorKind::runtime, "cannot rename " + from.string() + " to " + to.string() + ": " + ec.message());
}

// POSIX sh single quoting: everything is literal except the quote itself.
std::string shell_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

}  // namespace

fs::path find_hooks_dir(const fs::path& start) {
  const fs::path from = start.empty() ? fs::current_path() : start;
  std::error_code ec;
  if (!fs::exists(from, ec)) throw Error(ErrorKind::usage, "no such file or directory: " + from.string());

  const git::LibGit2 libgit2;
  git_repository* raw = nullptr;
  // Searching upwards lets `hush hook install` work from any subdirectory, as git commands do.
  const int rc = git_repository_open_ext(&raw, from.c_str(), 0, nullptr);
  const git::Repository repo(raw);
  if (rc == GIT_ENOTFOUND)
    throw Error(ErrorKind::usage, "not a git repository (or any of its parents): " + from.string());
  git::check(rc, "cannot open the repository at " + from.string());
  if (git_repository_is_bare(repo.get()))
    throw Error(ErrorKind::usage, tidy(git_repository_path(repo.get())).string() +
                                      " is a bare repository; a pre-commit hook only runs where commits are made");

  git_config* raw_config = nullptr;
  const int snapshot = git_repository_config_snapshot(&raw_config, repo.get());
  const git::Config config(raw_config);
  git::check(snapshot, "cannot read the git configuration", ErrorKind::config);
  git::Buf hooks_path;
  const int found = git_config_get_path(hooks_path.get(), config.get(), "core.hooksPath");
  if (found != GIT_ENOTFOUND) git::check(found, "core.hooksPath", ErrorKind::config);
  if (found == 0 && !hooks_path.str().empty()) {
    const fs::path configured = hooks_path.str();
    // Git runs hooks from the top of the work tree, so that is what a relative path is relative to.
    if (configured.is_absolute()) return tidy(configured);
    return tidy(fs::path(git_repository_workdir(repo.get())) / configured);
  }

  // The common directory's hooks/, so every linked worktree sees the same hook, as with git.
  git::Buf hooks;
  git::check(git_repository_item_path(hooks.get(), repo.get(), GIT_REPOSITORY_ITEM_HOOKS),
             "cannot locate the hooks directory");
  return tidy(hooks.str());
}

std::string pre_commit_hook_script(const std::string& hush_binary) {
  std::string script = hook_template;
  const auto at = script.find(hush_bin_line);
  script.replace(at, std::strlen(hush_bin_line), "\nhush_bin=" + shell_quote(hush_binary) + "\n");
  return script;
}

std::string running_hush_binary() {
  std::error_code ec;
  const fs::path self = fs::read_symlink("/proc/self/exe", ec);
  // A binary replaced while running reads as "... (deleted)", a path that no longer exists.
  if (ec || self.empty() || !fs::exists(self, ec)) return "hush";
  return self.string();
}

HookResult install_pre_commit_hook(const HookOptions& options) {
  const fs::path dir = find_hooks_dir(options.repo);
  const std::string script =
      pre_commit_hook_script(options.hush_binary.empty() ? running_hush_binary() : options.hush_binary);
  std::error_code ec;
  fs::create_directories(dir, ec);  // core.hooksPath may name a directory nobody created yet
  if (ec) throw Error(ErrorKind::runtime, "cannot create the hooks directory " + dir.string() + ": " + ec.message());

  HookResult result;
  result.hook_path = dir / "pre-commit";
  const fs::path chained = dir / chained_hook_name;
  const bool had_hook = present(result.hook_path);
  const std::string existing = had_hook ? read_hook(result.hook_path) : std::string();

  if (!had_hook) {
    result.action = HookAction::installed;
  } else if (is_ours(existing)) {
    if (existing == script) result.action = HookAction::unchanged;
    else result.action = HookAction::updated;
  } else if (options.force) {
    result.action = HookAction::replaced;
  } else {
    if (present(chained))
      throw Error(ErrorKind::usage, result.hook_path.string() + " is not hush's hook and " + chained.string() +
                                        " already exists, so there is nowhere to keep it; move one of them away, or "
                                        "use --force to replace " +
                                        result.hook_path.string());
    result.action = HookAction::chained;
  }

  if (result.action == HookAction::chained) {
    rename_or_throw(result.hook_path, chained);
    try {
      // Hooks are conventionally world-readable and executable (as git's samples), and git skips a
      // hook without the execute bit.
      PendingFile(result.hook_path).write_and_commit(script, 0755);
    } catch (...) {
      // Leave the repository as it was: the user's hook back in place, no half-installed state.
      std::error_code ignore;
      fs::rename(chained, result.hook_path, ignore);
      throw;
    }
  } else if (result.action != HookAction::unchanged) {
    PendingFile(result.hook_path).write_and_commit(script, 0755);
  }

  if (present(chained)) result.chained_path = chained;
  const std::string hook = result.hook_path.string();
  switch (result.action) {
    case HookAction::installed:
      result.message = "installed the hush pre-commit hook: " + hook;
      break;
    case HookAction::chained:
      result.message = "installed the hush pre-commit hook: " + hook + "; the hook that was there is kept";
      break;
    case HookAction::replaced:
      result.message = "replaced the existing pre-commit hook with hush's (--force): " + hook;
      break;
    case HookAction::updated:
      result.message = "updated the hush pre-commit hook: " + hook;
      break;
    default:
      result.message = "the hush pre-commit hook is already installed: " + hook;
      break;
  }
  if (result.chained_path) result.message += "\nit runs " + result.chained_path->string() + " first";
  return result;
}

HookResult uninstall_pre_commit_hook(const HookOptions& options) {
  const fs::path dir = find_hooks_dir(options.repo);
  HookResult result;
  result.hook_path = dir / "pre-commit";
  const fs::path chained = dir / chained_hook_name;
  const std::string hook = result.hook_path.string();

  if (present(result.hook_path) && !is_ours(read_hook(result.hook_path))) {
    result.action = HookAction::foreign_left_alone;
    result.message = hook + " is not hush's hook; left it as it is";
    return result;
  }
  // With our hook gone (removed now, or by hand earlier), the hook it chained to is the
  // repository's pre-commit hook again; renaming over ours replaces it in one step.
  if (present(chained)) {
    rename_or_throw(chained, result.hook_path);
    result.action = HookAction::restored;
    result.message = "removed the hush pre-commit hook and put back the previous one: " + hook;
    return result;
  }
  if (!present(result.hook_path)) {
    result.action = HookAction::not_installed;
    result.message = "no hush pre-commit hook in " + dir.string() + "; nothing to do";
    return result;
  }
  std::error_code ec;
  fs::remove(result.hook_path, ec);
  if (ec) throw Error(ErrorKind::runtime, "cannot remove " + hook + ": " + ec.message());
  result.action = HookAction::removed;
  result.message = "removed the hush pre-commit hook: " + hook;
  return result;
}

}  // namespace hush::hooks
