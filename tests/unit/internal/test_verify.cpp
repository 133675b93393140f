// Verifiers: the `[rule.verify]` reader, the request a verifier makes, and what an answer means.
#include <algorithm>
#include <stdexcept>
#include <string>
#include <vector>

#include "catch.hpp"
#include "hush/common/error.hpp"
#include "hush/rules/builtin.hpp"
#include "hush/scanner/config.hpp"
#include "provider_request.hpp"
#include "verdict.hpp"

using namespace hush;
using hush::scanner::RuleVerifier;
using hush::vault_client::HttpResponse;
using hush::vault_client::Outcome;

namespace {

const std::string rule_head = "[[rule]]\nid = \"t\"\nregex = '''tok_[a-z0-9]{8}'''\n[rule.verify]\n";

RuleVerifier read(const std::string& verify_table) {
  const auto rules = scanner::parse_rules(rule_head + verify_table, "rules.toml", "test");
  REQUIRE(rules.size() == 1);
  return rules[0].verify;
}

std::string read_error(const std::string& verify_table) {
  try {
    (void)read(verify_table);
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

Outcome<HttpResponse> answer(long status, const std::string& body,
                             std::vector<std::pair<std::string, std::string>> headers = {}) {
  HttpResponse response;
  response.status = status;
  response.body = SecretBuffer(body);
  response.headers = std::move(headers);
  return Outcome<HttpResponse>::of(std::move(response));
}

}  // namespace

TEST_CASE("a [rule.verify] table is read with its defaults", "[verify]") {
  const RuleVerifier v = read(
      "url = \"https://api.example.test/me\"\n"
      "headers = { Authorization = \"Bearer {secret}\", Accept = \"application/json\" }\n"
      "details = { login = \"/login\", scopes = \"header:x-scopes\" }\n");
  CHECK(v.method == "GET");
  CHECK(v.url == "https://api.example.test/me");
  REQUIRE(v.headers.size() == 2);
  CHECK(v.live == std::vector<int>{200});
  CHECK(v.invalid == std::vector<int>{401});
  REQUIRE(v.details.size() == 2);
}

TEST_CASE("a verifier that could leak the secret or call anything live is refused", "[verify]") {
  CHECK(read_error("url = \"http://api.example.test/me\"\nheaders = { A = \"{secret}\" }\n").find("https://") !=
        std::string::npos);
  CHECK(read_error("url = \"https://api.example.test/me?key={secret}\"\n").find("never in its query") !=
        std::string::npos);
  CHECK(read_error("url = \"https://{secret}.example.test/me\"\n").find("never in its host") != std::string::npos);
  CHECK(read_error("url = \"https://api.example.test/me\"\n").find("must carry {secret}") != std::string::npos);
  CHECK(read_error("url = \"https://api.example.test/me\"\nheaders = { A = \"{secret}\" }\nmethod = \"DELETE\"\n")
            .find("GET, POST or HEAD") != std::string::npos);
  CHECK(read_error("url = \"https://api.example.test/me\"\nheaders = { A = \"{secret}\" }\nlive = [401]\n")
            .find("both live and invalid") != std::string::npos);
  CHECK(
      read_error("url = \"https://api.example.test/me\"\nheaders = { A = \"{secret}\" }\ndetails = { x = \"login\" }\n")
          .find("JSON pointer") != std::string::npos);
  CHECK(read_error("url = \"https://api.example.test/me\"\nheaders = { A = \"{secret}\" }\nhaeders = {}\n")
            .find("unknown key 'haeders'") != std::string::npos);
}

TEST_CASE("the request puts the secret where the verifier says, and logs show a path's template", "[verify]") {
  RuleVerifier v;
  v.method = "GET";
  v.url = "https://api.example.test/bot{secret}/getMe";
  v.headers = {{"Accept", "application/json"}, {"X-Key", "k={secret}"}};
  v.basic_auth = {"{secret}", ""};
  verify::detail::ProviderRequests requests;
  requests.add(v, v.url, "12:a/b?c", "");
  const auto& http = requests.http().at(0);
  CHECK(http.url == "https://api.example.test/bot12:a%2Fb%3Fc/getMe");
  CHECK(vault_client::loggable_url(http) == "https://api.example.test/bot{secret}/getMe");
  CHECK(http.headers.find("X-Key") == std::optional<std::string_view>("k=12:a/b?c"));
  CHECK(http.headers.find("Accept") == std::optional<std::string_view>("application/json"));
  // base64("12:a/b?c:") — the secret as the user, an empty password.
  CHECK(http.headers.find("Authorization") == std::optional<std::string_view>("Basic MTI6YS9iP2M6"));
}

TEST_CASE("an answer is judged by its status, live_if and details, and never echoes the secret", "[verify]") {
  RuleVerifier v;
  v.method = "GET";
  v.live = {200};
  v.invalid = {401};
  v.details = {{"login", "/user/login"}, {"scopes", "header:x-scopes"}, {"teams", "/teams"}, {"echo", "/token"}};
  const std::string secret = "tok_12345678";

  const auto live = verify::detail::judge(
      v, answer(200, R"({"user":{"login":"ann"},"teams":["a","b"],"token":"tok_12345678"})", {{"x-scopes", "repo"}}),
      secret);
  CHECK(live.state == verify::State::live);
  REQUIRE(live.detail.size() == 3);
  CHECK(live.detail[0].name == "login");
  CHECK(live.detail[0].text == "ann");
  CHECK(live.detail[1].text == "repo");
  CHECK(live.detail[2].text == "a,b");

  CHECK(verify::detail::judge(v, answer(401, "{}"), secret).state == verify::State::invalid);
  const auto throttled = verify::detail::judge(v, answer(429, "", {{"retry-after", "7"}}), secret);
  CHECK(throttled.state == verify::State::error);
  CHECK(throttled.detail.at(0).text == "throttled (retry after 7 s)");
  CHECK(verify::detail::judge(v, answer(503, ""), secret).detail.at(0).text == "unexpected status 503");

  v.live_if = "/ok";
  CHECK(verify::detail::judge(v, answer(200, R"({"ok":false})"), secret).state == verify::State::invalid);
  CHECK(verify::detail::judge(v, answer(200, R"({"ok":true})"), secret).state == verify::State::live);
  CHECK(verify::detail::judge(v, answer(200, "<html>"), secret).state == verify::State::error);

  auto failed = Outcome<HttpResponse>::failed(
      std::make_exception_ptr(vault_client::StoreError(vault_client::StoreFailure::timeout, "GET x: timed out")));
  const auto timeout = verify::detail::judge(v, std::move(failed), secret);
  CHECK(timeout.state == verify::State::error);
  CHECK(timeout.detail.at(0).text == "timeout");
}

TEST_CASE("the built-in verifiers survive the rule pack's code generation and go to https hosts or the user's",
          "[verify]") {
  std::size_t with_verifier = 0;
  for (const auto& rule : rules::builtin_rules()) {
    if (rule.verify.empty()) continue;
    ++with_verifier;
    INFO(rule.id);
    CHECK((rule.verify.url.starts_with("https://") || rule.verify.url.starts_with("{endpoint}/")));
    if (!rule.verify.builtin.empty()) {
      // A request built in code is judged by code; the table names it and the pair's other half.
      CHECK_FALSE(rule.verify.partner.empty());
      continue;
    }
    CHECK_FALSE(rule.verify.live.empty());
    CHECK_FALSE(rule.verify.invalid.empty());
  }
  CHECK(with_verifier >= 60);
  const auto all = rules::builtin_rules();
  const auto github = std::find_if(all.begin(), all.end(), [](const auto& r) { return r.id == "github-pat"; });
  REQUIRE(github != all.end());
  CHECK(github->verify.url == "https://api.github.com/user");
  REQUIRE(github->verify.details.size() == 3);
}

TEST_CASE("{secret_path} keeps the secret's '/' in the URL's path, and nothing that climbs out of it", "[verify]") {
  RuleVerifier v;
  v.method = "GET";
  v.url = "https://hooks.example.test/services/{secret_path}";
  verify::detail::ProviderRequests requests;
  requests.add(v, v.url, "T1/B2/x?y", "");
  requests.add(v, v.url, "../admin/./z", "");
  CHECK(requests.http().at(0).url == "https://hooks.example.test/services/T1/B2/x%3Fy");
  CHECK(requests.http().at(1).url == "https://hooks.example.test/services/%2E%2E/admin/%2E/z");
  CHECK(vault_client::loggable_url(requests.http().at(0)) == "https://hooks.example.test/services/{secret_path}");
  CHECK(read_error("url = \"https://api.example.test/me\"\nheaders = { A = \"{secret_path}\" }\n")
            .find("URL's path only") != std::string::npos);
  CHECK(read_error("url = \"https://api.example.test/me?k={secret_path}\"\n").find("never in its query") !=
        std::string::npos);
}

TEST_CASE("a pair's verifier names its partner, which fills {partner} beside the secret", "[verify]") {
  const RuleVerifier v = read(
      "url = \"https://api.example.test/Accounts/{partner}.json\"\n"
      "basic_auth = [\"{partner}\", \"{secret}\"]\n"
      "headers = { X-Account = \"{partner}\" }\n"
      "partner = '''(AC[0-9a-f]{4})'''\npartner_name = \"account SID\"\n");
  CHECK(v.partner == "(AC[0-9a-f]{4})");
  CHECK(v.partner_name == "account SID");
  verify::detail::ProviderRequests requests;
  // Neither value is read as a placeholder, whatever it holds.
  requests.add(v, v.url, "tok_{partner}", "AC12ab");
  const auto& http = requests.http().at(0);
  CHECK(http.url == "https://api.example.test/Accounts/AC12ab.json");
  CHECK(http.headers.find("X-Account") == std::optional<std::string_view>("AC12ab"));
  // base64("AC12ab:tok_{partner}")
  CHECK(http.headers.find("Authorization") == std::optional<std::string_view>("Basic QUMxMmFiOnRva197cGFydG5lcn0="));

  const std::string secret_header = "headers = { A = \"{secret}\" }\n";
  CHECK(read_error("url = \"https://api.example.test/{partner}\"\n" + secret_header).find("needs a partner regex") !=
        std::string::npos);
  CHECK(read_error("url = \"https://api.example.test/me\"\n" + secret_header + "partner = '''(x)'''\n")
            .find("must carry the {partner}") != std::string::npos);
  CHECK(read_error("url = \"https://api.example.test/me?a={partner}\"\n" + secret_header + "partner = '''(x)'''\n")
            .find("path only") != std::string::npos);
  CHECK(read_error("url = \"https://api.example.test/{partner}\"\n" + secret_header + "partner = '''x'''\n")
            .find("capture group") != std::string::npos);
}

TEST_CASE("a builtin verifier needs a partner and takes no request fields", "[verify]") {
  const RuleVerifier v = read("builtin = \"gcp-service-account\"\npartner = '''\"client_email\": \"([^\"]+)\"'''\n");
  CHECK(v.builtin == "gcp-service-account");
  CHECK(v.method == "POST");
  CHECK(v.url == "https://oauth2.googleapis.com/token");
  CHECK(read_error("builtin = \"aws-sts\"\n").find("needs a partner") != std::string::npos);
  CHECK(read_error("builtin = \"azure\"\npartner = '''(x)'''\n").find("aws-sts or gcp-service-account") !=
        std::string::npos);
  CHECK(
      read_error("builtin = \"aws-sts\"\npartner = '''(x)'''\nurl = \"https://x.test/\"\n").find("unknown key 'url'") !=
      std::string::npos);
}
