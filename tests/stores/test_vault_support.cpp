#include "test_vault_support.hpp"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>
#include <utility>

#include "catch.hpp"
#include "hush/common/log.hpp"
#include "hush/vault_client/http.hpp"

namespace hush_stores {
namespace {

namespace fs = std::filesystem;

void run(const std::string& command) {
  const std::string quiet = command + " >/dev/null 2>&1";
  if (std::system(quiet.c_str()) != 0) throw std::runtime_error("command failed: " + command);
}

std::string env_or_empty(const char* name) {
  const char* value = std::getenv(name);
  return value == nullptr ? std::string() : std::string(value);
}

std::string random_hex(std::size_t bytes) {
  std::random_device device;
  static constexpr char hex[] = "0123456789abcdef";
  std::string out;
  for (std::size_t i = 0; i < bytes; ++i) {
    const auto b = static_cast<unsigned>(device()) & 0xffU;
    out.push_back(hex[b >> 4]);
    out.push_back(hex[b & 0x0f]);
  }
  return out;
}

nlohmann::json exchange(const std::string& method, const std::string& url, const nlohmann::json& body,
                        const std::string& token, const std::string& ns, const hush::vault_client::TlsOptions& tls,
                        const std::string& unix_socket) {
  HttpOptions options;
  options.tls = tls;
  options.unix_socket = unix_socket;
  HttpClient http(options, hush::Logger::null());
  HttpRequest request;
  request.method = method;
  request.url = url;
  const std::string text = body.is_null() ? std::string() : body.dump();
  if (!token.empty()) request.headers.add_sensitive("X-Vault-Token", token);
  if (!ns.empty()) request.headers.add("X-Vault-Namespace", ns);
  if (!text.empty()) {
    request.headers.add("Content-Type", "application/json");
    request.body = text;
  }
  if (method == "POST" && text.empty()) request.body = "{}";
  const auto response = http.perform(request, Deadline::in(std::chrono::seconds(20)));
  const std::string answer(response.body.view());
  if (response.status >= 400) {
    throw std::runtime_error(method + " " + url + " -> " + std::to_string(response.status) + " " + answer);
  }
  if (answer.empty()) return nullptr;
  return nlohmann::json::parse(answer);
}

}  // namespace

TestPki::TestPki(const TempDir& dir) {
  const std::string d = dir.str();
  const std::string ec = " -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes ";
  auto make_ca = [&](const std::string& name, const std::string& cn) {
    run("openssl req -x509" + ec + "-keyout " + d + "/" + name + ".key -out " + d + "/" + name +
        ".pem -days 2 -subj '/CN=" + cn +
        "' -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign");
  };
  make_ca("ca", "hush test CA");
  make_ca("other-ca", "unrelated test CA");
  auto make_leaf = [&](const std::string& name, const std::string& cn, const std::string& extensions) {
    dir.write(name + ".ext", extensions);
    run("openssl req" + ec + "-keyout " + d + "/" + name + ".key -out " + d + "/" + name + ".csr -subj '/CN=" + cn +
        "'");
    run("openssl x509 -req -in " + d + "/" + name + ".csr -CA " + d + "/ca.pem -CAkey " + d +
        "/ca.key -CAcreateserial -out " + d + "/" + name + ".pem -days 2 -extfile " + d + "/" + name + ".ext");
  };
  make_leaf("server", "127.0.0.1", "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n");
  make_leaf("named", "vault.test", "subjectAltName=DNS:vault.test\nextendedKeyUsage=serverAuth\n");
  make_leaf("client", "hush client", "extendedKeyUsage=clientAuth\n");
  ca_cert = d + "/ca.pem";
  other_ca_cert = d + "/other-ca.pem";
  server_cert = d + "/server.pem";
  server_key = d + "/server.key";
  named_cert = d + "/named.pem";
  named_key = d + "/named.key";
  client_cert = d + "/client.pem";
  client_key = d + "/client.key";
  // The same key under a passphrase (PKCS#8, AES-256); the file ends in a newline, as echo writes it.
  dir.write("client-key-passphrase", "correct horse battery\n");
  run("openssl pkey -in " + client_key + " -aes256 -passout file:" + d + "/client-key-passphrase -out " + d +
      "/client-encrypted.key");
  client_key_encrypted = d + "/client-encrypted.key";
  client_key_passphrase_file = d + "/client-key-passphrase";
}

VaultTarget::VaultTarget(const std::vector<std::string>& peer_args, const std::string& scheme,
                         hush::vault_client::TlsOptions tls)
    : tls_(std::move(tls)) {
  const std::string real_addr = env_or_empty("HUSH_TEST_VAULT_ADDR");
  const std::string real_token = env_or_empty("HUSH_TEST_VAULT_TOKEN");
  if (peer_args.empty() && !real_addr.empty() && !real_token.empty()) {
    address_ = real_addr;
    root_token_ = real_token;
    tls_.ca_file = env_or_empty("HUSH_TEST_VAULT_CACERT");
    return;
  }
  root_token_ = "hvs.root-" + random_hex(12);
  std::vector<std::string> argv = {"python3", std::string(HUSH_PEERS_DIR) + "/vault_peer.py", "--root-token",
                                   root_token_};
  argv.insert(argv.end(), peer_args.begin(), peer_args.end());
  process_ = std::make_unique<PeerProcess>(argv);
  if (scheme == "unix") {
    const auto at = std::find(peer_args.begin(), peer_args.end(), "--unix");
    if (at == peer_args.end() || at + 1 == peer_args.end())
      throw std::runtime_error("a unix VaultTarget needs --unix PATH");
    unix_socket_ = *(at + 1);
    address_ = "unix://" + unix_socket_;
  } else {
    address_ = process_->base_url(scheme);
  }
}

std::string VaultTarget::base() const { return unix_socket_.empty() ? address_ : "http://localhost"; }

nlohmann::json VaultTarget::api(const std::string& method, const std::string& path, const nlohmann::json& body,
                                const std::string& ns) {
  return exchange(method, base() + "/v1/" + path, body, root_token_, ns, tls_, unix_socket_);
}

nlohmann::json VaultTarget::admin(const std::string& method, const std::string& what, const nlohmann::json& body) {
  if (!peer()) throw std::runtime_error("peer admin endpoint used against a real Vault");
  return exchange(method, base() + "/_peer/" + what, body, "", "", tls_, unix_socket_);
}

long VaultTarget::requests(const std::string& method_and_path) {
  const auto stats = admin("GET", "stats");
  return stats["requests"].value(method_and_path, 0L);
}

long VaultTarget::events(const std::string& name) {
  const auto stats = admin("GET", "stats");
  return stats["events"].value(name, 0L);
}

std::string VaultTarget::unique(const std::string& stem) {
  static std::atomic<int> counter{0};
  return stem + "-" + std::to_string(getpid()) + "-" + std::to_string(++counter) + "-" + random_hex(3);
}

hush::vault_client::VaultConfig VaultTarget::config(const std::string& token) const {
  hush::vault_client::VaultConfig config;
  config.address = base();
  config.http.unix_socket = unix_socket_;
  config.token = hush::SecretBuffer(token);
  config.token_origin = "test";
  config.http.tls = tls_;
  config.retry.base_delay = std::chrono::milliseconds(20);
  config.retry.max_delay = std::chrono::milliseconds(200);
  return config;
}

ProxyTarget::ProxyTarget(const std::string& mode, const std::vector<std::string>& extra) {
  std::vector<std::string> argv = {
      "python3", std::string(HUSH_PEERS_DIR) + "/proxy_peer.py", "--mode", mode, "--log", dir_.file("tunnels")};
  argv.insert(argv.end(), extra.begin(), extra.end());
  process_ = std::make_unique<PeerProcess>(argv);
}

std::string ProxyTarget::url(const std::string& scheme, const std::string& credentials) const {
  return scheme + "://" + (credentials.empty() ? "" : credentials + "@") +
         "127.0.0.1:" + std::to_string(process_->port());
}

std::vector<std::string> ProxyTarget::tunnels() const {
  std::vector<std::string> lines;
  std::istringstream text(dir_.read("tunnels"));
  for (std::string line; std::getline(text, line);) lines.push_back(line);
  return lines;
}

std::string make_jwt(const nlohmann::json& claims) {
  auto b64url = [](const std::string& in) {
    static constexpr char table[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    std::string out;
    std::size_t i = 0;
    for (; i + 2 < in.size(); i += 3) {
      const unsigned v = (static_cast<unsigned char>(in[i]) << 16) | (static_cast<unsigned char>(in[i + 1]) << 8) |
                         static_cast<unsigned char>(in[i + 2]);
      out += {table[(v >> 18) & 63], table[(v >> 12) & 63], table[(v >> 6) & 63], table[v & 63]};
    }
    if (i + 1 == in.size()) {
      const unsigned v = static_cast<unsigned char>(in[i]) << 16;
      out += {table[(v >> 18) & 63], table[(v >> 12) & 63]};
    } else if (i + 2 == in.size()) {
      const unsigned v = (static_cast<unsigned char>(in[i]) << 16) | (static_cast<unsigned char>(in[i + 1]) << 8);
      out += {table[(v >> 18) & 63], table[(v >> 12) & 63], table[(v >> 6) & 63]};
    }
    return out;
  };
  return b64url(R"({"alg":"RS256","typ":"JWT"})") + "." + b64url(claims.dump()) + "." + b64url("sig-" + random_hex(16));
}

Deadline generous() { return Deadline::in(std::chrono::seconds(30)); }

VaultClient app_client(VaultTarget& vault) { return app_client(vault, vault.config(vault.root_token())); }

VaultClient app_client(VaultTarget& vault, hush::vault_client::VaultConfig config) {
  vault.api("POST", "secret/data/app", {{"data", {{"k", "v"}}}});
  VaultClient client(std::move(config), hush::Logger::null());
  (void)client.mount_of("secret/app", generous());
  return client;
}

}  // namespace hush_stores
