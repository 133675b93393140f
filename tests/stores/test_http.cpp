// The HTTP layer against the Vault peer: connection reuse, TLS (test CA, wrong CA, server name
// override, client certificates, verification off), deadline-bounded timeouts, transport
// failures classified, and nothing secret in the debug log.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <string>

#include "catch.hpp"
#include "hush/common/log.hpp"
#include "hush/vault_client/http.hpp"
#include "test_vault_support.hpp"

using namespace hush_stores;
using std::chrono::milliseconds;

namespace {

HttpRequest get(const std::string& url) {
  HttpRequest request;
  request.url = url;
  return request;
}

long health_status(HttpClient& http, const std::string& base) {
  return http.perform(get(base + "/v1/sys/health"), generous()).status;
}

// A Logger writing to a file the test reads back.
struct FileLog {
  TempDir dir;
  std::FILE* file = nullptr;
  hush::Logger logger;
  explicit FileLog(hush::LogLevel level = hush::LogLevel::debug)
      : file(std::fopen(dir.file("log").c_str(), "w")), logger(file, hush::LogFormat::text, level) {}
  ~FileLog() {
    if (file != nullptr) std::fclose(file);
  }
  FileLog(const FileLog&) = delete;
  FileLog& operator=(const FileLog&) = delete;
  std::string text() {
    std::fflush(file);
    return dir.read("log");
  }
};

// The Vault peer serving https with the test PKI's certificate for 127.0.0.1.
struct HttpsPeer {
  TempDir dir;
  TestPki pki{dir};
  TlsOptions trust = trusting(pki.ca_cert);
  VaultTarget peer{{"--tls-cert", pki.server_cert, "--tls-key", pki.server_key}, "https", trust};

  static TlsOptions trusting(const std::string& ca_file) {
    TlsOptions options;
    options.ca_file = ca_file;
    return options;
  }
};

// The Vault peer serving https with the test PKI's certificate for the name vault.test only.
struct NamedHttpsPeer {
  TempDir dir;
  TestPki pki{dir};
  TlsOptions trust = [this] {
    TlsOptions options = HttpsPeer::trusting(pki.ca_cert);
    options.server_name = "vault.test";
    return options;
  }();
  VaultTarget peer{{"--tls-cert", pki.named_cert, "--tls-key", pki.named_key}, "https", trust};
};

}  // namespace

TEST_CASE("one client reuses its connection", "[http]") {
  VaultTarget peer({"--port", "0"});
  HttpClient http(HttpOptions{}, hush::Logger::null());
  for (int i = 0; i < 3; ++i) CHECK(health_status(http, peer.address()) == 200);
  // One connection for the client's three requests, one for this statistics query.
  CHECK(peer.events("connections") == 2);
}

TEST_CASE("TLS: the test CA verifies, another CA fails without retry", "[http][tls]") {
  HttpsPeer https;
  const TestPki& pki = https.pki;
  VaultTarget& peer = https.peer;

  HttpOptions good;
  good.tls.ca_file = pki.ca_cert;
  HttpClient trusted(good, hush::Logger::null());
  CHECK(health_status(trusted, peer.address()) == 200);

  HttpOptions wrong;
  wrong.tls.ca_file = pki.other_ca_cert;
  HttpClient untrusted(wrong, hush::Logger::null());
  const auto e = error_of([&] { (void)health_status(untrusted, peer.address()); });
  CHECK(e.failure() == StoreFailure::auth_failed);
  CHECK_FALSE(e.transient());

  // The system store does not know the test CA either.
  HttpClient system_store(HttpOptions{}, hush::Logger::null());
  CHECK(error_of([&] { (void)health_status(system_store, peer.address()); }).failure() == StoreFailure::auth_failed);
}

TEST_CASE("TLS: a CA directory works as well as a CA file", "[http][tls]") {
  HttpsPeer https;
  VaultTarget& peer = https.peer;
  TempDir cadir;
  std::string command =
      "cp " + https.pki.ca_cert + " " + cadir.file("ca.pem") + " && openssl rehash " + cadir.str() + " >/dev/null 2>&1";
  REQUIRE(std::system(command.c_str()) == 0);
  HttpOptions options;
  options.tls.ca_path = cadir.str();
  HttpClient http(options, hush::Logger::null());
  CHECK(health_status(http, peer.address()) == 200);
}

TEST_CASE("TLS: the server name override verifies a certificate for another name", "[http][tls]") {
  NamedHttpsPeer named_peer;
  const TestPki& pki = named_peer.pki;
  const TlsOptions& trust = named_peer.trust;
  VaultTarget& peer = named_peer.peer;

  HttpOptions plain;
  plain.tls.ca_file = pki.ca_cert;
  HttpClient by_address(plain, hush::Logger::null());
  CHECK(error_of([&] { (void)health_status(by_address, peer.address()); }).failure() == StoreFailure::auth_failed);

  HttpOptions named;
  named.tls = trust;
  HttpClient by_name(named, hush::Logger::null());
  CHECK(health_status(by_name, peer.address()) == 200);
  CHECK(health_status(by_name, peer.address()) == 200);
}

TEST_CASE("TLS: client certificates for a server that requires them", "[http][tls]") {
  TempDir dir;
  const TestPki pki(dir);
  TlsOptions with_cert;
  with_cert.ca_file = pki.ca_cert;
  with_cert.client_cert = pki.client_cert;
  with_cert.client_key = pki.client_key;
  VaultTarget peer({"--tls-cert", pki.server_cert, "--tls-key", pki.server_key, "--client-ca", pki.ca_cert}, "https",
                   with_cert);

  HttpOptions options;
  options.tls = with_cert;
  HttpClient http(options, hush::Logger::null());
  CHECK(health_status(http, peer.address()) == 200);

  HttpOptions without;
  without.tls.ca_file = pki.ca_cert;
  HttpClient anonymous(without, hush::Logger::null());
  // TLS 1.3 sends the refusal after the handshake. When the server's close overtakes it (a busy
  // machine), the client sees only a reset: unreachable, transient, so the client's retry policy
  // tries again and a later attempt reads the alert. The test retries likewise, up to 5 attempts.
  auto refused = error_of([&] { (void)health_status(anonymous, peer.address()); });
  for (int attempt = 1; attempt < 5 && refused.failure() == StoreFailure::unreachable; ++attempt)
    refused = error_of([&] { (void)health_status(anonymous, peer.address()); });
  INFO(refused.what());
  CHECK(refused.failure() == StoreFailure::auth_failed);
  CHECK_FALSE(refused.transient());

  HttpOptions broken = options;
  broken.tls.client_key = dir.file("missing.key");
  HttpClient misconfigured(broken, hush::Logger::null());
  CHECK(error_of([&] { (void)health_status(misconfigured, peer.address()); }).failure() == StoreFailure::auth_failed);
}

TEST_CASE("TLS: a new connection resumes the client's last session", "[http][tls]") {
  HttpsPeer https;
  const TlsOptions& trust = https.trust;
  VaultTarget& peer = https.peer;
  HttpOptions options;
  options.tls = trust;
  HttpClient http(options, hush::Logger::null());
  for (int i = 0; i < 3; ++i) {
    HttpRequest request = get(peer.address() + "/v1/sys/health");
    request.headers.add("Connection", "close");  // the peer hangs up after each answer
    CHECK(http.perform(request, generous()).status == 200);
  }
  // Three connections: the second and third resume the first's session (no certificate sent).
  CHECK(peer.events("tls_resumed") == 2);
}

TEST_CASE("TLS verification off works and is logged loudly", "[http][tls]") {
  HttpsPeer https;
  const TestPki& pki = https.pki;
  VaultTarget& peer = https.peer;
  FileLog log(hush::LogLevel::warn);
  HttpOptions options;
  options.tls.verify = false;
  options.tls.ca_file = pki.other_ca_cert;
  HttpClient http(options, log.logger);
  CHECK(health_status(http, peer.address()) == 200);
  CHECK(log.text().find("TLS verification is DISABLED") != std::string::npos);
}

TEST_CASE("a server slower than the deadline fails as a timeout within deadline + 1 s", "[http][deadline]") {
  VaultTarget peer({"--fault", R"({"kind": "latency", "ms": 10000, "path": "/v1/sys/health", "count": 5})"});
  HttpClient http(HttpOptions{}, hush::Logger::null());
  const milliseconds budget(700);
  const auto started = std::chrono::steady_clock::now();
  const auto e = error_of([&] { (void)http.perform(get(peer.address() + "/v1/sys/health"), Deadline::in(budget)); });
  const auto elapsed = std::chrono::duration_cast<milliseconds>(std::chrono::steady_clock::now() - started);
  CHECK(e.failure() == StoreFailure::timeout);
  CHECK(elapsed < budget + milliseconds(1000));
}

TEST_CASE("a per-attempt timeout shorter than the deadline is transient", "[http][deadline]") {
  VaultTarget peer({"--fault", R"({"kind": "latency", "ms": 10000, "path": "/v1/sys/health", "count": 5})"});
  HttpOptions options;
  options.request_timeout = milliseconds(300);
  HttpClient http(options, hush::Logger::null());
  const auto e = error_of([&] { (void)http.perform(get(peer.address() + "/v1/sys/health"), generous()); });
  CHECK(e.failure() == StoreFailure::unreachable);
  CHECK(e.transient());
}

TEST_CASE("a passed deadline fails before sending", "[http][deadline]") {
  VaultTarget peer({"--port", "0"});
  HttpClient http(HttpOptions{}, hush::Logger::null());
  const auto e =
      error_of([&] { (void)http.perform(get(peer.address() + "/v1/sys/health"), Deadline::in(milliseconds(0))); });
  CHECK(e.failure() == StoreFailure::timeout);
  CHECK(peer.requests("GET /v1/sys/health") == 0);
}

TEST_CASE("transport failures are classified", "[http]") {
  VaultTarget peer({"--fault", R"({"kind": "reset", "path": "/v1/sys/health"})", "--fault",
                    R"({"kind": "truncate", "path": "/v1/sys/seal-status"})"});
  HttpClient http(HttpOptions{}, hush::Logger::null());
  const auto reset = error_of([&] { (void)http.perform(get(peer.address() + "/v1/sys/health"), generous()); });
  CHECK(reset.failure() == StoreFailure::unreachable);
  CHECK(reset.transient());
  const auto truncated = error_of([&] { (void)http.perform(get(peer.address() + "/v1/sys/seal-status"), generous()); });
  CHECK(truncated.failure() == StoreFailure::bad_response);

  HttpOptions small;
  small.max_response_bytes = 16;
  HttpClient limited(small, hush::Logger::null());
  CHECK(error_of([&] { (void)limited.perform(get(peer.address() + "/v1/sys/health"), generous()); }).failure() ==
        StoreFailure::bad_response);

  // Nothing listens on the peer's port once it is gone.
  std::string closed;
  {
    VaultTarget gone({"--port", "0"});
    closed = gone.address();
  }
  CHECK(error_of([&] { (void)http.perform(get(closed + "/v1/sys/health"), generous()); }).failure() ==
        StoreFailure::unreachable);
}

TEST_CASE("status codes and Retry-After reach the caller", "[http]") {
  VaultTarget peer({"--fault", R"({"kind": "status", "status": 429, "retry_after": "7", "path": "/v1/sys/health"})"});
  HttpClient http(HttpOptions{}, hush::Logger::null());
  const auto response = http.perform(get(peer.address() + "/v1/sys/health"), generous());
  CHECK(response.status == 429);
  CHECK(hush::vault_client::retry_after_of(response) == milliseconds(7000));
  CHECK(hush::vault_client::classify_status(429) == StoreFailure::throttled);
  CHECK(hush::vault_client::classify_status(503) == StoreFailure::unavailable);
  CHECK(hush::vault_client::classify_status(403) == StoreFailure::permission_denied);
  CHECK_FALSE(hush::vault_client::classify_status(204));
}

TEST_CASE("debug logs carry method, path and status, never headers, bodies or queries", "[http][log]") {
  VaultTarget peer({"--port", "0"});
  FileLog log;
  HttpClient http(HttpOptions{}, log.logger);
  HttpRequest request;
  request.method = "POST";
  request.url = peer.address() + "/v1/auth/token/create?wrap=query-marker-7f3a";
  request.headers.add_sensitive("X-Vault-Token", peer.root_token());
  const std::string body = R"({"display_name":"body-marker-91bc"})";
  request.body = body;
  const auto response = http.perform(request, generous());
  REQUIRE(response.status == 200);
  const std::string issued = nlohmann::json::parse(std::string(response.body.view()))["auth"]["client_token"];
  const std::string text = log.text();
  CHECK(text.find("method=POST") != std::string::npos);
  CHECK(text.find("/v1/auth/token/create") != std::string::npos);
  CHECK(text.find("status=200") != std::string::npos);
  CHECK(text.find(peer.root_token()) == std::string::npos);
  CHECK(text.find(issued) == std::string::npos);
  CHECK(text.find("body-marker-91bc") == std::string::npos);
  CHECK(text.find("query-marker-7f3a") == std::string::npos);
}

TEST_CASE("loggable URLs drop credentials, query and fragment", "[http]") {
  using hush::vault_client::loggable_url;
  CHECK(loggable_url("https://user:pw@vault:8200/v1/a?b=c#d") == "https://vault:8200/v1/a");
  CHECK(loggable_url("http://h/v1/x") == "http://h/v1/x");
  CHECK(loggable_url("http://h?x=1") == "http://h");
}

TEST_CASE("proxy settings come from the environment, and no_proxy is honoured", "[http][proxy]") {
  VaultTarget peer({"--port", "0"});
  std::string dead_proxy;
  {
    VaultTarget gone({"--port", "0"});
    dead_proxy = gone.address();
  }
  const ScopedEnv proxy("http_proxy", dead_proxy);
  {
    const ScopedEnv bypass("no_proxy", "");
    HttpClient http(HttpOptions{}, hush::Logger::null());
    // Through a proxy that is not there: proof the setting is used.
    CHECK(error_of([&] { (void)health_status(http, peer.address()); }).failure() == StoreFailure::unreachable);
  }
  {
    const ScopedEnv bypass("no_proxy", "127.0.0.1");
    HttpClient http(HttpOptions{}, hush::Logger::null());
    CHECK(health_status(http, peer.address()) == 200);
  }
}

TEST_CASE("through a working http proxy: plain requests in absolute form, https through CONNECT", "[http][proxy]") {
  VaultTarget proxy({"--port", "0"});
  const ScopedEnv bypass("no_proxy", "");
  {
    // The host does not resolve: only the proxy can answer, and it serves the absolute URL itself.
    const ScopedEnv via("http_proxy", proxy.address());
    HttpClient http(HttpOptions{}, hush::Logger::null());
    CHECK(http.perform(get("http://vault.invalid:8200/v1/sys/health"), generous()).status == 200);
    CHECK(proxy.requests("GET /v1/sys/health") == 1);
  }
  {
    HttpsPeer https;
    const TlsOptions& trust = https.trust;
    VaultTarget& peer = https.peer;
    const ScopedEnv via("https_proxy", proxy.address());
    HttpOptions options;
    options.tls = trust;
    HttpClient http(options, hush::Logger::null());
    // End-to-end TLS through the tunnel, verified against the peer's certificate; one tunnel for both.
    CHECK(health_status(http, peer.address()) == 200);
    CHECK(health_status(http, peer.address()) == 200);
    CHECK(proxy.events("CONNECT") == 1);
    CHECK(peer.requests("GET /v1/sys/health") == 2);
  }
}

TEST_CASE("TLS: SSL_CERT_FILE replaces the system store", "[http][tls]") {
  HttpsPeer https;
  const TestPki& pki = https.pki;
  VaultTarget& peer = https.peer;
  {
    const ScopedEnv system_file("SSL_CERT_FILE", pki.ca_cert);
    HttpClient http(HttpOptions{}, hush::Logger::null());
    CHECK(health_status(http, peer.address()) == 200);
  }
  {
    const ScopedEnv system_file("SSL_CERT_FILE", pki.other_ca_cert);
    HttpClient http(HttpOptions{}, hush::Logger::null());
    CHECK(error_of([&] { (void)health_status(http, peer.address()); }).failure() == StoreFailure::auth_failed);
  }
}

TEST_CASE("through socks4, socks4a, socks5 and socks5h proxies (the h: the proxy resolves the name)", "[http][proxy]") {
  VaultTarget peer({"--port", "0"});
  // A name only the proxy can resolve: a request to it that succeeds went through the proxy.
  const std::string name = "vault.hush-test.invalid";
  ProxyTarget socks("socks", {"--map", name + "=127.0.0.1"});
  const ScopedEnv bypass("no_proxy", "");
  const std::string port = std::to_string(peer.port());
  struct Case {
    std::string scheme;
    std::string host;
    std::string kind;
  };
  for (const Case& c : {Case{"socks4", "127.0.0.1", "socks4"}, Case{"socks4a", name, "socks4a"},
                        Case{"socks5", "127.0.0.1", "socks5-address"}, Case{"socks5h", name, "socks5-name"}}) {
    INFO(c.scheme);
    const ScopedEnv via("http_proxy", socks.url(c.scheme));
    HttpClient http(HttpOptions{}, hush::Logger::null());
    CHECK(http.perform(get("http://" + c.host + ":" + port + "/v1/sys/health"), generous()).status == 200);
    REQUIRE_FALSE(socks.tunnels().empty());
    CHECK(socks.tunnels().back() == "TUNNEL " + c.kind + " " + c.host + ":" + port);
  }
}

TEST_CASE("https through all_proxy=socks5h: TLS end to end, the name verified is the URL's", "[http][proxy][tls]") {
  NamedHttpsPeer named_peer;
  const TestPki& pki = named_peer.pki;
  VaultTarget& peer = named_peer.peer;
  ProxyTarget socks("socks", {"--map", "vault.test=127.0.0.1"});
  const ScopedEnv bypass("no_proxy", "");
  const ScopedEnv via("all_proxy", socks.url("socks5h"));
  HttpOptions options;
  options.tls.ca_file = pki.ca_cert;
  HttpClient http(options, hush::Logger::null());
  const std::string url = "https://vault.test:" + std::to_string(peer.port()) + "/v1/sys/health";
  CHECK(http.perform(get(url), generous()).status == 200);
  CHECK(http.perform(get(url), generous()).status == 200);
  // One tunnel: the second request reused the connection through it.
  CHECK(socks.tunnels() == std::vector<std::string>{"TUNNEL socks5-name vault.test:" + std::to_string(peer.port())});
}

TEST_CASE("a socks5 proxy's username and password, a refusal is an authentication failure", "[http][proxy]") {
  VaultTarget peer({"--port", "0"});
  ProxyTarget socks("socks", {"--user", "hush:proxy-pw-5e1d"});
  const ScopedEnv bypass("no_proxy", "");
  {
    const ScopedEnv via("http_proxy", socks.url("socks5", "hush:proxy-pw-5e1d"));
    HttpClient http(HttpOptions{}, hush::Logger::null());
    CHECK(health_status(http, peer.address()) == 200);
  }
  {
    const ScopedEnv via("http_proxy", socks.url("socks5", "hush:wrong-pw-77aa"));
    FileLog log;
    HttpClient http(HttpOptions{}, log.logger);
    const auto e = error_of([&] { (void)health_status(http, peer.address()); });
    CHECK(e.failure() == StoreFailure::auth_failed);
    CHECK(std::string(e.what()).find("wrong-pw-77aa") == std::string::npos);
    CHECK(log.text().find("wrong-pw-77aa") == std::string::npos);
  }
}

TEST_CASE("through an https:// proxy with Basic authentication: TLS to the proxy, TLS to the store inside",
          "[http][proxy][tls]") {
  HttpsPeer https;
  const TestPki& pki = https.pki;
  ProxyTarget proxy("https",
                    {"--tls-cert", pki.server_cert, "--tls-key", pki.server_key, "--user", "hush:proxy-pw-9c2b"});
  const ScopedEnv bypass("no_proxy", "");
  HttpOptions options;
  options.tls = https.trust;
  {
    // The proxy's certificate is checked against the system store, which SSL_CERT_FILE replaces.
    const ScopedEnv system_file("SSL_CERT_FILE", pki.ca_cert);
    const ScopedEnv via("https_proxy", proxy.url("https", "hush:proxy-pw-9c2b"));
    HttpClient http(options, hush::Logger::null());
    CHECK(health_status(http, https.peer.address()) == 200);
    CHECK(proxy.tunnels() == std::vector<std::string>{"TUNNEL http 127.0.0.1:" + std::to_string(https.peer.port())});
  }
  {
    const ScopedEnv system_file("SSL_CERT_FILE", pki.ca_cert);
    const ScopedEnv via("https_proxy", proxy.url("https"));
    HttpClient http(options, hush::Logger::null());
    const auto e = error_of([&] { (void)health_status(http, https.peer.address()); });
    CHECK(e.failure() == StoreFailure::auth_failed);
    CHECK(std::string(e.what()).find("407") != std::string::npos);
  }
  {
    const ScopedEnv system_file("SSL_CERT_FILE", pki.other_ca_cert);
    const ScopedEnv via("https_proxy", proxy.url("https", "hush:proxy-pw-9c2b"));
    HttpClient http(options, hush::Logger::null());
    const auto e = error_of([&] { (void)health_status(http, https.peer.address()); });
    CHECK(e.failure() == StoreFailure::auth_failed);
    CHECK(std::string(e.what()).find("proxy") != std::string::npos);
  }
  CHECK(proxy.tunnels().size() == 1);
}

TEST_CASE("libcurl never resends a POST by itself, one marked resend_safe it may", "[http]") {
  VaultTarget peer({"--port", "0"});
  HttpClient http(HttpOptions{}, hush::Logger::null());
  HttpRequest create;
  create.method = "POST";
  create.url = peer.address() + "/v1/auth/token/create";
  create.headers.add_sensitive("X-Vault-Token", peer.root_token());
  create.body = "{}";

  // A kept connection, then a POST the server reads and resets. Sent on the kept connection,
  // libcurl would take the reset for a connection closed while idle and send the POST again.
  REQUIRE(health_status(http, peer.address()) == 200);
  peer.fault({{"kind", "reset"}, {"path", "/v1/auth/token/create"}, {"method", "POST"}});
  const auto e = error_of([&] { (void)http.perform(create, generous()); });
  CHECK(e.failure() == StoreFailure::unreachable);
  CHECK(peer.requests("POST /v1/auth/token/create") == 1);

  // A POST that only reads may use the kept connection, and libcurl's resend with it.
  REQUIRE(health_status(http, peer.address()) == 200);
  peer.fault({{"kind", "reset"}, {"path", "/v1/auth/token/create"}, {"method", "POST"}});
  create.resend_safe = true;
  CHECK(http.perform(create, generous()).status == 200);
  CHECK(peer.requests("POST /v1/auth/token/create") == 3);
}
