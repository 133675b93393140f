// `hush keygen` and `hush encrypt`: create and fill ejson-format secret files for the built-in
// file store. Same behaviour and key layout as ejson, so existing keys and files keep working.
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>

#include "args.hpp"
#include "commands.hpp"
#include "hush/common/error.hpp"
#include "hush/vault_client/file_store.hpp"

extern char** environ;  // NOLINT(readability-redundant-declaration): POSIX requires the program to declare it

namespace hush::cli {
namespace {

std::map<std::string, std::string> process_environment() {
  std::map<std::string, std::string> env;
  for (char** e = environ; *e != nullptr; ++e) {
    const std::string entry(*e);
    const auto eq = entry.find('=');
    if (eq != std::string::npos) env.emplace(entry.substr(0, eq), entry.substr(eq + 1));
  }
  return env;
}

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(ErrorKind::runtime, "cannot read " + path + ": " + std::strerror(errno));
  std::ostringstream text;
  text << in.rdbuf();
  return std::move(text).str();
}

// Replaces `path` atomically, keeping its permission bits: a crash never leaves half a file.
void replace_file(const std::string& path, const std::string& content) {
  struct stat st {};
  const mode_t mode = ::stat(path.c_str(), &st) == 0 ? (st.st_mode & 07777) : 0600;
  const std::string tmp = path + ".hush-tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << content;
    if (!out.flush()) throw Error(ErrorKind::runtime, "cannot write " + tmp);
  }
  ::chmod(tmp.c_str(), mode);
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    std::remove(tmp.c_str());
    throw Error(ErrorKind::runtime, "cannot replace " + path + ": " + std::strerror(errno));
  }
}

constexpr const char* keygen_usage =
    "usage: hush keygen [--write] [--keydir DIR]\n\nCreates a key pair for ejson-format secret files.\n"
    "Put the public key in a file as \"_public_key\", then run 'hush encrypt FILE'.\n\noptions:\n";

constexpr const char* encrypt_usage =
    "usage: hush encrypt FILE...\n\nSeals every plaintext value of each ejson file to its \"_public_key\", in "
    "place.\n"
    "Values whose key starts with '_' stay in clear; sealed values are left as they are.\n\noptions:\n";

}  // namespace

std::vector<OptionSpec> keygen_options() {
  return {
      {"write", 'w', false, "", "write the private key to the key directory and print only the public key"},
      {"keydir", 'k', true, "DIR", "key directory (default: $EJSON_KEYDIR or /opt/ejson/keys)"},
      help_option(),
  };
}

std::vector<OptionSpec> encrypt_options() { return {help_option()}; }

int run_keygen_command(const std::vector<std::string>& raw) {
  const auto specs = keygen_options();
  const ParsedArgs args = parse_args(raw, specs);
  if (args.has("help")) return print_help(keygen_usage, specs);
  if (!args.positional.empty()) throw Error(ErrorKind::usage, "unexpected argument '" + args.positional[0] + "'");
  const auto pair = vault_client::generate_ejson_keypair();
  if (args.has("write")) {
    const std::string keydir =
        args.value("keydir").value_or(vault_client::file_store_options_from_env(process_environment()).keydir);
    vault_client::write_private_key(keydir, pair);
    std::printf("%s\n", pair.public_hex.c_str());
    return exit_clean;
  }
  // Printing the private key is what the user asked for: it goes to stdout only, never a log.
  std::printf("Public Key:\n%s\nPrivate Key:\n%.*s\n", pair.public_hex.c_str(),
              static_cast<int>(pair.private_hex.size()), pair.private_hex.data());
  return exit_clean;
}

int run_encrypt_command(const std::vector<std::string>& raw) {
  const auto specs = encrypt_options();
  const ParsedArgs args = parse_args(raw, specs);
  if (args.has("help")) return print_help(encrypt_usage, specs);
  if (args.positional.empty()) return print_usage_error(encrypt_usage, specs);
  for (const auto& path : args.positional) {
    const std::string before = read_text(path);
    const std::string after = vault_client::encrypt_ejson_text(before, path);
    if (after != before) replace_file(path, after);
    std::printf("Wrote %zu bytes to %s.\n", after.size(), path.c_str());
  }
  return exit_clean;
}

}  // namespace hush::cli
