// hush.toml's store sections, checked when the configuration is read.
#include "catch.hpp"
#include "hush/common/error.hpp"
#include "hush/vault_client/store_settings.hpp"

namespace vc = hush::vault_client;

namespace {

std::string error_of(void (*check)(std::string_view, std::string_view), std::string_view key, std::string_view value) {
  try {
    check(key, value);
  } catch (const hush::Error& e) {
    CHECK(e.kind() == hush::ErrorKind::config);
    return e.what();
  }
  return "no error";
}

}  // namespace

TEST_CASE("store settings: Vault addresses", "[store-settings]") {
  for (const char* good : {"https://vault.internal:8200", "http://127.0.0.1:8200", "https://vault",
                           "https://[::1]:8200", "http://[fd00::1]", "https://vault.example.com/",
                           "https://vault.example.com:443/proxy/path", "unix:///run/vault/agent.sock"}) {
    CAPTURE(good);
    CHECK(vc::is_vault_address(good));
  }
  for (const char* bad : {"", "notaurl", "vault.internal:8200", "ftp://vault", "https://", "http://:8200",
                          "https://vault:0", "https://vault:65536", "https://vault:82a0", "https://va ult",
                          "https://vault/\n", "unix://", "unix://relative.sock", "https://user@vault"}) {
    CAPTURE(bad);
    CHECK_FALSE(vc::is_vault_address(bad));
  }
}

TEST_CASE("store settings: every [vault], [aws] and [file] key is checked", "[store-settings]") {
  CHECK(error_of(vc::check_vault_setting, "address", "notaurl")
            .find("[vault] address 'notaurl' is not a Vault address") == 0);
  CHECK(error_of(vc::check_vault_setting, "auth", "ldap") ==
        "[vault] auth must be token, approle, kubernetes or jwt, not 'ldap'");
  CHECK(error_of(vc::check_vault_setting, "skip_verify", "yes") == "[vault] skip_verify must be true or false");
  CHECK(error_of(vc::check_vault_setting, "request_timeout", "soon") ==
        "[vault] request_timeout must be a duration such as 30s or 1m");
  CHECK(error_of(vc::check_vault_setting, "adress", "https://vault").find("[vault] adress is not a setting") == 0);
  CHECK(error_of(vc::check_vault_setting, "address", "https://vault:8200") == "no error");
  CHECK(error_of(vc::check_vault_setting, "client_key_passphrase_file", "/run/secrets/key-pass") == "no error");
  CHECK(error_of(vc::check_aws_setting, "region", "eu west") == "[aws] region 'eu west' is not a region name");
  CHECK(error_of(vc::check_aws_setting, "endpoint_url", "localhost:4566") ==
        "[aws] endpoint_url 'localhost:4566' is not an http:// or https:// URL");
  CHECK(error_of(vc::check_aws_setting, "profil", "x").find("[aws] profil is not a setting") == 0);
  CHECK(error_of(vc::check_aws_setting, "endpoint_url", "http://127.0.0.1:4566") == "no error");
  CHECK(error_of(vc::check_file_setting, "key_dir", "/keys").find("[file] key_dir is not a setting") == 0);
  CHECK(error_of(vc::check_file_setting, "keydir", "/keys") == "no error");

  const auto settings = vc::parse_vault_settings(
      {{"address", "https://vault:8200"}, {"auth", "kubernetes"}, {"request_timeout", "1m30s"}});
  CHECK(settings.address == "https://vault:8200");
  CHECK(settings.auth_method == vc::VaultAuthMethod::kubernetes);
  CHECK(settings.request_timeout == std::chrono::milliseconds(90000));
}
