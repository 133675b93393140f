// Where a mirror's fetch finds credentials (scanner/src/sources/remote/credentials.cpp): the
// token variables only for their providers' hosts, GIT_ASKPASS, each source once.
#include <git2.h>
#include <git2/sys/credential.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>

#include "../../support/scoped_env.hpp"
#include "../../support/temp_dir.hpp"
#include "catch.hpp"
#include "hush/git/libgit2.hpp"
#include "sources/remote/credentials.hpp"

using hush::scanner::remote::acquire_credential;
using hush::scanner::remote::CredentialAttempts;
using hush_test::ScopedEnv;

namespace {

struct Credential {
  git_credential* raw = nullptr;
  ~Credential() {
    if (raw) git_credential_free(raw);
  }
  [[nodiscard]] const git_credential_userpass_plaintext& userpass() const {
    REQUIRE(raw);
    REQUIRE(raw->credtype == GIT_CREDENTIAL_USERPASS_PLAINTEXT);
    return *reinterpret_cast<const git_credential_userpass_plaintext*>(raw);
  }
};

struct Offer {
  std::string username;
  std::string password;
};

// What acquire_credential offers for `url` (with `user`, or none) after the attempts in `tried`;
// the test fails when it offers nothing.
Offer offered(const char* url, const char* user, CredentialAttempts& tried) {
  Credential c;
  REQUIRE(acquire_credential(&c.raw, url, user, GIT_CREDENTIAL_USERPASS_PLAINTEXT, &tried) == 0);
  return {c.userpass().username, c.userpass().password};
}

}  // namespace

TEST_CASE("Credentials: a provider's token goes only to that provider's hosts", "[remote]") {
  const hush::git::LibGit2 libgit2;
  const ScopedEnv hush_token("HUSH_GIT_TOKEN", std::nullopt);
  const ScopedEnv user("HUSH_GIT_USERNAME", std::nullopt);
  const ScopedEnv askpass("GIT_ASKPASS", std::nullopt);
  const ScopedEnv github("GITHUB_TOKEN", "github-token-value");
  const ScopedEnv gitlab("GITLAB_TOKEN", "gitlab-token-value");
  {
    CredentialAttempts tried;
    const Offer offer = offered("https://github.com/acme/app.git", nullptr, tried);
    CHECK(offer.password == "github-token-value");
    CHECK(offer.username == "x-access-token");
    // Refused once: the same source is not offered again.
    Credential again;
    CHECK(acquire_credential(&again.raw, "https://github.com/acme/app.git", nullptr, GIT_CREDENTIAL_USERPASS_PLAINTEXT,
                             &tried) == GIT_EAUTH);
  }
  {
    CredentialAttempts tried;
    const Offer offer = offered("https://gitlab.example.com/g/app.git", nullptr, tried);
    CHECK(offer.password == "gitlab-token-value");
    CHECK(offer.username == "oauth2");
  }
  {
    // Neither provider's token for a third host.
    CredentialAttempts tried;
    Credential c;
    CHECK(acquire_credential(&c.raw, "https://git.example.org/app.git", nullptr, GIT_CREDENTIAL_USERPASS_PLAINTEXT,
                             &tried) == GIT_EAUTH);
  }
  {
    const ScopedEnv any("HUSH_GIT_TOKEN", "hush-token-value");
    CredentialAttempts tried;
    const Offer offer = offered("https://git.example.org/app.git", "deploy", tried);
    CHECK(offer.password == "hush-token-value");
    CHECK(offer.username == "deploy");
  }
}

TEST_CASE("Credentials: GIT_ASKPASS is asked for user and password, as git asks it", "[remote]") {
  const hush::git::LibGit2 libgit2;
  const hush_test::TempDir dir;
  const auto script = dir / "askpass.sh";
  dir.write("askpass.sh",
            "#!/bin/sh\ncase \"$1\" in Username*) echo asked-user ;; Password*) printf 'asked-password\\n' ;; *) exit "
            "1 ;; esac\n");
  ::chmod(script.c_str(), 0700);
  const ScopedEnv hush_token("HUSH_GIT_TOKEN", std::nullopt);
  const ScopedEnv github("GITHUB_TOKEN", std::nullopt);
  const ScopedEnv askpass("GIT_ASKPASS", script.string());
  CredentialAttempts tried;
  const Offer offer = offered("https://git.example.org/app.git", nullptr, tried);
  CHECK(offer.username == "asked-user");
  CHECK(offer.password == "asked-password");
}
