// Vault client configuration from the environment map and hush's settings.
#include <string>

#include "catch.hpp"
#include "hush/common/error.hpp"
#include "hush/vault_client/vault_config.hpp"
#include "test_vault_support.hpp"

using namespace hush_stores;

TEST_CASE("Vault defaults", "[vault][config]") {
  const auto config = resolve_vault_config({}, Environment{});
  CHECK(config.address == "https://127.0.0.1:8200");
  CHECK(config.namespace_name.empty());
  CHECK(config.token.empty());
  CHECK(config.http.tls.verify);
  CHECK(config.auth.method == VaultAuthMethod::token);
}

TEST_CASE("the standard Vault environment", "[vault][config]") {
  const Environment env{{"VAULT_ADDR", "https://vault.example:8200/"},
                        {"VAULT_TOKEN", " hvs.env-token \n"},
                        {"VAULT_NAMESPACE", "team/"},
                        {"VAULT_CACERT", "/etc/ca.pem"},
                        {"VAULT_CAPATH", "/etc/cas"},
                        {"VAULT_CLIENT_CERT", "/etc/c.pem"},
                        {"VAULT_CLIENT_KEY", "/etc/c.key"},
                        {"VAULT_SKIP_VERIFY", "true"},
                        {"VAULT_TLS_SERVER_NAME", "vault.internal"},
                        {"VAULT_CLIENT_TIMEOUT", "1m30s"},
                        {"VAULT_MAX_RETRIES", "4"}};
  const auto config = resolve_vault_config({}, env);
  CHECK(config.address == "https://vault.example:8200");
  CHECK(config.token.view() == "hvs.env-token");
  CHECK(config.token_origin == "VAULT_TOKEN");
  CHECK(config.namespace_name == "team/");
  CHECK(config.http.tls.ca_file == "/etc/ca.pem");
  CHECK(config.http.tls.ca_path == "/etc/cas");
  CHECK(config.http.tls.client_cert == "/etc/c.pem");
  CHECK(config.http.tls.client_key == "/etc/c.key");
  CHECK_FALSE(config.http.tls.verify);
  CHECK(config.http.tls.server_name == "vault.internal");
  CHECK(config.http.request_timeout == std::chrono::seconds(90));
  CHECK(config.retry.max_attempts == 5);
}

TEST_CASE("hush's settings override the environment", "[vault][config]") {
  const Environment env{
      {"VAULT_ADDR", "https://from-env:8200"}, {"VAULT_SKIP_VERIFY", "1"}, {"VAULT_NAMESPACE", "env"}};
  VaultSettings settings;
  settings.address = "http://from-config:8200";
  settings.skip_verify = false;
  settings.namespace_name = "config";
  settings.max_retries = 0;
  const auto config = resolve_vault_config(settings, env);
  CHECK(config.address == "http://from-config:8200");
  CHECK(config.http.tls.verify);
  CHECK(config.namespace_name == "config");
  CHECK(config.retry.max_attempts == 1);
}

TEST_CASE("token sources: settings file, VAULT_TOKEN, ~/.vault-token", "[vault][config]") {
  TempDir home;
  home.write(".vault-token", "hvs.home-token\n");
  home.write("other-token", "  hvs.file-token  ");
  Environment env{{"HOME", home.str()}};
  CHECK(resolve_vault_config({}, env).token.view() == "hvs.home-token");
  env["VAULT_TOKEN"] = "hvs.env";
  CHECK(resolve_vault_config({}, env).token.view() == "hvs.env");
  VaultSettings settings;
  settings.token_file = home.file("other-token");
  CHECK(resolve_vault_config(settings, env).token.view() == "hvs.file-token");
}

TEST_CASE("auth method selection and its requirements", "[vault][config]") {
  SECTION("AppRole is chosen when a role ID is given and no token") {
    const auto config =
        resolve_vault_config({}, Environment{{"HUSH_VAULT_ROLE_ID", "rid"}, {"HUSH_VAULT_SECRET_ID", "sid"}});
    CHECK(config.auth.method == VaultAuthMethod::approle);
    CHECK(config.auth.mount == "approle");
    CHECK(config.auth.role_id.view() == "rid");
    CHECK(config.auth.secret_id.view() == "sid");
  }
  SECTION("Kubernetes defaults to the service-account token path") {
    const auto config = resolve_vault_config({}, Environment{{"HUSH_VAULT_AUTH_METHOD", "kubernetes"},
                                                             {"HUSH_VAULT_ROLE", "web"},
                                                             {"HUSH_VAULT_AUTH_MOUNT", "auth/k8s/"}});
    CHECK(config.auth.method == VaultAuthMethod::kubernetes);
    CHECK(config.auth.jwt_file == hush::vault_client::kubernetes_token_path);
    CHECK(config.auth.mount == "k8s");
    CHECK(config.auth.role == "web");
  }
  SECTION("configuration errors") {
    const auto config_error = [](const Environment& env) {
      try {
        (void)resolve_vault_config({}, env);
      } catch (const hush::Error& e) {
        return e.kind() == hush::ErrorKind::config;
      }
      return false;
    };
    CHECK(config_error({{"HUSH_VAULT_AUTH_METHOD", "ldap"}}));
    CHECK(config_error({{"HUSH_VAULT_AUTH_METHOD", "approle"}}));
    CHECK(config_error({{"HUSH_VAULT_AUTH_METHOD", "jwt"}, {"HUSH_VAULT_JWT_FILE", "/x"}}));
    CHECK(config_error({{"VAULT_SKIP_VERIFY", "maybe"}}));
    CHECK(config_error({{"VAULT_ADDR", "vault:8200"}}));
    CHECK(config_error({{"VAULT_CLIENT_CERT", "/c.pem"}}));
    CHECK(config_error({{"VAULT_CLIENT_TIMEOUT", "soon"}}));
  }
}

TEST_CASE("a Unix-socket address and a client key passphrase", "[vault][config]") {
  TempDir dir;
  dir.write("passphrase", "from-a-file\n");
  const Environment env{{"VAULT_ADDR", "unix:///run/vault/agent.sock"},
                        {"HUSH_VAULT_CLIENT_KEY_PASSPHRASE", "from-the-environment"}};
  const auto config = resolve_vault_config({}, env);
  CHECK(config.http.unix_socket == "/run/vault/agent.sock");
  CHECK(config.address == "http://localhost");
  REQUIRE(config.http.tls.client_key_passphrase);
  CHECK(config.http.tls.client_key_passphrase->view() == "from-the-environment");

  // A file wins over the variable, and hush.toml's setting over HUSH_VAULT_CLIENT_KEY_PASSPHRASE_FILE.
  Environment with_file = env;
  with_file["HUSH_VAULT_CLIENT_KEY_PASSPHRASE_FILE"] = dir.file("missing");
  VaultSettings settings;
  settings.client_key_passphrase_file = dir.file("passphrase");
  const auto configured = resolve_vault_config(settings, with_file);
  REQUIRE(configured.http.tls.client_key_passphrase);
  CHECK(configured.http.tls.client_key_passphrase->view() == "from-a-file");

  CHECK_THROWS_AS(resolve_vault_config({}, Environment{{"VAULT_ADDR", "unix://"}}), hush::Error);
  CHECK(resolve_vault_config({}, Environment{}).http.unix_socket.empty());
}
