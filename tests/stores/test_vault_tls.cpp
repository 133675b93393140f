// The Vault client over TLS configured the standard way (VAULT_CACERT, VAULT_CLIENT_CERT, ...),
// and redirects from a standby.
#include <functional>
#include <string>

#include "catch.hpp"
#include "hush/vault_client/vault.hpp"
#include "test_vault_support.hpp"

using namespace hush_stores;

TEST_CASE("Vault over TLS with the test CA from VAULT_CACERT, a wrong CA fails at once", "[vault][tls]") {
  TempDir dir;
  const TestPki pki(dir);
  TlsOptions trust = pki.mutual_tls();
  trust.server_name = "vault.test";
  VaultTarget vault({"--tls-cert", pki.named_cert, "--tls-key", pki.named_key, "--client-ca", pki.ca_cert}, "https",
                    trust);
  vault.api("POST", "secret/data/app", {{"data", {{"k", "over-tls"}}}});

  Environment env{{"VAULT_ADDR", vault.address()},      {"VAULT_TOKEN", vault.root_token()},
                  {"VAULT_CACERT", pki.ca_cert},        {"VAULT_CLIENT_CERT", pki.client_cert},
                  {"VAULT_CLIENT_KEY", pki.client_key}, {"VAULT_TLS_SERVER_NAME", "vault.test"}};
  VaultClient client(resolve_vault_config({}, env), hush::Logger::null());
  CHECK(client.read_key("secret/app", "k", generous()).view() == "over-tls");

  env["VAULT_CACERT"] = pki.other_ca_cert;
  VaultClient wrong_ca(resolve_vault_config({}, env), hush::Logger::null());
  const auto e = error_of([&] { (void)wrong_ca.read("secret/app", generous()); });
  CHECK(e.failure() == StoreFailure::auth_failed);
  CHECK(vault.requests("GET /v1/sys/internal/ui/mounts/secret/app") == 1);  // only the trusting client's

  env["VAULT_CACERT"] = pki.ca_cert;
  env.erase("VAULT_TLS_SERVER_NAME");
  VaultClient wrong_name(resolve_vault_config({}, env), hush::Logger::null());
  CHECK(error_of([&] { (void)wrong_name.read("secret/app", generous()); }).failure() == StoreFailure::auth_failed);

  env["VAULT_SKIP_VERIFY"] = "true";
  VaultClient unverified(resolve_vault_config({}, env), hush::Logger::null());
  CHECK(unverified.read_key("secret/app", "k", generous()).view() == "over-tls");
}

TEST_CASE("one redirect is followed, a downgrade to http is not", "[vault][redirect]") {
  VaultTarget vault;
  if (!vault.peer()) return;
  VaultClient client = app_client(vault);
  vault.fault({{"kind", "redirect"}, {"path", "/v1/secret/data/app"}});
  CHECK(client.read_key("secret/app", "k", generous()).view() == "v");
  CHECK(vault.requests("GET /v1/secret/data/app") == 2);

  vault.fault({{"kind", "redirect"}, {"path", "/v1/secret/data/app"}, {"count", 2}});
  CHECK(error_of([&] { (void)client.read("secret/app", generous()); }).failure() == StoreFailure::bad_response);
}

TEST_CASE("a redirect from https to http is refused", "[vault][redirect][tls]") {
  TempDir dir;
  const TestPki pki(dir);
  hush::vault_client::TlsOptions trust;
  trust.ca_file = pki.ca_cert;
  VaultTarget vault({"--tls-cert", pki.server_cert, "--tls-key", pki.server_key}, "https", trust);
  VaultClient client = app_client(vault);
  vault.fault(
      {{"kind", "redirect"}, {"path", "/v1/secret/data/app"}, {"location", "http://127.0.0.1:9/v1/secret/data/app"}});
  const auto e = error_of([&] { (void)client.read("secret/app", generous()); });
  CHECK(e.failure() == StoreFailure::bad_response);
  CHECK(std::string(e.what()).find("downgrade") != std::string::npos);
}
