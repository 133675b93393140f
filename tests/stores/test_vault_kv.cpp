// KV v1 and v2 behind one read(), versions, listing and namespaces, against the Vault peer (or a
// real Vault, see test_vault_support.hpp).
#include <algorithm>
#include <functional>
#include <string>
#include <vector>

#include "catch.hpp"
#include "hush/vault_client/vault.hpp"
#include "test_vault_support.hpp"

using namespace hush_stores;

namespace {

// Mounts a KV engine of `version` ("1" or "2") under a name no other test uses, and returns it.
std::string mount_kv(VaultTarget& vault, const std::string& version) {
  const std::string mount = VaultTarget::unique("kv" + version);
  vault.api("POST", "sys/mounts/" + mount, {{"type", "kv"}, {"options", {{"version", version}}}});
  return mount;
}

}  // namespace

TEST_CASE("the same read works on KV v1 and KV v2 mounts", "[vault][kv]") {
  VaultTarget vault;
  const std::string v1 = mount_kv(vault, "1");
  const std::string v2 = mount_kv(vault, "2");
  vault.api("PUT", v1 + "/app", {{"password", "v1-pass"}, {"user", "alice"}});
  vault.api("POST", v2 + "/data/app", {{"data", {{"password", "v2-pass"}, {"port", 5432}, {"tags", {"a", "b"}}}}});

  VaultClient client(vault.config(vault.root_token()), hush::Logger::null());
  const auto one = client.read(v1 + "/app", generous());
  CHECK(one.kv_version == 1);
  REQUIRE(one.find("password") != nullptr);
  CHECK(one.find("password")->view() == "v1-pass");
  CHECK(one.find("user")->view() == "alice");

  const auto two = client.read(v2 + "/app", generous());
  CHECK(two.kv_version == 2);
  CHECK(two.version == 1);
  CHECK(two.find("password")->view() == "v2-pass");
  // Non-string values come back as JSON text.
  CHECK(two.find("port")->view() == "5432");
  CHECK(two.find("tags")->view() == R"(["a","b"])");

  CHECK(client.read_key(v1 + "/app", "password", generous()).view() == "v1-pass");
  CHECK(client.read_key("/" + v2 + "/app/", "password", generous()).view() == "v2-pass");
  CHECK(client.mount_of(v2 + "/app", generous()).kv_version == 2);
  CHECK(client.mount_of(v1 + "/app", generous()).kv_version == 1);
}

TEST_CASE("the mount lookup is cached per mount", "[vault][kv]") {
  VaultTarget vault;
  if (!vault.peer()) return;
  vault.api("POST", "secret/data/a", {{"data", {{"k", "1"}}}});
  vault.api("POST", "secret/data/b", {{"data", {{"k", "2"}}}});
  VaultClient client(vault.config(vault.root_token()), hush::Logger::null());
  CHECK(client.read_key("secret/a", "k", generous()).view() == "1");
  CHECK(client.read_key("secret/b", "k", generous()).view() == "2");
  CHECK(client.read_key("secret/a", "k", generous()).view() == "1");
  CHECK(vault.requests("GET /v1/sys/internal/ui/mounts/secret/a") == 1);
  CHECK(vault.requests("GET /v1/sys/internal/ui/mounts/secret/b") == 0);
}

TEST_CASE("KV v2 versions: specific, deleted and destroyed", "[vault][kv]") {
  VaultTarget vault;
  const std::string mount = mount_kv(vault, "2");
  for (const char* value : {"first", "second", "third"})
    vault.api("POST", mount + "/data/db", {{"data", {{"password", value}}}});

  VaultClient client(vault.config(vault.root_token()), hush::Logger::null());
  CHECK(client.read_key(mount + "/db", "password", generous()).view() == "third");
  const auto v1 = client.read(mount + "/db", generous(), 1);
  CHECK(v1.version == 1);
  CHECK(v1.find("password")->view() == "first");
  CHECK(client.read_key(mount + "/db", "password", generous(), 2).view() == "second");

  std::string message;
  CHECK(failure_of([&] { (void)client.read(mount + "/db", generous(), 9); }, &message) == StoreFailure::not_found);
  CHECK(message.find(mount + "/db") != std::string::npos);

  vault.api("POST", mount + "/delete/db", {{"versions", {2}}});
  CHECK(failure_of([&] { (void)client.read(mount + "/db", generous(), 2); }, &message) == StoreFailure::not_found);
  CHECK(message.find("deleted") != std::string::npos);
  vault.api("POST", mount + "/destroy/db", {{"versions", {1}}});
  CHECK(failure_of([&] { (void)client.read(mount + "/db", generous(), 1); }, &message) == StoreFailure::not_found);
  CHECK(message.find("destroyed") != std::string::npos);
}

TEST_CASE("a version on a KV v1 mount is a clear error", "[vault][kv]") {
  VaultTarget vault;
  const std::string mount = mount_kv(vault, "1");
  vault.api("PUT", mount + "/app", {{"k", "v"}});
  VaultClient client(vault.config(vault.root_token()), hush::Logger::null());
  std::string message;
  CHECK(failure_of([&] { (void)client.read(mount + "/app", generous(), 1); }, &message) ==
        StoreFailure::invalid_request);
  CHECK(message.find("KV v2") != std::string::npos);
}

TEST_CASE("missing secrets and keys name the path", "[vault][kv]") {
  VaultTarget vault;
  vault.api("POST", "secret/data/present", {{"data", {{"a", "1"}}}});
  VaultClient client(vault.config(vault.root_token()), hush::Logger::null());
  std::string message;
  CHECK(failure_of([&] { (void)client.read("secret/absent", generous()); }, &message) == StoreFailure::not_found);
  CHECK(message.find("secret/absent") != std::string::npos);
  CHECK(failure_of([&] { (void)client.read_key("secret/present", "b", generous()); }, &message) ==
        StoreFailure::not_found);
  CHECK(message.find("key b") != std::string::npos);
  CHECK(message.find("secret/present") != std::string::npos);
}

TEST_CASE("listing a path on KV v1 and v2", "[vault][kv]") {
  VaultTarget vault;
  const std::string v1 = mount_kv(vault, "1");
  const std::string v2 = mount_kv(vault, "2");
  for (const char* key : {"app/db", "app/api", "app/nested/deep", "other"}) {
    vault.api("PUT", v1 + "/" + key, {{"v", key}});
    vault.api("POST", v2 + "/data/" + key, {{"data", {{"v", key}}}});
  }
  VaultClient client(vault.config(vault.root_token()), hush::Logger::null());
  const std::vector<std::string> expected = {"api", "db", "nested/"};
  for (const auto& mount : {v1, v2}) {
    auto keys = client.list(mount + "/app", generous());
    std::sort(keys.begin(), keys.end());
    CHECK(keys == expected);
  }
  CHECK(failure_of([&] { (void)client.list(v2 + "/nothing-here", generous()); }) == StoreFailure::not_found);
}

TEST_CASE("namespaces are sent with every request", "[vault][kv][namespace]") {
  VaultTarget vault;
  if (!vault.peer()) return;  // namespaces are a Vault Enterprise feature
  vault.api("POST", "sys/namespaces/team");
  vault.api("POST", "secret/data/app", {{"data", {{"where", "team"}}}}, "team");
  vault.api("POST", "secret/data/app", {{"data", {{"where", "root"}}}});

  auto config = vault.config(vault.root_token());
  config.namespace_name = "team";
  VaultClient in_team(std::move(config), hush::Logger::null());
  CHECK(in_team.read_key("secret/app", "where", generous()).view() == "team");
  VaultClient at_root(vault.config(vault.root_token()), hush::Logger::null());
  CHECK(at_root.read_key("secret/app", "where", generous()).view() == "root");
}

TEST_CASE("a namespaced token works in its namespace", "[vault][kv][namespace]") {
  VaultTarget vault;
  if (!vault.peer()) return;
  vault.api("POST", "sys/namespaces/team");
  vault.api("POST", "secret/data/app", {{"data", {{"k", "v"}}}}, "team");
  vault.api("PUT", "sys/policies/acl/reader", {{"policy", R"(path "secret/data/app" { capabilities = ["read"] })"}},
            "team");
  const auto created = vault.api("POST", "auth/token/create", {{"policies", {"reader"}}, {"ttl", "1h"}}, "team");
  auto config = vault.config(created["auth"]["client_token"].get<std::string>());
  config.namespace_name = "team/";
  VaultClient client(std::move(config), hush::Logger::null());
  CHECK(client.read_key("secret/app", "k", generous()).view() == "v");
}
