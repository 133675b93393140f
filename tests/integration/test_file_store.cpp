// The built-in encrypted file store end to end: `hush keygen`, `hush encrypt`, then `hush env` and
// `hush get` reading the sealed file, and files written by an independent implementation.
#include <regex>

#include "catch.hpp"
#include "harness.hpp"

using namespace hush_it;

namespace {

struct KeyedFile {
  TempDir dir;
  std::string public_key;
  fs::path file;
  RunOptions options;

  explicit KeyedFile(const std::string& body) {
    fs::create_directories(dir / "keys");
    options.env = {{"EJSON_KEYDIR", (dir / "keys").string()}};
    const auto keygen = run_hush({"keygen", "--write"}, options);
    REQUIRE(keygen.exit_code == 0);
    public_key = keygen.out.substr(0, 64);
    REQUIRE(std::regex_match(public_key, std::regex("[0-9a-f]{64}")));
    file = dir / "app.ejson";
    write_file(file, "{\n  \"_public_key\": \"" + public_key + "\",\n" + body + "\n}\n");
    const auto encrypt = run_hush({"encrypt", file.string()}, options);
    REQUIRE(encrypt.exit_code == 0);
  }
};

}  // namespace

TEST_CASE("file store: keygen, encrypt, then get and env read the values back", "[file-store]") {
  KeyedFile f(
      "  \"database_password\": \"correct-horse-battery\",\n  \"_owner\": \"team-payments\",\n  \"api-token\": "
      "\"tok_7d2f9a1c\"");
  const std::string sealed = read_file(f.file);
  CHECK(sealed.find("correct-horse-battery") == std::string::npos);
  CHECK(sealed.find("\"_owner\": \"team-payments\"") != std::string::npos);
  CHECK(count_occurrences(sealed, "EJ[1:") == 2);

  const auto get = run_hush({"get", "file://" + f.file.string() + "#database_password"}, f.options);
  CHECK(get.exit_code == 0);
  CHECK(get.out == "correct-horse-battery");

  const auto masked = run_hush({"env", "--from", "file:" + f.file.string()}, f.options);
  CHECK(masked.exit_code == 0);
  CHECK(masked.out.find("DATABASE_PASSWORD=\"******\"") != std::string::npos);
  CHECK(masked.out.find("API_TOKEN=\"******\"") != std::string::npos);
  CHECK(masked.out.find("correct-horse-battery") == std::string::npos);
  CHECK(masked.out.find("_OWNER") == std::string::npos);

  const auto revealed =
      run_hush({"env", "--reveal", "--format", "json", "--from", "file:" + f.file.string()}, f.options);
  CHECK(revealed.exit_code == 0);
  const auto json = parse_json(revealed.out);
  CHECK(json.at("DATABASE_PASSWORD") == "correct-horse-battery");
  CHECK(json.at("API_TOKEN") == "tok_7d2f9a1c");
}

TEST_CASE("file store: failures name the reference and never print a value", "[file-store]") {
  KeyedFile f("  \"present\": \"value-that-must-not-leak\"");
  auto options = f.options;
  options.env.push_back({"DB_PASSWORD", "file://" + f.file.string() + "#absent"});
  options.env.push_back({"OK_VALUE", "file://" + f.file.string() + "#present"});
  const auto env = run_hush({"env"}, options);
  CHECK(env.exit_code == 3);
  CHECK(env.err.find("DB_PASSWORD (file://") != std::string::npos);
  CHECK(env.err.find("not found") != std::string::npos);
  CHECK(env.err.find("value-that-must-not-leak") == std::string::npos);
  CHECK(env.out.empty());

  SECTION("--allow-missing-var lets the rest through") {
    const auto allowed = run_hush({"env", "--allow-missing-var", "DB_PASSWORD", "--reveal"}, options);
    CHECK(allowed.exit_code == 0);
    CHECK(allowed.out.find("OK_VALUE=\"value-that-must-not-leak\"") != std::string::npos);
    CHECK(allowed.out.find("DB_PASSWORD") == std::string::npos);
  }
  SECTION("a missing key directory entry is a decryption failure, not garbage") {
    TempDir other;
    auto wrong = f.options;
    wrong.env = {{"EJSON_KEYDIR", other.str()}};
    const auto get = run_hush({"get", "file://" + f.file.string() + "#present"}, wrong);
    CHECK(get.exit_code == 3);
    CHECK(get.err.find("decryption failed") != std::string::npos);
    CHECK(get.out.empty());
  }
}

TEST_CASE("file store: files sealed by an independent ejson implementation decrypt", "[file-store]") {
  if (!tool_available("python3", {"-c", "import nacl"},
                      "PyNaCl is not installed (pip install pynacl): skipping the cross-implementation check"))
    return;
  TempDir dir;
  fs::create_directories(dir / "keys");
  const auto file = dir / "other.ejson";
  const std::string script = std::string(HUSH_SOURCE_DIR) + "/tests/peers/ejson_reference.py";
  const auto made = run_program(
      "python3", {script, "make", (dir / "keys").string(), file.string(), "secret=made elsewhere ✓", "_note=clear"});
  REQUIRE(made.exit_code == 0);
  RunOptions options;
  options.env = {{"EJSON_KEYDIR", (dir / "keys").string()}};
  const auto get = run_hush({"get", "file://" + file.string() + "#secret"}, options);
  CHECK(get.exit_code == 0);
  CHECK(get.out == "made elsewhere ✓");

  // And the other direction: what hush seals, the independent implementation opens.
  write_file(file, "{\"_public_key\": \"" + parse_json(read_file(file))["_public_key"].get<std::string>() +
                       "\", \"back\": \"sealed by hush\"}");
  REQUIRE(run_hush({"encrypt", file.string()}, options).exit_code == 0);
  const auto opened = run_program("python3", {script, "decrypt", (dir / "keys").string(), file.string(), "back"});
  CHECK(opened.exit_code == 0);
  CHECK(opened.out == "sealed by hush");
}

TEST_CASE("file store: files made by the ejson tool itself decrypt, where it is installed", "[file-store]") {
  if (!tool_available(
          "sh", {"-c", "command -v ejson"},
          "the ejson tool is not installed: skipping (go install github.com/Shopify/ejson/cmd/ejson@latest)"))
    return;
  TempDir dir;
  fs::create_directories(dir / "keys");
  RunOptions options;
  options.env = {{"EJSON_KEYDIR", (dir / "keys").string()}};
  const auto keygen = run_program("ejson", {"--keydir", (dir / "keys").string(), "keygen", "-w"}, options);
  REQUIRE(keygen.exit_code == 0);
  const std::string public_key = keygen.out.substr(0, 64);
  const auto file = dir / "tool.ejson";
  write_file(file, "{\"_public_key\": \"" + public_key + "\", \"password\": \"from the ejson tool\"}");
  REQUIRE(run_program("ejson", {"--keydir", (dir / "keys").string(), "encrypt", file.string()}, options).exit_code ==
          0);
  const auto get = run_hush({"get", "file://" + file.string() + "#password"}, options);
  CHECK(get.exit_code == 0);
  CHECK(get.out == "from the ejson tool");
}
