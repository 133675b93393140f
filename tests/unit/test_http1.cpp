// HTTP/1.1 framing (request bytes, response parsing in any slicing), store URLs, and the
// proxy environment's no_proxy rules.
#include <cstdlib>
#include <functional>
#include <string>

#include "catch.hpp"
#include "http/endpoint.hpp"
#include "http/http1.hpp"

using hush::vault_client::HttpHeaders;
using hush::vault_client::HttpResponse;
using hush::vault_client::StoreError;
using hush::vault_client::StoreFailure;
using hush::vault_client::detail::no_proxy_matches;
using hush::vault_client::detail::parse_url;
using hush::vault_client::detail::ResponseParser;

namespace {

struct Parsed {
  HttpResponse response;
  bool reusable = false;
  std::size_t used = 0;
};

// Feeds text in slices of `step` bytes; `closed` then reports the connection's end.
Parsed parse(const std::string& text, std::size_t step, bool closed = false, std::size_t max_body = 1 << 20, bool no_body = false) {
  ResponseParser parser(max_body, no_body);
  Parsed out;
  for (std::size_t at = 0; at < text.size() && !parser.done(); at += step) {
    out.used += parser.feed(std::string_view(text).substr(at, step));
  }
  if (closed) parser.finish_at_close();
  REQUIRE(parser.done());
  out.reusable = parser.reusable();
  out.response = std::move(parser.response());
  return out;
}

StoreFailure failure_of(const std::function<void()>& action) {
  try {
    action();
  } catch (const StoreError& e) {
    return e.failure();
  }
  FAIL("expected a StoreError");
  return StoreFailure::bad_response;
}

class ScopedEnv {
 public:
  ScopedEnv(const char* name, const char* value) : name_(name) {
    if (const char* old = std::getenv(name)) old_ = old, had_ = true;
    if (value != nullptr) setenv(name, value, 1);
    else unsetenv(name);
  }
  ~ScopedEnv() {
    if (had_) setenv(name_, old_.c_str(), 1);
    else unsetenv(name_);
  }
  ScopedEnv(const ScopedEnv&) = delete;
  ScopedEnv& operator=(const ScopedEnv&) = delete;

 private:
  const char* name_;
  std::string old_;
  bool had_ = false;
};

}  // namespace

TEST_CASE("http1: a Content-Length body parses the same in every slicing", "[http1]") {
  const std::string text = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 11\r\n\r\n{\"a\":\"bc\"}\nHTTP/1.1";
  for (std::size_t step : {1u, 2u, 7u, 1000u}) {
    const Parsed parsed = parse(text, step);
    CHECK(parsed.response.status == 200);
    CHECK(parsed.response.body.view() == "{\"a\":\"bc\"}\n");
    CHECK(parsed.response.header("content-type") == "application/json");
    CHECK(parsed.reusable);
    // The next response's first bytes are not consumed.
    CHECK(parsed.used == text.size() - 8);
  }
}

TEST_CASE("http1: chunked bodies with extensions and trailers", "[http1]") {
  const std::string text =
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4;ext=1\r\nWiki\r\nA\r\npedia in\r\n\r\n0\r\nX-Trailer: t\r\n\r\n";
  for (std::size_t step : {1u, 3u, 1000u}) {
    const Parsed parsed = parse(text, step);
    CHECK(parsed.response.body.view() == "Wikipedia in\r\n");
    CHECK(parsed.reusable);
    CHECK(parsed.used == text.size());
  }
  CHECK(failure_of([] { (void)parse("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", 1000); }) ==
        StoreFailure::bad_response);
  CHECK(failure_of([] { (void)parse("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabX\r\n0\r\n\r\n", 1000); }) ==
        StoreFailure::bad_response);
}

TEST_CASE("http1: a body in many small chunks is no header overflow", "[http1]") {
  std::string text = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n";
  for (int i = 0; i < 20000; ++i) text += "1\r\nx\r\n";
  text += "0\r\n\r\n";
  CHECK(parse(text, 4096).response.body.size() == 20000);
  // A chunk line itself is still bounded.
  CHECK(failure_of([] { (void)parse("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + std::string(5000, '0') + "1\r\nx\r\n0\r\n\r\n", 1000); }) ==
        StoreFailure::bad_response);
}

TEST_CASE("http1: connection reuse follows the version and Connection header", "[http1]") {
  CHECK_FALSE(parse("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n", 1000).reusable);
  CHECK_FALSE(parse("HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n", 1000).reusable);
  CHECK(parse("HTTP/1.0 200 OK\r\nConnection: Keep-Alive\r\nContent-Length: 0\r\n\r\n", 1000).reusable);
  // Chunked and a length at once: read by the chunks, never reused (request smuggling).
  const Parsed both = parse("HTTP/1.1 200 OK\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nab\r\n0\r\n\r\n", 1000);
  CHECK(both.response.body.view() == "ab");
  CHECK_FALSE(both.reusable);
  // No length: the body runs to the close, and the connection ends with it.
  const Parsed until_close = parse("HTTP/1.1 200 OK\r\n\r\nall of it", 4, true);
  CHECK(until_close.response.body.view() == "all of it");
  CHECK_FALSE(until_close.reusable);
}

TEST_CASE("http1: interim answers are skipped; HEAD, 204 and 304 have no body", "[http1]") {
  const Parsed parsed = parse("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\nok", 5);
  CHECK(parsed.response.status == 201);
  CHECK(parsed.response.body.view() == "ok");
  CHECK(parse("HTTP/1.1 200 OK\r\nContent-Length: 50\r\n\r\n", 1000, false, 1 << 20, true).response.body.empty());
  CHECK(parse("HTTP/1.1 204 No Content\r\n\r\n", 1000).reusable);
  CHECK(parse("HTTP/1.1 304 Not Modified\r\nContent-Length: 9\r\n\r\n", 1000).response.body.empty());
}

TEST_CASE("http1: truncated, oversized and malformed responses fail", "[http1]") {
  CHECK(failure_of([] { (void)parse("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc", 1000, true); }) == StoreFailure::bad_response);
  CHECK(failure_of([] { (void)parse("HTTP/1.1 200 O", 1000, true); }) == StoreFailure::bad_response);
  CHECK(failure_of([] { (void)parse("", 1000, true); }) == StoreFailure::unreachable);
  CHECK(failure_of([] { (void)parse("HTTP/1.1 200 OK\r\nContent-Length: 17\r\n\r\n", 1000, false, 16); }) == StoreFailure::bad_response);
  CHECK(failure_of([] { (void)parse("HTTP/1.1 200 OK\r\n\r\n12345678901234567", 1000, true, 16); }) == StoreFailure::bad_response);
  CHECK(failure_of([] { (void)parse("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n11\r\n", 1000, false, 16); }) ==
        StoreFailure::bad_response);
  for (const char* bad : {"HTTP/2 200 OK\r\n\r\n", "HTTP/1.1 2000 OK\r\n\r\n", "SSH-2.0-OpenSSH\r\n\r\n",
                          "HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n",
                          "HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n", "HTTP/1.1 200 OK\r\nX: a\r\n folded\r\n\r\n",
                          "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n",
                          "HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: 0\r\n\r\n",
                          "HTTP/1.1 101 Switching Protocols\r\n\r\n"}) {
    INFO(bad);
    CHECK(failure_of([bad] { (void)parse(bad, 1000); }) == StoreFailure::bad_response);
  }
  CHECK(failure_of([] { (void)parse("HTTP/1.1 200 OK\r\n" + std::string(70000, 'x') + "\r\n\r\n", 4096); }) ==
        StoreFailure::bad_response);
}

TEST_CASE("http1: request bytes", "[http1]") {
  using hush::vault_client::detail::RequestHead;
  using hush::vault_client::detail::serialize_request;
  HttpHeaders headers;
  headers.add("X-Vault-Request", "true");
  headers.add_sensitive("X-Vault-Token", "hvs.token-value");
  const hush::SecretBuffer held("signature-value");
  headers.add_sensitive_borrowed("Authorization", held.view());
  const RequestHead head{"PUT", "/v1/secret/data/app?x=1", "vault:8200", "hush", ""};
  const std::string expected =
      "PUT /v1/secret/data/app?x=1 HTTP/1.1\r\nHost: vault:8200\r\nUser-Agent: hush\r\nX-Vault-Request: true\r\n"
      "X-Vault-Token: hvs.token-value\r\nAuthorization: signature-value\r\nContent-Length: 2\r\n\r\n{}";
  CHECK(serialize_request(head, headers, "{}").view() == expected);
  // Written over a reused buffer, nothing of a longer earlier request is left behind.
  hush::SecretBuffer reused(std::string(500, 'z'));
  serialize_request(head, headers, "{}", reused);
  CHECK(reused.view() == expected);
  // A caller's Host (SigV4 signs it) replaces the default; a bodiless POST still says 0.
  HttpHeaders signed_headers;
  signed_headers.add("host", "ssm.us-east-1.amazonaws.com");
  const RequestHead post{"POST", "/", "ignored", "hush", ""};
  CHECK(serialize_request(post, signed_headers, "").view() ==
        "POST / HTTP/1.1\r\nUser-Agent: hush\r\nhost: ssm.us-east-1.amazonaws.com\r\nContent-Length: 0\r\n\r\n");
  const RequestHead get{"GET", "/", "h", "", ""};
  CHECK(serialize_request(get, HttpHeaders{}, "").view() == "GET / HTTP/1.1\r\nHost: h\r\n\r\n");

  HttpHeaders injected;
  injected.add("X-Evil", "a\r\nX-Vault-Token: b");
  CHECK(failure_of([&] { (void)serialize_request(get, injected, ""); }) == StoreFailure::invalid_request);
  HttpHeaders bad_name;
  bad_name.add("X-Vault-Token: b\r\nX", "c");
  CHECK(failure_of([&] { (void)serialize_request(get, bad_name, ""); }) == StoreFailure::invalid_request);
  const RequestHead bad_method{"GET /x", "/", "h", "", ""};
  CHECK(failure_of([&] { (void)serialize_request(bad_method, HttpHeaders{}, ""); }) == StoreFailure::invalid_request);
  const RequestHead bad_target{"GET", "/a b", "h", "", ""};
  CHECK(failure_of([&] { (void)serialize_request(bad_target, HttpHeaders{}, ""); }) == StoreFailure::invalid_request);
}

TEST_CASE("store URLs: scheme, host, port and target", "[http1]") {
  auto url = parse_url("https://Vault.Example.com:8200/v1/secret/data/app?version=2#frag");
  CHECK(url.endpoint.tls);
  CHECK(url.endpoint.host == "vault.example.com");
  CHECK(url.endpoint.port == "8200");
  CHECK_FALSE(url.endpoint.default_port);
  CHECK(url.target == "/v1/secret/data/app?version=2");
  url = parse_url("http://user:pw@[::1]/");
  CHECK(url.endpoint.host == "::1");
  CHECK(url.endpoint.port == "80");
  CHECK(hush::vault_client::detail::authority_of(url.endpoint) == "[::1]");
  CHECK(hush::vault_client::detail::authority_of(url.endpoint, true) == "[::1]:80");
  CHECK(parse_url("http://h?x=1").target == "/?x=1");
  CHECK(parse_url("https://h:443").endpoint.default_port);
  for (const char* bad : {"ftp://h/", "h/v1", "http:///v1", "http://h:99999/", "http://h:x/", "http://[::1/"}) {
    INFO(bad);
    CHECK(failure_of([bad] { (void)parse_url(bad); }) == StoreFailure::invalid_request);
  }
}

TEST_CASE("no_proxy: names, subdomains, addresses and ranges", "[http1][proxy]") {
  CHECK(no_proxy_matches("*", "anything"));
  CHECK(no_proxy_matches("example.com", "example.com"));
  CHECK(no_proxy_matches("example.com", "vault.example.com"));
  CHECK(no_proxy_matches(".example.com", "vault.example.com"));
  CHECK_FALSE(no_proxy_matches("example.com", "badexample.com"));
  CHECK(no_proxy_matches("localhost, Internal.Corp:8200", "vault.internal.corp"));
  CHECK(no_proxy_matches("10.0.0.0/8", "10.20.30.40"));
  CHECK_FALSE(no_proxy_matches("10.0.0.0/8", "11.0.0.1"));
  CHECK(no_proxy_matches("127.0.0.1", "127.0.0.1"));
  CHECK_FALSE(no_proxy_matches("127.0.0.1", "127.0.0.2"));
  CHECK(no_proxy_matches("[::1]", "::1"));
  CHECK(no_proxy_matches("fd00::/8", "fd12::1"));
  CHECK_FALSE(no_proxy_matches("fd00::/8", "127.0.0.1"));
  CHECK_FALSE(no_proxy_matches("", "example.com"));
  CHECK(no_proxy_matches(" * ", "anything"));
  CHECK_FALSE(no_proxy_matches("internal.corp,*", "example.com"));  // a wildcard only alone
  CHECK(no_proxy_matches("example.com.", "vault.example.com."));
  CHECK(no_proxy_matches("[::1]:8200", "::1"));
}

TEST_CASE("proxies come from the environment as curl reads it", "[http1][proxy]") {
  using hush::vault_client::detail::proxy_for;
  const ScopedEnv http("http_proxy", "proxy.corp:3128");
  const ScopedEnv upper_http("HTTP_PROXY", "http://ignored:1");
  const ScopedEnv https("https_proxy", nullptr);
  const ScopedEnv upper_https("HTTPS_PROXY", "http://al%40ice:s3cret@secure.corp");
  const ScopedEnv all("all_proxy", nullptr);
  const ScopedEnv upper_all("ALL_PROXY", nullptr);
  const ScopedEnv bypass("no_proxy", "internal.corp");
  const ScopedEnv upper_bypass("NO_PROXY", nullptr);

  auto plain = proxy_for(parse_url("http://vault.example.com/").endpoint);
  REQUIRE(plain);
  CHECK(plain->endpoint.host == "proxy.corp");
  CHECK(plain->endpoint.port == "3128");
  CHECK(plain->authorization.empty());

  auto secure = proxy_for(parse_url("https://vault.example.com/").endpoint);
  REQUIRE(secure);
  CHECK(secure->endpoint.host == "secure.corp");
  CHECK(secure->endpoint.port == "1080");
  CHECK(secure->authorization.view() == "Basic YWxAaWNlOnMzY3JldA==");  // al@ice:s3cret

  CHECK_FALSE(proxy_for(parse_url("https://vault.internal.corp/").endpoint));
  {
    // A password may hold '#' or '/', and is then still the password, not the host.
    const ScopedEnv odd("https_proxy", "http://user:p#s/s@proxy.corp:3128");
    auto route = proxy_for(parse_url("https://vault.example.com/").endpoint);
    REQUIRE(route);
    CHECK(route->endpoint.host == "proxy.corp");
    CHECK(route->endpoint.port == "3128");
    CHECK(route->authorization.view() == "Basic dXNlcjpwI3Mvcw==");  // user:p#s/s
  }
  const ScopedEnv socks("https_proxy", "socks5://proxy.corp:1080");
  CHECK(failure_of([] { (void)proxy_for(parse_url("https://vault.example.com/").endpoint); }) == StoreFailure::invalid_request);
}
