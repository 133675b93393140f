// Each auth method against the peer: token, AppRole (values and files), Kubernetes, JWT; token
// renewal at two thirds of the TTL, re-login when renewal is impossible or the token died.
#include <functional>
#include <string>

#include "catch.hpp"
#include "hush/vault_client/vault.hpp"
#include "test_vault_support.hpp"

using namespace hush_stores;
using std::chrono::seconds;

namespace {

struct AppRole {
  std::string role_id;
  std::string secret_id;
};

AppRole make_approle(VaultTarget& vault, const std::string& mount, const nlohmann::json& role) {
  vault.api("POST", "sys/auth/" + mount, {{"type", "approle"}});
  vault.api("POST", "auth/" + mount + "/role/app", role);
  AppRole out;
  out.role_id = vault.api("GET", "auth/" + mount + "/role/app/role-id")["data"]["role_id"].get<std::string>();
  out.secret_id = vault.api("POST", "auth/" + mount + "/role/app/secret-id")["data"]["secret_id"].get<std::string>();
  return out;
}

void allow_read(VaultTarget& vault, const std::string& policy, const std::string& path) {
  vault.api("PUT", "sys/policies/acl/" + policy,
            {{"policy", "path \"" + path + "\" { capabilities = [\"read\", \"list\"] }"}});
}

hush::vault_client::VaultConfig approle_config(const VaultTarget& vault, const AppRole& creds,
                                               const std::string& mount) {
  auto config = vault.config("");
  config.auth.method = VaultAuthMethod::approle;
  config.auth.mount = mount;
  config.auth.role_id = hush::SecretBuffer(creds.role_id);
  config.auth.secret_id = hush::SecretBuffer(creds.secret_id);
  return config;
}

}  // namespace

TEST_CASE("token auth: a valid token reads, an invalid one fails as auth_failed", "[vault][auth]") {
  VaultTarget vault;
  vault.api("POST", "secret/data/app", {{"data", {{"k", "v"}}}});
  VaultClient good(vault.config(vault.root_token()), hush::Logger::null());
  CHECK(good.read_key("secret/app", "k", generous()).view() == "v");

  VaultClient bad(vault.config("hvs.not-a-real-token"), hush::Logger::null());
  const auto e = error_of([&] { (void)bad.read("secret/app", generous()); });
  CHECK(e.failure() == StoreFailure::auth_failed);
  CHECK(std::string(e.what()).find("invalid or expired") != std::string::npos);

  VaultClient none(vault.config(""), hush::Logger::null());
  CHECK(error_of([&] { (void)none.read("secret/app", generous()); }).failure() == StoreFailure::auth_failed);
}

TEST_CASE("a token from ~/.vault-token is used when VAULT_TOKEN is unset", "[vault][auth]") {
  VaultTarget vault;
  vault.api("POST", "secret/data/app", {{"data", {{"k", "from-file"}}}});
  TempDir home;
  home.write(".vault-token", vault.root_token() + "\n");
  hush::vault_client::Environment env{{"VAULT_ADDR", vault.address()}, {"HOME", home.path()}};
  auto config = hush::vault_client::resolve_vault_config({}, env);
  CHECK(config.token_origin == "~/.vault-token");
  VaultClient client(std::move(config), hush::Logger::null());
  CHECK(client.read_key("secret/app", "k", generous()).view() == "from-file");
}

TEST_CASE("permission denied fails at once and names the path", "[vault][auth]") {
  VaultTarget vault;
  vault.api("POST", "secret/data/allowed", {{"data", {{"k", "v"}}}});
  vault.api("POST", "secret/data/forbidden", {{"data", {{"k", "v"}}}});
  const std::string policy = VaultTarget::unique("reader");
  allow_read(vault, policy, "secret/data/allowed");
  const auto token =
      vault.api("POST", "auth/token/create", {{"policies", {policy}}, {"ttl", "1h"}})["auth"]["client_token"];
  VaultClient client(vault.config(token.get<std::string>()), hush::Logger::null());
  CHECK(client.read_key("secret/allowed", "k", generous()).view() == "v");
  const auto e = error_of([&] { (void)client.read("secret/forbidden", generous()); });
  CHECK(e.failure() == StoreFailure::permission_denied);
  const std::string message = e.what();
  CHECK(message.find("secret/forbidden") != std::string::npos);
  CHECK(message.find("permission denied") != std::string::npos);
  CHECK(message.find("polic") != std::string::npos);
  if (vault.peer()) CHECK(vault.requests("GET /v1/secret/data/forbidden") == 1);
}

TEST_CASE("AppRole login with values and with files, the token is reused", "[vault][auth][approle]") {
  VaultTarget vault;
  const std::string mount = VaultTarget::unique("approle");
  const std::string policy = VaultTarget::unique("app");
  allow_read(vault, policy, "secret/data/app");
  vault.api("POST", "secret/data/app", {{"data", {{"k", "v"}}}});
  const AppRole creds = make_approle(vault, mount, {{"token_policies", {policy}}, {"token_ttl", "1h"}});

  SECTION("values") {
    VaultClient client(approle_config(vault, creds, mount), hush::Logger::null());
    CHECK(client.read_key("secret/app", "k", generous()).view() == "v");
    CHECK(client.read_key("secret/app", "k", generous()).view() == "v");
    CHECK(client.token_ttl().count() > 3000);
    if (vault.peer()) CHECK(vault.events("login_approle") == 1);
  }
  SECTION("files, through the environment") {
    TempDir dir;
    dir.write("role-id", creds.role_id + "\n");
    dir.write("secret-id", creds.secret_id);
    hush::vault_client::Environment env{{"VAULT_ADDR", vault.address()},
                                        {"HUSH_VAULT_AUTH_METHOD", "approle"},
                                        {"HUSH_VAULT_AUTH_MOUNT", mount},
                                        {"HUSH_VAULT_ROLE_ID_FILE", dir.file("role-id")},
                                        {"HUSH_VAULT_SECRET_ID_FILE", dir.file("secret-id")}};
    VaultClient client(hush::vault_client::resolve_vault_config({}, env), hush::Logger::null());
    CHECK(client.read_key("secret/app", "k", generous()).view() == "v");
  }
  SECTION("a wrong secret ID is an authentication failure, not retried") {
    AppRole wrong = creds;
    wrong.secret_id = "00000000-0000-0000-0000-000000000000";
    VaultClient client(approle_config(vault, wrong, mount), hush::Logger::null());
    const auto e = error_of([&] { (void)client.read("secret/app", generous()); });
    CHECK(e.failure() == StoreFailure::auth_failed);
    CHECK(std::string(e.what()).find("approle login") != std::string::npos);
    CHECK(std::string(e.what()).find(creds.role_id) == std::string::npos);
    if (vault.peer()) CHECK(vault.requests("POST /v1/auth/" + mount + "/login") == 1);
  }
}

TEST_CASE("Kubernetes login with the service-account token file", "[vault][auth][kubernetes]") {
  VaultTarget vault;
  if (!vault.peer()) return;  // a real Kubernetes login needs a cluster to review the token
  vault.api("POST", "sys/auth/kubernetes", {{"type", "kubernetes"}});
  vault.api("POST", "auth/kubernetes/config", {{"kubernetes_host", "https://kubernetes.default.svc"}});
  vault.api("PUT", "sys/policies/acl/pod", {{"policy", R"(path "secret/data/pod" { capabilities = ["read"] })"}});
  vault.api("POST", "auth/kubernetes/role/web",
            {{"bound_service_account_names", {"web"}},
             {"bound_service_account_namespaces", {"prod"}},
             {"token_policies", {"pod"}}});
  vault.api("POST", "secret/data/pod", {{"data", {{"k", "pod-value"}}}});
  const std::string good = make_jwt({{"iss", "kubernetes/serviceaccount"}, {"sub", "system:serviceaccount:prod:web"}});
  const std::string other = make_jwt({{"iss", "kubernetes/serviceaccount"}, {"sub", "system:serviceaccount:dev:web"}});
  vault.admin("POST", "jwt", {{"jwt", good}});
  vault.admin("POST", "jwt", {{"jwt", other}});
  TempDir dir;
  dir.write("token", good);
  dir.write("other", other);

  hush::vault_client::VaultSettings settings;
  settings.auth_method = VaultAuthMethod::kubernetes;
  settings.role = "web";
  settings.jwt_file = dir.file("token");
  hush::vault_client::Environment env{{"VAULT_ADDR", vault.address()}};
  VaultClient client(hush::vault_client::resolve_vault_config(settings, env), hush::Logger::null());
  CHECK(client.read_key("secret/pod", "k", generous()).view() == "pod-value");
  CHECK(vault.events("login_kubernetes") == 1);

  settings.jwt_file = dir.file("other");
  VaultClient unbound(hush::vault_client::resolve_vault_config(settings, env), hush::Logger::null());
  const auto e = error_of([&] { (void)unbound.read("secret/pod", generous()); });
  CHECK(e.failure() == StoreFailure::auth_failed);
  CHECK(std::string(e.what()).find("role web") != std::string::npos);
}

TEST_CASE("JWT login checks the role's audience", "[vault][auth][jwt]") {
  VaultTarget vault;
  if (!vault.peer()) return;  // a real JWT login needs a signing key Vault trusts
  vault.api("POST", "sys/auth/jwt", {{"type", "jwt"}});
  vault.api("PUT", "sys/policies/acl/ci", {{"policy", R"(path "secret/data/ci" { capabilities = ["read"] })"}});
  vault.api("POST", "auth/jwt/role/ci",
            {{"role_type", "jwt"},
             {"bound_audiences", {"hush"}},
             {"user_claim", "sub"},
             {"token_policies", {"ci"}},
             {"token_ttl", "10m"}});
  vault.api("POST", "secret/data/ci", {{"data", {{"k", "ci-value"}}}});
  const std::string good = make_jwt({{"sub", "repo:main"}, {"aud", "hush"}});
  const std::string wrong_aud = make_jwt({{"sub", "repo:main"}, {"aud", "other"}});
  const std::string unknown = make_jwt({{"sub", "repo:main"}, {"aud", "hush"}, {"n", 1}});
  vault.admin("POST", "jwt", {{"jwt", good}});
  vault.admin("POST", "jwt", {{"jwt", wrong_aud}});
  TempDir dir;
  dir.write("good", good);
  dir.write("aud", wrong_aud);
  dir.write("unknown", unknown);
  auto config_for = [&](const std::string& file) {
    auto config = vault.config("");
    config.auth.method = VaultAuthMethod::jwt;
    config.auth.mount = "jwt";
    config.auth.role = "ci";
    config.auth.jwt_file = dir.file(file);
    return config;
  };
  VaultClient client(config_for("good"), hush::Logger::null());
  CHECK(client.read_key("secret/ci", "k", generous()).view() == "ci-value");
  VaultClient aud(config_for("aud"), hush::Logger::null());
  CHECK(error_of([&] { (void)aud.read("secret/ci", generous()); }).failure() == StoreFailure::auth_failed);
  VaultClient forged(config_for("unknown"), hush::Logger::null());
  CHECK(error_of([&] { (void)forged.read("secret/ci", generous()); }).failure() == StoreFailure::auth_failed);
  VaultClient missing_file(config_for("absent"), hush::Logger::null());
  const auto e = error_of([&] { (void)missing_file.read("secret/ci", generous()); });
  CHECK(e.failure() == StoreFailure::auth_failed);
  CHECK(std::string(e.what()).find(dir.file("absent")) != std::string::npos);
}

TEST_CASE("a login token is renewed at two thirds of its TTL", "[vault][auth][renew]") {
  VaultTarget vault;
  if (!vault.peer()) return;  // observed through the peer's counters
  const std::string policy = VaultTarget::unique("app");
  allow_read(vault, policy, "secret/data/app");
  vault.api("POST", "secret/data/app", {{"data", {{"k", "v"}}}});
  const AppRole creds = make_approle(vault, "approle", {{"token_policies", {policy}}, {"token_ttl", "30s"}});
  FakeClock clock;
  VaultClient client(approle_config(vault, creds, "approle"), hush::Logger::null(), clock, [] { return 0.5; });
  CHECK(client.read_key("secret/app", "k", generous()).view() == "v");
  CHECK(vault.events("login_approle") == 1);
  clock.advance(seconds(19));
  (void)client.read("secret/app", generous());
  CHECK(vault.events("renew_self") == 0);
  clock.advance(seconds(2));
  (void)client.read("secret/app", generous());
  CHECK(vault.events("renew_self") == 1);
  CHECK(vault.events("login_approle") == 1);
  CHECK(client.token_ttl().count() >= 29);
}

TEST_CASE("re-login when the token cannot be renewed", "[vault][auth][renew]") {
  VaultTarget vault;
  if (!vault.peer()) return;
  const std::string policy = VaultTarget::unique("app");
  allow_read(vault, policy, "secret/data/app");
  vault.api("POST", "secret/data/app", {{"data", {{"k", "v"}}}});

  SECTION("non-renewable token") {
    const AppRole creds = make_approle(
        vault, "approle", {{"token_policies", {policy}}, {"token_ttl", "30s"}, {"token_renewable", false}});
    FakeClock clock;
    VaultClient client(approle_config(vault, creds, "approle"), hush::Logger::null(), clock, [] { return 0.5; });
    (void)client.read("secret/app", generous());
    clock.advance(seconds(21));
    (void)client.read("secret/app", generous());
    CHECK(vault.events("renew_self") == 0);
    CHECK(vault.events("login_approle") == 2);
  }
  SECTION("renewal refused") {
    const AppRole creds = make_approle(vault, "approle", {{"token_policies", {policy}}, {"token_ttl", "30s"}});
    FakeClock clock;
    VaultClient client(approle_config(vault, creds, "approle"), hush::Logger::null(), clock, [] { return 0.5; });
    (void)client.read("secret/app", generous());
    vault.fault({{"kind", "status"},
                 {"status", 400},
                 {"path", "/v1/auth/token/renew-self"},
                 {"errors", {"lease is not renewable"}}});
    clock.advance(seconds(21));
    CHECK(client.read_key("secret/app", "k", generous()).view() == "v");
    CHECK(vault.events("login_approle") == 2);
  }
  SECTION("token expired behind the client's back") {
    const AppRole creds = make_approle(vault, "approle", {{"token_policies", {policy}}, {"token_ttl", "1h"}});
    VaultClient client(approle_config(vault, creds, "approle"), hush::Logger::null());
    (void)client.read("secret/app", generous());
    vault.admin("POST", "expire", nlohmann::json::object());
    CHECK(client.read_key("secret/app", "k", generous()).view() == "v");
    CHECK(vault.events("login_approle") == 2);
  }
}

TEST_CASE("a given token is renewed, and fails clearly once expired", "[vault][auth][renew]") {
  VaultTarget vault;
  if (!vault.peer()) return;
  vault.api("POST", "secret/data/app", {{"data", {{"k", "v"}}}});
  const std::string policy = VaultTarget::unique("app");
  allow_read(vault, policy, "secret/data/app");
  const auto token =
      vault.api("POST", "auth/token/create", {{"policies", {policy}}, {"ttl", "30s"}})["auth"]["client_token"];
  FakeClock clock;
  VaultClient client(vault.config(token.get<std::string>()), hush::Logger::null(), clock, [] { return 0.5; });
  (void)client.read("secret/app", generous());
  CHECK(vault.requests("GET /v1/auth/token/lookup-self") == 1);
  clock.advance(seconds(21));
  (void)client.read("secret/app", generous());
  CHECK(vault.events("renew_self") == 1);

  vault.admin("POST", "expire", nlohmann::json::object());
  const auto e = error_of([&] { (void)client.read("secret/app", generous()); });
  CHECK(e.failure() == StoreFailure::auth_failed);
  CHECK(std::string(e.what()).find("test") != std::string::npos);  // names where the token came from
}

TEST_CASE("logout revokes a token obtained by login", "[vault][auth]") {
  VaultTarget vault;
  if (!vault.peer()) return;
  const std::string policy = VaultTarget::unique("app");
  allow_read(vault, policy, "secret/data/app");
  const AppRole creds = make_approle(vault, "approle", {{"token_policies", {policy}}, {"token_ttl", "1h"}});
  VaultClient client(approle_config(vault, creds, "approle"), hush::Logger::null());
  client.authenticate(generous());
  client.logout(generous());
  CHECK(vault.events("revoke_self") == 1);
}
