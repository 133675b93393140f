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

#include "../../support/temp_dir.hpp"
#include "catch.hpp"
#include "hush/git/libgit2.hpp"
#include "sources/remote/credentials.hpp"

using hush::scanner::remote::acquire_credential;
using hush::scanner::remote::CredentialAttempts;

namespace {

// Sets (or, with nullopt, unsets) a variable for one test and puts the old value back.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, std::optional<std::string> value) : name_(name) {
    if (const char* old = std::getenv(name)) old_ = old;
    if (value) ::setenv(name, value->c_str(), 1);
    else ::unsetenv(name);
  }
  ~ScopedEnv() {
    if (old_) ::setenv(name_, old_->c_str(), 1);
    else ::unsetenv(name_);
  }
  ScopedEnv(const ScopedEnv&) = delete;
  ScopedEnv& operator=(const ScopedEnv&) = delete;

 private:
  const char* name_;
  std::optional<std::string> old_;
};

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
    Credential c;
    REQUIRE(acquire_credential(&c.raw, "https://github.com/acme/app.git", nullptr, GIT_CREDENTIAL_USERPASS_PLAINTEXT,
                               &tried) == 0);
    CHECK(std::string(c.userpass().password) == "github-token-value");
    CHECK(std::string(c.userpass().username) == "x-access-token");
    // Refused once: the same source is not offered again.
    Credential again;
    CHECK(acquire_credential(&again.raw, "https://github.com/acme/app.git", nullptr, GIT_CREDENTIAL_USERPASS_PLAINTEXT,
                             &tried) == GIT_EAUTH);
  }
  {
    CredentialAttempts tried;
    Credential c;
    REQUIRE(acquire_credential(&c.raw, "https://gitlab.example.com/g/app.git", nullptr,
                               GIT_CREDENTIAL_USERPASS_PLAINTEXT, &tried) == 0);
    CHECK(std::string(c.userpass().password) == "gitlab-token-value");
    CHECK(std::string(c.userpass().username) == "oauth2");
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
    Credential c;
    REQUIRE(acquire_credential(&c.raw, "https://git.example.org/app.git", "deploy", GIT_CREDENTIAL_USERPASS_PLAINTEXT,
                               &tried) == 0);
    CHECK(std::string(c.userpass().password) == "hush-token-value");
    CHECK(std::string(c.userpass().username) == "deploy");
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
  Credential c;
  REQUIRE(acquire_credential(&c.raw, "https://git.example.org/app.git", nullptr, GIT_CREDENTIAL_USERPASS_PLAINTEXT,
                             &tried) == 0);
  CHECK(std::string(c.userpass().username) == "asked-user");
  CHECK(std::string(c.userpass().password) == "asked-password");
}
