// `hush run` end to end with the encrypted file store: fail-closed start, exit codes, withheld
// credentials, masking, and refresh (restart on a real change only, survive a failing store).
#include <csignal>
#include <regex>

#include "catch.hpp"
#include "harness.hpp"

using namespace hush_it;

namespace {

// A key directory and one sealed secrets file, rewritten on demand.
struct SecretsFile {
  TempDir dir;
  std::string public_key;
  fs::path file;
  RunOptions options;

  SecretsFile() {
    fs::create_directories(dir / "keys");
    options.env = {{"EJSON_KEYDIR", (dir / "keys").string()}};
    const auto keygen = run_hush({"keygen", "--write"}, options);
    REQUIRE(keygen.exit_code == 0);
    public_key = keygen.out.substr(0, 64);
    file = dir / "app.ejson";
  }
  void write(const std::string& secret_value) {
    const auto staging = dir / "staging.ejson";
    write_file(staging, "{\"_public_key\": \"" + public_key + "\", \"app_secret\": \"" + secret_value + "\"}");
    REQUIRE(run_hush({"encrypt", staging.string()}, options).exit_code == 0);
    fs::rename(staging, file);  // atomically, as a deployment would
  }
  [[nodiscard]] std::string source() const { return "file:" + file.string(); }
};

}  // namespace

TEST_CASE("run: the child gets the secrets, its exit code comes back, credentials stay behind", "[run]") {
  SecretsFile s;
  s.write("first-value-5Qx9");
  auto options = s.options;
  options.env.push_back({"VAULT_TOKEN", "hvs.not-for-the-child"});
  const auto result = run_hush(
      {"run", "--from", s.source(), "--", "sh", "-c", "echo \"$APP_SECRET|${VAULT_TOKEN:-none}\"; exit 7"}, options);
  CHECK(result.exit_code == 7);
  CHECK(result.out == "first-value-5Qx9|none\n");
  const auto passed = run_hush({"run", "--pass-auth-env", "--", "sh", "-c", "echo \"$VAULT_TOKEN\""}, options);
  CHECK(passed.out == "hvs.not-for-the-child\n");

  CHECK(run_hush({"run", "--", "sh", "-c", "kill -KILL $$"}, options).exit_code == 128 + SIGKILL);
  CHECK(run_hush({"run", "--", "no-such-command-hush-test"}, options).exit_code == 127);
  const auto not_executable = s.dir / "plain.txt";
  write_file(not_executable, "not a program\n");
  CHECK(run_hush({"run", "--", not_executable.string()}, options).exit_code == 126);
}

TEST_CASE("run: fails closed, the child never starts when a reference fails", "[run]") {
  SecretsFile s;
  s.write("first-value-5Qx9");
  auto options = s.options;
  options.env.push_back({"DB_PASSWORD", "file://" + s.file.string() + "#no_such_key"});
  const auto marker = s.dir / "started";
  const auto result = run_hush({"run", "--from", s.source(), "--", "sh", "-c", "touch " + marker.string()}, options);
  CHECK(result.exit_code == 3);
  CHECK_FALSE(fs::exists(marker));
  CHECK(contains(result.err, "not starting sh"));
  CHECK(contains(result.err, "DB_PASSWORD (file://"));
  CHECK_FALSE(contains(result.err, "first-value-5Qx9"));
}

TEST_CASE("run: --mask-output hides injected values in the child's output", "[run]") {
  SecretsFile s;
  s.write("mask-me-7Hq2Lz");
  const auto result = run_hush({"run", "--mask-output", "--from", s.source(), "--", "sh", "-c",
                                "printf 'a=%s\\n' \"$APP_SECRET\"; printf '%s' \"$APP_SECRET\" | cut -c1-5; printf "
                                "'b=%s\\n' \"$APP_SECRET\" >&2"},
                               s.options);
  CHECK(result.exit_code == 0);
  CHECK(contains(result.out, "a=******"));
  CHECK(contains(result.out, "mask-"));  // a fragment shorter than the value is not the value
  CHECK(contains(result.err, "b=******"));
  CHECK_FALSE(contains(result.out + result.err, "mask-me-7Hq2Lz"));
}

TEST_CASE("run: refresh restarts the child on a real change only, and never logs a value", "[run][refresh]") {
  SecretsFile s;
  s.write("first-value-5Qx9");
  auto hush = spawn_hush({"run", "--refresh", "1s", "--debounce", "0", "--log-level", "debug", "--log-format", "json",
                          "--from", s.source(), "--", "sh", "-c", "echo \"start $APP_SECRET\"; exec sleep 600"},
                         s.options);
  REQUIRE(hush.out_line() == "start first-value-5Qx9");
  // Several refreshes that find nothing new: no restart.
  expect_unchanged_refreshes(hush, 3, "changed: restarting");
  s.write("second-value-8Kd3");
  REQUIRE(hush.out_line() == "start second-value-8Kd3");
  stop_after_restart(hush, {"first-value-5Qx9", "second-value-8Kd3"});
}

TEST_CASE("run: a failing refresh keeps the child running and retries", "[run][refresh]") {
  SecretsFile s;
  s.write("first-value-5Qx9");
  auto hush = spawn_hush({"run", "--refresh", "1s", "--debounce", "0", "--log-level", "debug", "--from", s.source(),
                          "--", "sh", "-c", "echo \"start $APP_SECRET\"; exec sleep 600"},
                         s.options);
  REQUIRE(hush.out_line() == "start first-value-5Qx9");
  write_file(s.file, "{ this is not json");  // the store is broken from now on
  int failures = 0;
  while (failures < 2) {
    const auto line = hush.err_line();
    REQUIRE(line);
    if (contains(*line, "refresh failed")) ++failures;
  }
  // Still the first child: it has not been restarted and receives our stop signal.
  hush.signal(SIGTERM);
  CHECK(hush.wait() == 128 + SIGTERM);
  CHECK_FALSE(contains(hush.err_seen(), "restarting"));
}

namespace {

// What crashed hush: a file (or store answer) nested 80,000 levels deep, about 160 KB.
std::string deeply_nested(std::size_t depth = 80000) { return std::string(depth, '[') + std::string(depth, ']'); }

}  // namespace

TEST_CASE("run: an .ejson file nested too deep is refused with a message, not a crash", "[run][hostile]") {
  SecretsFile s;
  s.write("first-value-5Qx9");
  write_file(s.file,
             "{\"_public_key\": \"" + s.public_key + "\", \"app_secret\": \"x\", \"deep\": " + deeply_nested() + "}");
  const auto result = run_hush({"run", "--from", s.source(), "--", "true"}, s.options);
  CHECK(result.exit_code == 3);
  CHECK(contains(result.err, "JSON nested deeper than 128 levels"));
  CHECK(contains(result.err, s.file.string()));
  const auto encrypt = run_hush({"encrypt", s.file.string()}, s.options);
  CHECK(encrypt.exit_code == 2);
  CHECK(contains(encrypt.err, "JSON nested deeper than 128 levels"));
}

TEST_CASE("run: an .ejson file turned too deep during a refresh leaves the child running", "[run][refresh][hostile]") {
  SecretsFile s;
  s.write("first-value-5Qx9");
  auto hush = spawn_hush({"run", "--refresh", "1s", "--log-format", "json", "--from", s.source(), "--", "sh", "-c",
                          "echo \"start $APP_SECRET\"; exec sleep 600"},
                         s.options);
  REQUIRE(hush.out_line() == "start first-value-5Qx9");
  write_file(s.file, "{\"_public_key\": \"" + s.public_key + "\", \"deep\": " + deeply_nested() + "}");
  REQUIRE(hush.err_line_with({"refresh failed", "JSON nested deeper than 128 levels"}));
  // The supervisor is alive (it forwards the signal) and the child is the first one.
  hush.signal(SIGTERM);
  CHECK(hush.wait() == 128 + SIGTERM);
  CHECK_FALSE(contains(hush.err_seen(), "restarting"));
}

TEST_CASE("run: a refresh interval under a second is refused before anything runs", "[run][refresh]") {
  SecretsFile s;
  s.write("first-value-5Qx9");
  const auto marker = s.dir / "started";
  for (const std::string interval : {"0", "0s", "1ms", "999ms"}) {
    CAPTURE(interval);
    const auto result = run_hush(
        {"run", "--refresh", interval, "--from", s.source(), "--", "sh", "-c", "touch " + marker.string()}, s.options);
    CHECK(result.exit_code == 2);
    CHECK(contains(result.err, "--refresh must be at least 1s"));
    CHECK_FALSE(fs::exists(marker));
  }
  write_file(s.dir / "hush.toml", "[run]\nrefresh = \"0s\"\n");
  const auto configured = run_hush({"run", "--config", (s.dir / "hush.toml").string(), "--", "true"}, s.options);
  CHECK(configured.exit_code == 2);
  CHECK(contains(configured.err, "run.refresh must be at least 1s"));
}

TEST_CASE("run, env, get: names that are not variable names are refused in every command and format",
          "[run][hostile]") {
  SecretsFile s;
  s.write("first-value-5Qx9");
  const auto marker = s.dir / "touched";
  const std::string hostile = "A;touch " + marker.string() + ";B";
  const std::string reference = "file://" + s.file.string() + "#app_secret";
  for (const std::string format : {"dotenv", "json", "shell"}) {
    CAPTURE(format);
    const auto result = run_hush({"env", "-f", format, "-e", hostile + "=v"}, s.options);
    CHECK(result.exit_code == 2);
    CHECK(result.out.empty());
    CHECK(contains(result.err, "is not a valid variable name"));
  }
  CHECK(run_hush({"run", "-e", "A B=v", "--", "true"}, s.options).exit_code == 2);
  CHECK(run_hush({"get", "-e", hostile + "=v", reference}, s.options).exit_code == 2);
  CHECK(run_hush({"run", "--from", s.source() + "?prefix=X;touch " + marker.string() + ";", "--", "true"}, s.options)
            .exit_code == 2);
  write_file(s.dir / "bad.env", "A B=v\n");
  CHECK(run_hush({"run", "--env-file", (s.dir / "bad.env").string(), "--", "true"}, s.options).exit_code == 2);
  write_file(s.dir / "hush.toml", "[env]\n\"A B\" = \"v\"\n");
  CHECK(run_hush({"env", "--config", (s.dir / "hush.toml").string()}, s.options).exit_code == 2);

  // An inherited name can be anything; `hush env --all` leaves such names out instead of
  // printing a line that runs a command when evaluated.
  auto inherited = s.options;
  inherited.env.push_back({hostile, "v"});
  const auto shell = run_hush({"env", "--all", "-f", "shell"}, inherited);
  CHECK(shell.exit_code == 0);
  CHECK_FALSE(contains(shell.out, "touch"));
  CHECK(contains(shell.err, "left out inherited variables"));
  CHECK(run_program("sh", {"-c", "eval \"$1\"", "sh", shell.out}).exit_code == 0);
  CHECK_FALSE(fs::exists(marker));
}

TEST_CASE("run: --from refuses loader variables and replaces inherited ones only when asked", "[run][hostile]") {
  SecretsFile s;
  const auto staging = s.dir / "staging.ejson";
  write_file(staging,
             "{\"_public_key\": \"" + s.public_key + "\", \"path\": \"/usr/bin:/bin\", \"home\": \"/srv/app\"}");
  REQUIRE(run_hush({"encrypt", staging.string()}, s.options).exit_code == 0);
  const std::string source = "file:" + staging.string();
  auto options = s.options;
  options.env.push_back({"HOME", "/home/inherited"});
  const auto refused = run_hush({"run", "--from", source, "--", "sh", "-c", "echo started"}, options);
  CHECK(refused.exit_code == 3);
  CHECK(refused.out.empty());
  CHECK(contains(refused.err, "key 'home' would replace the inherited variable HOME"));
  CHECK(contains(refused.err, "key 'path' would replace the inherited variable PATH"));
  const auto replaced =
      run_hush({"run", "--overwrite-env", "--from", source, "--", "sh", "-c", "echo \"$HOME\""}, options);
  CHECK(replaced.exit_code == 0);
  CHECK(replaced.out == "/srv/app\n");

  write_file(staging,
             "{\"_public_key\": \"" + s.public_key + "\", \"ld_preload\": \"/tmp/hostile.so\", \"greeting\": \"hi\"}");
  REQUIRE(run_hush({"encrypt", staging.string()}, s.options).exit_code == 0);
  const auto loader = run_hush({"run", "--overwrite-env", "--from", source, "--", "sh", "-c", "echo started"}, options);
  CHECK(loader.exit_code == 3);
  CHECK(loader.out.empty());
  CHECK(contains(loader.err, "key 'ld_preload' would set LD_PRELOAD"));
  CHECK_FALSE(contains(loader.err, "/tmp/hostile.so"));
}

TEST_CASE("run, env, get: configuration mistakes and malformed references are exit 2, used or not", "[run][config]") {
  SecretsFile s;
  s.write("first-value-5Qx9");
  const std::string reference = "file://" + s.file.string() + "#app_secret";
  const auto config = (s.dir / "hush.toml").string();
  for (const std::string toml :
       {"[vault]\naddress = \"notaurl\"\n", "[vault]\nauth = \"ldap\"\n", "[aws]\nregion = \"EU WEST\"\n"}) {
    CAPTURE(toml);
    write_file(config, toml);
    // No Vault or AWS reference in sight: the mistake is reported anyway, with its line.
    for (const auto& args :
         std::vector<std::vector<std::string>>{{"run", "--config", config, "--from", s.source(), "--", "true"},
                                               {"env", "--config", config},
                                               {"get", "--config", config, reference}}) {
      const auto result = run_hush(args, s.options);
      CHECK(result.exit_code == 2);
      CHECK(contains(result.err, "hush.toml:2:"));
    }
  }
  for (const auto& args : std::vector<std::vector<std::string>>{{"run", "-e", "X=vault://secret", "--", "true"},
                                                                {"env", "-e", "X=vault://secret"},
                                                                {"get", "vault://secret"}}) {
    const auto result = run_hush(args, s.options);
    CHECK(result.exit_code == 2);
    CHECK(contains(result.err, "malformed secret reference 'vault://secret'"));
  }
  // Vault's own variable is read only when Vault is used; then an unusable one is exit 2 too.
  auto options = s.options;
  options.env.push_back({"VAULT_ADDR", "vault.internal:8200"});
  CHECK(run_hush({"run", "--from", s.source(), "--", "true"}, options).exit_code == 0);
  for (const auto& args : std::vector<std::vector<std::string>>{{"run", "-e", "X=vault://secret/app#k", "--", "true"},
                                                                {"env", "-e", "X=vault://secret/app#k"},
                                                                {"get", "vault://secret/app#k"}}) {
    const auto result = run_hush(args, options);
    CHECK(result.exit_code == 2);
    CHECK(contains(result.err, "'vault.internal:8200' is not a Vault address"));
  }
}

TEST_CASE("run: a value too large for the environment is named when the command cannot start", "[run]") {
  SecretsFile s;
  s.write(std::string(200000, 'v'));  // over the 128 KiB Linux allows one variable
  for (const bool exec : {false, true}) {
    CAPTURE(exec);
    std::vector<std::string> args{"run", "--from", s.source(), "--", "sh", "-c", "echo started"};
    if (exec) args.insert(args.begin() + 1, "--exec");
    const auto result = run_hush(args, s.options);
    CHECK(result.exit_code == 126);
    CHECK(result.out.empty());
    CHECK(contains(result.err, "sh: Argument list too long: the variable APP_SECRET is 200011 bytes with its name"));
    CHECK_FALSE(contains(result.err, "vvvvvvvv"));
  }
  // Within the limit for one variable, over the limit for all of them together.
  std::string many;
  for (int i = 0; i < 80; ++i) many += "BULK_" + std::to_string(i) + "=" + std::string(100000, 'b') + "\n";
  write_file(s.dir / "many.env", many);
  const auto total =
      run_hush({"run", "--env-file", (s.dir / "many.env").string(), "--", "sh", "-c", "echo started"}, s.options);
  CHECK(total.exit_code == 126);
  CHECK(contains(total.err, "the environment and arguments take"));
  CHECK(contains(total.err, "the largest variable is BULK_"));
}

TEST_CASE("run: with --log-format json every line hush writes on stderr is JSON, failures included", "[run]") {
  SecretsFile s;
  s.write("first-value-5Qx9");
  auto every_line_json = [](const std::string& err, const std::string& wanted) {
    std::size_t lines = 0;
    bool found = false;
    for (std::size_t start = 0; start < err.size();) {
      const auto end = err.find('\n', start);
      const std::string line = err.substr(start, end - start);
      start = end == std::string::npos ? err.size() : end + 1;
      ++lines;
      const auto json = nlohmann::json::parse(line, nullptr, false);
      INFO(line);
      REQUIRE(json.is_object());
      CHECK(json.contains("time"));
      found = found || (json.value("level", "") == "error" && contains(json.value("msg", ""), wanted));
    }
    CHECK(lines > 0);
    CHECK(found);
  };
  const auto malformed = run_hush({"run", "--log-format", "json", "-e", "X=vault://secret", "--", "true"}, s.options);
  CHECK(malformed.exit_code == 2);
  every_line_json(malformed.err, "malformed secret reference");
  const auto missing =
      run_hush({"run", "--log-format=json", "-e", "X=file://" + s.file.string() + "#nope", "--", "true"}, s.options);
  CHECK(missing.exit_code == 3);
  every_line_json(missing.err, "could not be resolved:\n  X (file://");
  const auto not_found = run_hush({"run", "--log-format", "json", "--", "hush-no-such-command-anywhere"}, s.options);
  CHECK(not_found.exit_code == 127);
  every_line_json(not_found.err, "hush-no-such-command-anywhere: command not found");
  const auto unknown_option = run_hush({"run", "--log-format", "json", "--no-such-option", "--", "true"}, s.options);
  CHECK(unknown_option.exit_code == 2);
  every_line_json(unknown_option.err, "unknown option --no-such-option");
  const auto no_command = run_hush({"run", "--log-format", "json"}, s.options);
  CHECK(no_command.exit_code == 2);
  every_line_json(no_command.err, "no command to run");
  const auto env = run_hush({"env", "--log-format", "json", "-e", "A B=v"}, s.options);
  CHECK(env.exit_code == 2);
  every_line_json(env.err, "not a valid variable name");
  // The child's own arguments are not hush's: its --log-format changes nothing.
  const auto child = run_hush({"run", "--", "sh", "-c", "exit 3", "--log-format", "json"}, s.options);
  CHECK(child.exit_code == 3);
}

TEST_CASE("run: memory that cannot be locked is said once", "[run]") {
  if (!tool_available("sh", {"-c", "command -v prlimit && command -v setpriv"},
                      "skipped: prlimit and setpriv (util-linux) are needed to take the memory lock away"))
    return;
  SecretsFile s;
  s.write("first-value-5Qx9");
  // RLIMIT_MEMLOCK 0, and for root also no CAP_IPC_LOCK, with which it would lock anyway.
  std::vector<std::string> args{"prlimit", "--memlock=0:0",       HUSH_BINARY, "run", "--from", s.source(), "--", "sh",
                                "-c",      "echo \"$APP_SECRET\""};
  if (running_as_root()) args.insert(args.begin(), {"setpriv", "--bounding-set", "-ipc_lock"});
  const auto result = run_program(args.front(), std::vector<std::string>(args.begin() + 1, args.end()), s.options);
  CHECK(result.exit_code == 0);
  CHECK(result.out == "first-value-5Qx9\n");
  CHECK(count_occurrences(result.err, "could not be locked in memory") == 1);
  CHECK(contains(result.err, "memlock_limit=0 KiB"));
  const auto locked = run_hush({"run", "--from", s.source(), "--", "true"}, s.options);
  CHECK_FALSE(contains(locked.err, "could not be locked"));
}
