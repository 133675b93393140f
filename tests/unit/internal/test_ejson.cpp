#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "../../support/store_errors.hpp"
#include "../../support/temp_dir.hpp"
#include "catch.hpp"
#include "file_store/ejson_box.hpp"
#include "hush/vault_client/file_store.hpp"
#include "hush/vault_client/store_error.hpp"

namespace fs = std::filesystem;
using namespace hush::vault_client;

namespace {

// A key directory for the file store's options.
struct KeyDir : hush_test::TempDir {
  [[nodiscard]] FileStoreOptions options() const { return {str(), ""}; }
};

std::string document_for(const EjsonKeyPair& pair, const std::string& body) {
  return "{\n  \"_public_key\": \"" + pair.public_hex + "\",\n" + body + "\n}\n";
}

using hush_test::failure_of;

}  // namespace

TEST_CASE("ejson: encrypt then decrypt round-trips and keeps layout", "[ejson]") {
  KeyDir dir;
  const auto pair = generate_ejson_keypair();
  write_private_key(dir.str(), pair);
  CHECK((fs::status(dir.path() / pair.public_hex).permissions() & fs::perms::group_read) == fs::perms::none);

  const std::string plain = document_for(pair,
                                         "  \"database_password\": \"pa\\\"ss\\nword\",\n"
                                         "  \"_comment\": \"kept in clear\",\n"
                                         "  \"port\": 5432,\n"
                                         "  \"nested\": {\"_note\": \"clear\", \"token\": \"t0k3n-value\"},\n"
                                         "  \"list\": [\"first\", \"second\"]");
  const std::string sealed = encrypt_ejson_text(plain, "app.ejson");
  CHECK(sealed.find("pa\\\"ss") == std::string::npos);
  CHECK(sealed.find("t0k3n-value") == std::string::npos);
  CHECK(sealed.find("\"_comment\": \"kept in clear\"") != std::string::npos);
  CHECK(sealed.find("\"port\": 5432") != std::string::npos);
  CHECK(sealed.find("\"_note\": \"clear\"") != std::string::npos);
  CHECK(encrypt_ejson_text(sealed, "app.ejson") == sealed);  // sealed values are never sealed twice

  const auto doc = EjsonDocument::parse(sealed, "app.ejson", dir.options());
  CHECK(doc.get("database_password").view() == "pa\"ss\nword");
  CHECK(doc.get("nested.token").view() == "t0k3n-value");
  CHECK(doc.get("list.1").view() == "second");
  CHECK(doc.get("port").view() == "5432");
  CHECK(failure_of([&] { (void)doc.get("missing"); }) == StoreFailure::not_found);

  const auto bulk = doc.bulk();
  REQUIRE(bulk.size() == 1);  // only top-level strings not starting with '_'
  CHECK(bulk[0].first == "database_password");
}

namespace {
// The ephemeral public key field of every sealed value in TEXT, in order.
std::vector<std::string> ephemeral_keys(const std::string& text) {
  std::vector<std::string> out;
  for (std::size_t at = text.find("EJ[1:"); at != std::string::npos; at = text.find("EJ[1:", at + 1)) {
    const std::size_t start = at + 5;
    out.push_back(text.substr(start, text.find(':', start) - start));
  }
  return out;
}
}  // namespace

TEST_CASE("ejson: one encryption run shares one ephemeral key, files mixing runs still open", "[ejson]") {
  KeyDir dir;
  const auto pair = generate_ejson_keypair();
  write_private_key(dir.str(), pair);
  const std::string first = encrypt_ejson_text(document_for(pair, "  \"a\": \"value-a\",\n  \"b\": \"value-b\""), "f");
  const auto first_keys = ephemeral_keys(first);
  REQUIRE(first_keys.size() == 2);
  CHECK(first_keys[0] == first_keys[1]);  // as ejson does: one key agreement opens the whole file

  // A value added later is sealed in a new run, under another ephemeral key, between the others.
  std::string mixed = first;
  const std::string added = encrypt_ejson_text(document_for(pair, "  \"c\": \"value-c\""), "f");
  const auto c_at = added.find("\"c\"");
  REQUIRE(c_at != std::string::npos);
  const std::string c_line = added.substr(c_at, added.find('\n', c_at) - c_at);
  mixed.insert(mixed.find("\"b\""), c_line + ",\n  ");
  const auto mixed_keys = ephemeral_keys(mixed);
  REQUIRE(mixed_keys.size() == 3);
  CHECK(mixed_keys[1] != mixed_keys[0]);
  CHECK(mixed_keys[2] == mixed_keys[0]);

  const auto doc = EjsonDocument::parse(mixed, "f", dir.options());
  CHECK(doc.get("a").view() == "value-a");
  CHECK(doc.get("c").view() == "value-c");
  CHECK(doc.get("b").view() == "value-b");
}

TEST_CASE("ejson: an environment object is the bulk import, as ejson2env reads it", "[ejson]") {
  KeyDir dir;
  const auto pair = generate_ejson_keypair();
  write_private_key(dir.str(), pair);
  const auto sealed = encrypt_ejson_text(
      document_for(pair, "  \"environment\": {\"API_KEY\": \"k-123456\", \"_X\": \"y\"},\n  \"other\": \"z\""), "f");
  const auto doc = EjsonDocument::parse(sealed, "f", dir.options());
  const auto bulk = doc.bulk();
  REQUIRE(bulk.size() == 1);
  CHECK(bulk[0].first == "API_KEY");
  CHECK(bulk[0].second->view() == "k-123456");
}

TEST_CASE("ejson: wrong key, tampered value and malformed files are clear errors", "[ejson]") {
  KeyDir dir;
  const auto pair = generate_ejson_keypair();
  write_private_key(dir.str(), pair);
  const std::string sealed = encrypt_ejson_text(document_for(pair, "  \"secret\": \"value-one\""), "f");

  SECTION("no private key for the public key") {
    KeyDir empty;
    CHECK(failure_of([&] { (void)EjsonDocument::parse(sealed, "f", empty.options()); }) ==
          StoreFailure::decrypt_failed);
  }
  SECTION("a different private key") {
    const auto other = generate_ejson_keypair();
    KeyDir other_dir;
    const auto key_file = other_dir.path() / "key";
    std::ofstream(key_file) << other.private_hex.view();
    CHECK(failure_of([&] {
            (void)EjsonDocument::parse(sealed, "f", {"", key_file.string()});
          }) == StoreFailure::decrypt_failed);
  }
  SECTION("one flipped ciphertext character") {
    std::string tampered = sealed;
    // A character inside the ciphertext, away from the base64 padding, so the envelope stays
    // well-formed and only the authentication tag can notice.
    const auto box_start = tampered.rfind(':');
    REQUIRE(box_start != std::string::npos);
    char& c = tampered[box_start + 5];
    c = c == 'A' ? 'B' : 'A';
    try {
      (void)EjsonDocument::parse(tampered, "f", dir.options());
      FAIL("tampered value decrypted");
    } catch (const StoreError& e) {
      CHECK(e.failure() == StoreFailure::decrypt_failed);
      CHECK(std::string(e.what()).find("'secret'") != std::string::npos);
    }
  }
  SECTION("malformed inputs") {
    CHECK(failure_of([&] { (void)EjsonDocument::parse("{\"a\": ", "f", dir.options()); }) ==
          StoreFailure::bad_response);
    CHECK(failure_of([&] { (void)EjsonDocument::parse("[1]", "f", dir.options()); }) == StoreFailure::bad_response);
    CHECK(failure_of([&] { (void)EjsonDocument::parse("{\"_public_key\": \"abc\"}", "f", dir.options()); }) ==
          StoreFailure::bad_response);
    std::string bad_envelope = document_for(pair, "  \"secret\": \"EJ[1:abc:def]\"");
    CHECK(failure_of([&] { (void)EjsonDocument::parse(bad_envelope, "f", dir.options()); }) ==
          StoreFailure::bad_response);
    std::string v3 = document_for(pair, "  \"secret\": \"EJ[3:a:b:c:d]\"");
    CHECK(failure_of([&] { (void)EjsonDocument::parse(v3, "f", dir.options()); }) == StoreFailure::bad_response);
  }
}

TEST_CASE("ejson: raw newlines inside strings are accepted, as in hand-pasted keys", "[ejson]") {
  KeyDir dir;
  const auto pair = generate_ejson_keypair();
  write_private_key(dir.str(), pair);
  const auto sealed = encrypt_ejson_text(document_for(pair, "  \"key\": \"line one\nline two\""), "f");
  CHECK(EjsonDocument::parse(sealed, "f", dir.options()).get("key").view() == "line one\nline two");
}
