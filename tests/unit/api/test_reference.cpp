#include "catch.hpp"
#include "hush/common/error.hpp"
#include "hush/injector/reference.hpp"

using namespace hush::injector;

TEST_CASE("references: each scheme parses into path, key and version", "[refs]") {
  auto v = parse_reference("vault://secret/app/db#password");
  REQUIRE(v);
  CHECK(v->backend == Backend::vault);
  CHECK(v->path == "secret/app/db");
  CHECK(v->key == "password");
  CHECK_FALSE(v->version);

  auto versioned = parse_reference("vault://secret/app#password?version=3");
  REQUIRE(versioned);
  CHECK(versioned->version == 3);
  CHECK(versioned->key == "password");
  auto query_first = parse_reference("vault://secret/app?version=2#password");
  REQUIRE(query_first);
  CHECK(query_first->version == 2);
  CHECK(query_first->path == "secret/app");

  auto ssm = parse_reference("ssm:///prod/db/password");
  REQUIRE(ssm);
  CHECK(ssm->backend == Backend::ssm);
  CHECK(ssm->path == "/prod/db/password");

  auto sm = parse_reference("secretsmanager://prod/app#db.password");
  REQUIRE(sm);
  CHECK(sm->backend == Backend::secrets_manager);
  CHECK(sm->path == "prod/app");
  CHECK(sm->key == "db.password");
  auto sm_whole = parse_reference("secretsmanager://plain-secret");
  REQUIRE(sm_whole);
  CHECK(sm_whole->key.empty());

  auto file = parse_reference("file://config/app.ejson#database.password");
  REQUIRE(file);
  CHECK(file->backend == Backend::file);
  CHECK(file->path == "config/app.ejson");
  CHECK(file->key == "database.password");
  CHECK(parse_reference("file:///etc/app.ejson#k")->path == "/etc/app.ejson");
}

TEST_CASE("references: ordinary values are not references, malformed ones are errors", "[refs]") {
  CHECK_FALSE(parse_reference("postgres://user@host/db"));
  CHECK_FALSE(parse_reference("plain value"));
  CHECK_FALSE(parse_reference(""));
  CHECK_THROWS_AS(parse_reference("vault://secret/app"), hush::Error);  // no key
  CHECK_THROWS_AS(parse_reference("vault://secret#k"), hush::Error);    // no path under the mount
  CHECK_THROWS_AS(parse_reference("vault://secret/app#k?version=x"), hush::Error);
  CHECK_THROWS_AS(parse_reference("ssm://relative/name"), hush::Error);
  CHECK_THROWS_AS(parse_reference("ssm:///a#b"), hush::Error);
  CHECK_THROWS_AS(parse_reference("file://app.ejson"), hush::Error);
  CHECK_THROWS_AS(parse_reference("vault://secret/app#k?colour=red"), hush::Error);
}

TEST_CASE("bulk sources and the variable naming rule", "[refs]") {
  auto ssm = parse_bulk_source("ssm:/prod/app/?recursive&prefix=APP_");
  CHECK(ssm.backend == Backend::ssm);
  CHECK(ssm.path == "/prod/app/");
  CHECK(ssm.recursive);
  CHECK(ssm.prefix == "APP_");
  CHECK(parse_bulk_source("vault:secret/app/").path == "secret/app");
  CHECK(parse_bulk_source("file:app.ejson").backend == Backend::file);
  CHECK(parse_bulk_source("secretsmanager:prod/app").path == "prod/app");
  CHECK_THROWS_AS(parse_bulk_source("consul:kv/app"), hush::Error);
  CHECK_THROWS_AS(parse_bulk_source("ssm:prod/app"), hush::Error);
  CHECK_THROWS_AS(parse_bulk_source("vault:secret/app?recursive"), hush::Error);

  CHECK(variable_name_for("db-password", "") == "DB_PASSWORD");
  CHECK(variable_name_for("/prod/app/api.key", "") == "API_KEY");
  CHECK(variable_name_for("token", "APP_") == "APP_TOKEN");
  CHECK(variable_name_for("9lives", "") == "_9LIVES");
  CHECK(variable_name_for("\xC3\xBCn key", "") == "__N_KEY");  // bytes, not characters: each non-ASCII byte becomes _
}

TEST_CASE("variable names: one rule for every name hush sets", "[refs]") {
  for (const char* good : {"A", "_", "_9", "PATH", "db_password", "APP_TOKEN2"}) {
    CAPTURE(good);
    CHECK(is_valid_variable_name(good));
  }
  for (const char* bad : {"", "9LIVES", "A B", "A;touch /tmp/x;B", "A=B", "A-B", "A.B", "$(id)", "A\nB", "\xC3\xBC"}) {
    CAPTURE(bad);
    CHECK_FALSE(is_valid_variable_name(bad));
    CHECK_THROWS_AS(require_variable_name(bad, "--env"), hush::Error);
  }
  CHECK_NOTHROW(require_variable_name("OK_NAME", "--env"));
  // A prefix is part of every imported name, so it must be a name on its own.
  CHECK_THROWS_AS(parse_bulk_source("file:app.ejson?prefix=X;touch /tmp/x;"), hush::Error);
  CHECK_THROWS_AS(parse_bulk_source("vault:secret/app?prefix=APP KEY_"), hush::Error);
  CHECK(parse_bulk_source("vault:secret/app?prefix=").prefix.empty());
  try {
    require_variable_name("A\nB", "--env");
  } catch (const hush::Error& e) {
    CHECK(e.kind() == hush::ErrorKind::usage);
    CHECK(std::string(e.what()) ==
          "--env 'A B' is not a valid variable name (letters, digits and _, not starting with a digit)");
  }
}
