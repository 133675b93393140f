#pragma once
// `hush hook install|uninstall`: put a pre-commit hook that runs `hush scan --staged` into a
// repository's hooks directory, keeping (chaining to) a hook that was already there.
#include <filesystem>
#include <optional>
#include <string>

namespace hush::hooks {

struct HookOptions {
  // Any path inside the work tree (or the git directory); empty means the current directory.
  std::filesystem::path repo;
  // Replace a pre-commit hook that is not hush's instead of keeping it as pre-commit.local.
  bool force = false;
  // The hush the hook runs; empty means this very binary (see running_hush_binary()).
  std::string hush_binary;
};

enum class HookAction {
  installed,          // there was no pre-commit hook
  chained,            // a foreign hook was kept as pre-commit.local; ours runs it first
  replaced,           // --force: a foreign hook was overwritten
  updated,            // ours was there with different content (e.g. hush moved)
  unchanged,          // ours was there, byte for byte
  removed,            // uninstall: ours was deleted
  restored,           // uninstall: ours was deleted and pre-commit.local moved back
  not_installed,      // uninstall: there was no pre-commit hook
  foreign_left_alone  // uninstall: the pre-commit hook is not hush's
};

struct HookResult {
  HookAction action = HookAction::installed;
  std::filesystem::path hook_path;                    // <hooks dir>/pre-commit
  std::optional<std::filesystem::path> chained_path;  // pre-commit.local, when one is in use
  std::string message;                                // one line for people
};

// The first line after the shebang of every hook hush writes; its presence makes a hook "ours".
inline constexpr const char* hook_marker = "# hush-managed-hook: pre-commit";
// A hook that was in place before hush, kept and run first by hush's hook.
inline constexpr const char* chained_hook_name = "pre-commit.local";

// The directory git runs hooks from for the repository containing `start`: core.hooksPath when
// set (relative to the work tree's top, as git does), else the common git dir's hooks/, so
// linked worktrees share the main repository's hooks. Not a repository or a bare one:
// hush::Error(usage).
[[nodiscard]] std::filesystem::path find_hooks_dir(const std::filesystem::path& start);

// The hook script running `hush_binary` (an absolute path, or a command looked up in PATH).
[[nodiscard]] std::string pre_commit_hook_script(const std::string& hush_binary);

// The absolute path of the running executable, or "hush" (looked up in PATH) when unknown.
[[nodiscard]] std::string running_hush_binary();

[[nodiscard]] HookResult install_pre_commit_hook(const HookOptions& options);
[[nodiscard]] HookResult uninstall_pre_commit_hook(const HookOptions& options);

}  // namespace hush::hooks
