#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "ejson_box.hpp"
#include "hush/common/secure_json.hpp"
#include "hush/vault_client/file_store.hpp"
#include "hush/vault_client/store_error.hpp"
#include "json_walker.hpp"

namespace hush::vault_client {
namespace {

std::string read_whole_file(const std::string& path, StoreFailure missing_failure, const std::string& what) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    const int err = errno;
    throw StoreError(err == ENOENT ? missing_failure : StoreFailure::permission_denied,
                     what + " " + path + ": " + std::strerror(err));
  }
  std::ostringstream text;
  text << in.rdbuf();
  return std::move(text).str();
}

SecretBuffer load_private_key(const std::string& public_hex, const FileStoreOptions& options,
                              const std::string& origin) {
  const std::string path = options.key_file.empty() ? options.keydir + "/" + public_hex : options.key_file;
  std::string text =
      read_whole_file(path, StoreFailure::decrypt_failed, origin + ": no private key for its _public_key at");
  auto key = ejson::parse_private_key_hex(text);
  secure_wipe(text.data(), text.size());
  if (!key)
    throw StoreError(StoreFailure::decrypt_failed, "private key file " + path + " does not hold 64 hex characters");
  return std::move(*key);
}

struct Decryptor {
  const std::string& origin;
  ejson::Opener opener;
  std::map<std::string, SecretBuffer, std::less<>>& values;

  // Recursive, which the reader's depth bound keeps shallow.
  void walk(const SecureJson& node, const std::string& path, bool private_key_name) {
    if (node.is_object()) {
      for (auto it = node.begin(); it != node.end(); ++it) {
        const std::string key(it.key().data(), it.key().size());
        walk(*it, path.empty() ? key : path + "." + key, !key.empty() && key[0] == '_');
      }
    } else if (node.is_array()) {
      std::size_t index = 0;
      for (const auto& child : node) walk(child, path + "." + std::to_string(index++), private_key_name);
    } else if (node.is_string()) {
      const auto& stored = node.get_ref<const SecureString&>();
      const std::string_view text(stored.data(), stored.size());
      if (private_key_name || !ejson::looks_sealed(text)) {
        values.insert_or_assign(path, SecretBuffer(text));
        return;
      }
      auto plain = opener.open(text);
      if (!plain)
        throw StoreError(
            StoreFailure::decrypt_failed,
            origin + ": value '" + path +
                "' does not decrypt with the private key for this file's _public_key (wrong key or tampered value)");
      values.insert_or_assign(path, std::move(*plain));
    } else if (!node.is_null()) {
      values.insert_or_assign(path, secret_text(node));
    }
  }
};

// The file's JSON, or nullopt with the reason ("not valid JSON", "JSON nested deeper than ...").
std::optional<SecureJson> read_document(std::string_view collapsed, std::string& why) {
  SecureJson root;
  const JsonStatus status = read_json(collapsed, root);
  if (status == JsonStatus::ok) return root;
  why = json_status_text(status);
  return std::nullopt;
}

std::string string_of(const SecureJson& string) {
  const auto& text = string.get_ref<const SecureString&>();
  return {text.data(), text.size()};
}

}  // namespace

FileStoreOptions file_store_options_from_env(const std::map<std::string, std::string>& env) {
  FileStoreOptions options;
  if (auto it = env.find("EJSON_KEYDIR"); it != env.end() && !it->second.empty()) options.keydir = it->second;
  if (auto it = env.find("HUSH_EJSON_KEY_FILE"); it != env.end() && !it->second.empty()) options.key_file = it->second;
  return options;
}

EjsonDocument EjsonDocument::load(const std::string& path, const FileStoreOptions& options) {
  return parse(read_whole_file(path, StoreFailure::not_found, "cannot read"), path, options);
}

EjsonDocument EjsonDocument::parse(std::string_view document, const std::string& origin,
                                   const FileStoreOptions& options) {
  std::string why;
  const auto parsed = read_document(ejson::collapse_multiline_strings(document), why);
  if (!parsed) throw StoreError(StoreFailure::bad_response, origin + ": " + why);
  const SecureJson& root = *parsed;
  if (!root.is_object()) throw StoreError(StoreFailure::bad_response, origin + ": the top level must be an object");
  const auto pk = root.find("_public_key");
  if (pk == root.end() || !pk->is_string())
    throw StoreError(StoreFailure::bad_response, origin + ": no \"_public_key\"");
  const std::string public_hex = string_of(*pk);
  const auto public_key = ejson::parse_public_key_hex(public_hex);
  if (!public_key) throw StoreError(StoreFailure::bad_response, origin + ": \"_public_key\" is not 64 hex characters");
  const SecretBuffer private_key = load_private_key(public_hex, options, origin);

  EjsonDocument doc;
  doc.origin_ = origin;
  Decryptor{origin, ejson::Opener(private_key), doc.values_}.walk(root, "", false);
  const auto environment = root.find("environment");
  const bool from_environment = environment != root.end() && environment->is_object();
  const SecureJson& bulk_source = from_environment ? *environment : root;
  for (auto it = bulk_source.begin(); it != bulk_source.end(); ++it) {
    const std::string key(it.key().data(), it.key().size());
    if (it->is_string() && !key.empty() && key[0] != '_')
      doc.bulk_keys_.push_back(from_environment ? "environment." + key : key);
  }
  return doc;
}

const SecretBuffer& EjsonDocument::get(std::string_view key_path) const {
  const auto it = values_.find(key_path);
  if (it == values_.end())
    throw StoreError(StoreFailure::not_found, origin_ + ": no key '" + std::string(key_path) + "'");
  return it->second;
}

bool EjsonDocument::contains(std::string_view key_path) const { return values_.find(key_path) != values_.end(); }

std::vector<std::pair<std::string, const SecretBuffer*>> EjsonDocument::bulk() const {
  std::vector<std::pair<std::string, const SecretBuffer*>> out;
  for (const auto& path : bulk_keys_) {
    const std::string name = path.starts_with("environment.") ? path.substr(12) : path;
    out.emplace_back(name, &values_.at(path));
  }
  return out;
}

std::vector<std::pair<std::string, SecretBuffer>> EjsonDocument::take_bulk() && {
  std::vector<std::pair<std::string, SecretBuffer>> out;
  out.reserve(bulk_keys_.size());
  for (const auto& path : bulk_keys_) {
    std::string name = path.starts_with("environment.") ? path.substr(12) : path;
    out.emplace_back(std::move(name), std::move(values_.at(path)));
  }
  return out;
}

std::vector<std::pair<std::string, SecretBuffer>> EjsonDocument::take_all() && {
  std::vector<std::pair<std::string, SecretBuffer>> out;
  out.reserve(values_.size());
  for (auto& [path, value] : values_) out.emplace_back(path, std::move(value));
  return out;
}

std::string encrypt_ejson_text(std::string_view document, const std::string& origin) {
  const std::string collapsed = ejson::collapse_multiline_strings(document);
  std::string why;
  const auto parsed = read_document(collapsed, why);
  if (!parsed) throw Error(ErrorKind::config, origin + ": " + why);
  const SecureJson& root = *parsed;
  const auto pk = root.is_object() ? root.find("_public_key") : root.end();
  if (pk == root.end() || !pk->is_string())
    throw Error(ErrorKind::config, origin + ": no \"_public_key\" at the top level");
  const auto public_key = ejson::parse_public_key_hex(string_of(*pk));
  if (!public_key) throw Error(ErrorKind::config, origin + ": \"_public_key\" is not 64 hex characters");
  const ejson::Sealer sealer(*public_key);
  return ejson::rewrite_encryptable_values(collapsed, origin, [&](const std::string& plain) {
    return ejson::looks_sealed(plain) ? plain : sealer.seal(plain);
  });
}

EjsonKeyPair generate_ejson_keypair() {
  ensure_sodium();
  unsigned char pub[crypto_box_PUBLICKEYBYTES];
  SecretBuffer priv;
  priv.resize(crypto_box_SECRETKEYBYTES);
  crypto_box_keypair(pub, priv.bytes());
  EjsonKeyPair pair;
  char hex[2 * 32 + 1];
  sodium_bin2hex(hex, sizeof hex, pub, sizeof pub);
  pair.public_hex = hex;
  pair.private_hex.resize(64);
  sodium_bin2hex(hex, sizeof hex, priv.bytes(), priv.size());
  std::memcpy(pair.private_hex.mutable_data(), hex, 64);
  sodium_memzero(hex, sizeof hex);
  return pair;
}

void write_private_key(const std::string& keydir, const EjsonKeyPair& pair) {
  const std::string path = keydir + "/" + pair.public_hex;
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0400);
  if (fd < 0) throw Error(ErrorKind::runtime, "cannot create " + path + ": " + std::strerror(errno));
  const auto size = static_cast<ssize_t>(pair.private_hex.size());
  const bool written = ::write(fd, pair.private_hex.data(), pair.private_hex.size()) == size;
  if (::close(fd) != 0 || !written) throw Error(ErrorKind::runtime, "cannot write " + path);
}

}  // namespace hush::vault_client
