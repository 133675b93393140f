#include <csignal>

#include "catch.hpp"
#include "hush/common/error.hpp"
#include "hush/injector/run_config.hpp"

using namespace hush::injector;
using namespace std::chrono_literals;

TEST_CASE("hush.toml: env, from, run and store sections", "[run-config]") {
  const auto config = parse_run_config(R"(
[env]
DATABASE_PASSWORD = "vault://secret/app#db_password"
LOG_LEVEL = "info"

[[from]]
source = "ssm:/prod/app/"
recursive = true
prefix = "APP_"

[[from]]
source = "file:secrets.ejson"

[run]
refresh = "5m"
on_change = "signal:HUP"
grace_period = "3s"
timeout = "1m30s"
allow_missing = ["OPTIONAL_TOKEN"]
precedence = "last"
mask_output = true

[vault]
address = "https://vault.internal:8200"
auth = "approle"

[aws]
region = "eu-west-1"
)",
                                       "hush.toml");
  REQUIRE(config.env.size() == 2);
  CHECK(config.env[0].first == "DATABASE_PASSWORD");
  REQUIRE(config.from.size() == 2);
  CHECK(config.from[0].recursive);
  CHECK(config.from[0].prefix == "APP_");
  CHECK(config.from[1].backend == Backend::file);
  CHECK(config.run.refresh == 5min);
  CHECK(config.run.on_change == OnChange::signal);
  CHECK(config.run.change_signal == SIGHUP);
  CHECK(config.run.grace_period == 3s);
  CHECK(config.run.timeout == 90s);
  CHECK(config.run.allow_missing.count("OPTIONAL_TOKEN") == 1);
  CHECK(config.run.precedence == Precedence::last_wins);
  CHECK(config.run.mask_output);
  CHECK(config.vault.at("auth") == "approle");
  CHECK(config.aws.at("region") == "eu-west-1");
}

TEST_CASE("hush.toml: mistakes are errors with file and line", "[run-config]") {
  auto error_of = [](const char* text) {
    try {
      (void)parse_run_config(text, "hush.toml");
    } catch (const hush::Error& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  CHECK(error_of("[run]\nrefresh = \"soon\"\n").find("hush.toml:2:") == 0);
  CHECK(error_of("[run]\nrefersh = \"5m\"\n").find("unknown key run.refersh") != std::string::npos);
  CHECK(error_of("[[from]]\nsource = \"consul:x\"\n").find("hush.toml:2:") == 0);
  CHECK(error_of("[envv]\nA = \"b\"\n").find("unknown section") != std::string::npos);
  CHECK(error_of("[run]\non_change = \"reboot\"\n").find("on_change") != std::string::npos);
  // An interval under a second is a busy loop against the store.
  for (const char* interval : {"0", "0s", "1ms", "999ms"}) {
    CAPTURE(interval);
    CHECK(error_of(("[run]\nrefresh = \"" + std::string(interval) + "\"\n").c_str())
              .find("hush.toml:2: run.refresh must be at least 1s") == 0);
  }
  CHECK(error_of("[run]\nrefresh = \"1s\"\n") == "no error");
  // Names: [env] keys and [[from]] prefixes follow the one rule, --env-file names too.
  CHECK(error_of("[env]\n\"A;touch /tmp/x;B\" = \"v\"\n")
            .find("hush.toml:2: [env] 'A;touch /tmp/x;B' is not a valid variable name") == 0);
  CHECK(error_of("[[from]]\nsource = \"ssm:/app/\"\nprefix = \"APP KEY_\"\n")
            .find("hush.toml:3: from.prefix 'APP KEY_'") == 0);
  CHECK(error_of("[[from]]\nsource = \"ssm:/app/?prefix=A;B\"\n").find("hush.toml:2:") == 0);
  CHECK(error_of("[run]\noverwrite_env = true\n") == "no error");
  // Store sections are checked when the file is read, used or not.
  CHECK(error_of("[vault]\nrole = \"app\"\naddress = \"notaurl\"\n")
            .find("hush.toml:3: [vault] address 'notaurl' is not a Vault address") == 0);
  CHECK(error_of("[vault]\nauth = \"ldap\"\n").find("hush.toml:2: [vault] auth must be") == 0);
  CHECK(error_of("[aws]\nregion = \"EU\"\n").find("hush.toml:2: [aws] region") == 0);
  CHECK(error_of("[file]\nkeys = \"/k\"\n").find("hush.toml:2: [file] keys is not a setting") == 0);
}

TEST_CASE("durations, signals and .env files", "[run-config]") {
  CHECK(parse_duration("250ms") == 250ms);
  CHECK(parse_duration("30") == 30s);
  CHECK(parse_duration("1h30m") == 90min);
  CHECK_FALSE(parse_duration("5 minutes"));
  CHECK_FALSE(parse_duration(""));
  CHECK(parse_signal("SIGTERM") == SIGTERM);
  CHECK(parse_signal("HUP") == SIGHUP);
  CHECK(parse_signal("10") == 10);
  CHECK_FALSE(parse_signal("SIGFOO"));

  const auto entries = parse_env_file(
      "# comment\n\nexport A=1\nB = \"two words\\nline\"\nC='single $quoted'\nD=plain # trailing "
      "comment\nE=vault://secret/app#key\n",
      ".env");
  REQUIRE(entries.size() == 5);
  CHECK(entries[0] == std::pair<std::string, std::string>{"A", "1"});
  CHECK(entries[1].second == "two words\nline");
  CHECK(entries[2].second == "single $quoted");
  CHECK(entries[3].second == "plain");
  CHECK(entries[4].second == "vault://secret/app#key");  // '#' without a space before it is part of the value
  CHECK_THROWS_AS(parse_env_file("NOEQUALS\n", ".env"), hush::Error);
  CHECK_THROWS_AS(parse_env_file("A=\"open\n", ".env"), hush::Error);
  CHECK_THROWS_AS(parse_env_file("BAD-NAME=1\n", ".env"), hush::Error);
  CHECK_THROWS_AS(parse_env_file("1ST=1\n", ".env"), hush::Error);  // no shell can assign it
}

TEST_CASE("hush.toml: the scan's keys may share the file, a key that is nobody's is still an error", "[run-config]") {
  const auto config = parse_run_config(R"(
exclude = ["vendor/"]
min_confidence = "low"

[env]
LOG_LEVEL = "info"

[limits]
max_file_size = "1MiB"

[[rule]]
id = "internal"
regex = 'x'
)",
                                       "hush.toml");
  REQUIRE(config.env.size() == 1);
  CHECK_THROWS_AS(parse_run_config("exclude = []\nexcludes = []\n", "hush.toml"), hush::Error);
}
