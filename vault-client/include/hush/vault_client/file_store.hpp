#pragma once
// The built-in encrypted file store: JSON files whose string values are sealed to a public key,
// in the ejson format (schema 1: NaCl box, Curve25519 + XSalsa20-Poly1305). The private key is
// found in a key directory named after the public key (EJSON_KEYDIR convention) or in a key file.
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "hush/common/secret.hpp"

namespace hush::vault_client {

struct FileStoreOptions {
  std::string keydir = "/opt/ejson/keys";  // ejson's default
  std::string key_file;                    // when set, wins over the key directory
};

// EJSON_KEYDIR and HUSH_EJSON_KEY_FILE from `env` (pass the process environment, or a test's).
[[nodiscard]] FileStoreOptions file_store_options_from_env(const std::map<std::string, std::string>& env);

struct EjsonKeyPair {
  std::string public_hex;    // 64 hex characters, the file's "_public_key"
  SecretBuffer private_hex;  // 64 hex characters
};

[[nodiscard]] EjsonKeyPair generate_ejson_keypair();

// Writes the private key to <keydir>/<public_hex> (mode 0400, created exclusively).
void write_private_key(const std::string& keydir, const EjsonKeyPair& pair);

// Seals every encryptable plaintext value of an ejson document to its "_public_key" and returns
// the new text. Formatting, key order and already-sealed values are kept byte for byte.
// Encryptable: a string that is not an object key and whose key does not start with '_'.
[[nodiscard]] std::string encrypt_ejson_text(std::string_view document, const std::string& origin);

// A decrypted ejson document. Values live in guarded memory; the ciphertext is discarded.
class EjsonDocument {
 public:
  // Reads and decrypts `path`. A missing key, a wrong key, a tampered value or a malformed file
  // is a StoreError naming the file (and the value's key), never partial output.
  static EjsonDocument load(const std::string& path, const FileStoreOptions& options);
  static EjsonDocument parse(std::string_view document, const std::string& origin, const FileStoreOptions& options);

  // A value by key path: "db_password" or "database.password" for nested objects.
  [[nodiscard]] const SecretBuffer& get(std::string_view key_path) const;
  [[nodiscard]] bool contains(std::string_view key_path) const;

  // Values for a bulk import: the "environment" object's entries when the file has one (the
  // ejson2env convention), otherwise every top-level string value whose key does not start
  // with '_'. Nested objects are not flattened.
  [[nodiscard]] std::vector<std::pair<std::string, const SecretBuffer*>> bulk() const;

  // The same values moved out, for a caller that is done with the document: no copy of a
  // secret is made. take_all() gives every key path.
  [[nodiscard]] std::vector<std::pair<std::string, SecretBuffer>> take_bulk() &&;
  [[nodiscard]] std::vector<std::pair<std::string, SecretBuffer>> take_all() &&;

  [[nodiscard]] const std::string& origin() const noexcept { return origin_; }

 private:
  std::string origin_;
  std::map<std::string, SecretBuffer, std::less<>> values_;  // dotted key path -> value
  std::vector<std::string> bulk_keys_;
};

}  // namespace hush::vault_client
