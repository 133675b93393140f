#pragma once
// Credentials for fetching a mirror, from where git users keep them: a token variable for https
// (HUSH_GIT_TOKEN for any host, GITHUB_TOKEN for GitHub hosts, GITLAB_TOKEN for GitLab hosts),
// the program GIT_ASKPASS names, and the ssh agent. Never from an argument; nothing here is logged.
#include <git2.h>

#include <string>

namespace hush::scanner::remote {

// What one fetch has tried already: libgit2 asks again after every refusal, and each source is
// offered once, so wrong credentials end in an authentication error instead of a loop.
struct CredentialAttempts {
  bool token = false;
  bool askpass = false;
  bool agent = false;
  bool username = false;
  bool offered = false;  // a token, an askpass answer or the agent's keys were given to the server
};

// A git_credential_acquire_cb; `payload` is a CredentialAttempts.
int acquire_credential(git_credential** out, const char* url, const char* username_from_url, unsigned int allowed_types,
                       void* payload);

}  // namespace hush::scanner::remote
