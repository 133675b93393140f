#include "sources/remote/credentials.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <string_view>

#include "hush/common/secret.hpp"
#include "hush/common/text.hpp"

extern char** environ;  // NOLINT(readability-redundant-declaration): POSIX requires the program to declare it

namespace hush::scanner::remote {
namespace {

std::string host_of(std::string_view url) {
  if (const auto sep = url.find("://"); sep != std::string_view::npos) url.remove_prefix(sep + 3);
  url = url.substr(0, url.find('/'));
  if (const auto at = url.rfind('@'); at != std::string_view::npos) url.remove_prefix(at + 1);
  return ascii_lower(std::string(url.substr(0, url.find(':'))));
}

const char* non_empty_env(const char* name) {
  const char* value = std::getenv(name);
  return value && *value ? value : nullptr;
}

struct Token {
  const char* value;
  const char* default_user;  // what the provider accepts as the user name beside a token
};

// A provider's token goes only to that provider's hosts; HUSH_GIT_TOKEN to whatever host asks.
std::optional<Token> token_for(const std::string& host) {
  if (const char* token = non_empty_env("HUSH_GIT_TOKEN")) return Token{token, "git"};
  if (host.find("github") != std::string::npos)
    if (const char* token = non_empty_env("GITHUB_TOKEN")) return Token{token, "x-access-token"};
  if (host.find("gitlab") != std::string::npos)
    if (const char* token = non_empty_env("GITLAB_TOKEN")) return Token{token, "oauth2"};
  return std::nullopt;
}

// The answer of `$GIT_ASKPASS PROMPT` (its first line), as git asks it, NUL-terminated for
// libgit2; nullopt when the program cannot be run or fails.
std::optional<SecretBuffer> ask(const char* program, const std::string& prompt) {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) return std::nullopt;
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, fds[1], STDOUT_FILENO);
  std::string program_arg(program);
  std::string prompt_arg(prompt);
  char* argv[] = {program_arg.data(), prompt_arg.data(), nullptr};
  pid_t pid = -1;
  const int rc = posix_spawnp(&pid, program, &actions, nullptr, argv, environ);
  posix_spawn_file_actions_destroy(&actions);
  ::close(fds[1]);
  SecretBuffer answer;
  if (rc == 0) {
    char chunk[256];
    for (;;) {
      const ssize_t n = ::read(fds[0], chunk, sizeof chunk);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0 || answer.size() + static_cast<std::size_t>(n) > 64 * 1024) break;
      answer.append(std::string_view(chunk, static_cast<std::size_t>(n)));
    }
  }
  ::close(fds[0]);
  if (rc != 0) return std::nullopt;
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) return std::nullopt;
  const std::string_view view = answer.view();
  SecretBuffer line(view.substr(0, view.find_first_of(std::string_view("\r\n\0", 3))));
  line.append(std::string_view("\0", 1));
  return line;
}

int from_askpass(git_credential** out, const char* url, const char* username_from_url) {
  const char* program = non_empty_env("GIT_ASKPASS");
  if (!program) return GIT_PASSTHROUGH;
  std::optional<SecretBuffer> user;
  if (username_from_url && *username_from_url)
    user = SecretBuffer(std::string_view(username_from_url, std::strlen(username_from_url) + 1));
  else user = ask(program, std::string("Username for '") + url + "': ");
  if (!user) return GIT_PASSTHROUGH;
  const auto password = ask(program, std::string("Password for '") + url + "': ");
  if (!password) return GIT_PASSTHROUGH;
  // libgit2 copies both and wipes its copies when it frees the credential.
  return git_credential_userpass_plaintext_new(out, user->data(), password->data());
}

}  // namespace

int acquire_credential(git_credential** out, const char* url, const char* username_from_url, unsigned int allowed_types,
                       void* payload) {
  auto& tried = *static_cast<CredentialAttempts*>(payload);
  const std::string host = host_of(url ? url : "");
  if (allowed_types & GIT_CREDENTIAL_USERPASS_PLAINTEXT) {
    if (!tried.token) {
      tried.token = true;
      if (const auto token = token_for(host)) {
        const char* user = non_empty_env("HUSH_GIT_USERNAME");
        if (!user) user = username_from_url && *username_from_url ? username_from_url : token->default_user;
        tried.offered = true;
        return git_credential_userpass_plaintext_new(out, user, token->value);
      }
    }
    if (!tried.askpass) {
      tried.askpass = true;
      const int rc = from_askpass(out, url ? url : "", username_from_url);
      if (rc == 0) tried.offered = true;
      if (rc != GIT_PASSTHROUGH) return rc;
    }
  }
  const char* ssh_user = username_from_url && *username_from_url ? username_from_url : "git";
  if ((allowed_types & GIT_CREDENTIAL_SSH_KEY) && !tried.agent) {
    tried.agent = true;
    tried.offered = true;
    return git_credential_ssh_key_from_agent(out, ssh_user);
  }
  if ((allowed_types & GIT_CREDENTIAL_USERNAME) && !tried.username) {
    tried.username = true;
    return git_credential_username_new(out, ssh_user);
  }
  // Nothing left to offer. Without a message of its own, libgit2 reports whatever error it last
  // met (a missing config key), which says nothing about credentials.
  git_error_set_str(GIT_ERROR_NET,
                    tried.offered
                        ? "authentication failed: the server refused the credentials offered"
                        : "authentication required and no credentials found: set HUSH_GIT_TOKEN "
                          "(GITHUB_TOKEN, GITLAB_TOKEN for their hosts) or GIT_ASKPASS, or add a key to ssh-agent");
  return GIT_EAUTH;
}

}  // namespace hush::scanner::remote
