#include "verifier_reader.hpp"

#include <algorithm>
#include <functional>

#include "pcre2_handle.hpp"

namespace hush::scanner {
namespace {

constexpr std::string_view secret_placeholder = "{secret}";
// The secret as several path segments, its '/' kept: a webhook whose secret is a URL's path.
constexpr std::string_view secret_path_placeholder = "{secret_path}";
constexpr std::string_view endpoint_placeholder = "{endpoint}";
constexpr std::string_view partner_placeholder = "{partner}";

// Requests built in code (a signature, a token exchange): where each goes, for `rules explain`.
struct Builtin {
  std::string_view name, method, url;
};
constexpr Builtin builtins[] = {
    {"aws-sts", "POST", "https://sts.amazonaws.com/"},
    {"gcp-service-account", "POST", "https://oauth2.googleapis.com/token"},
};

std::vector<int> read_statuses(const TableReader& r, const toml::table& table, std::string_view key) {
  std::vector<int> out;
  const toml::node* node = table.get(key);
  if (!node) return out;
  const toml::array* arr = node->as_array();
  if (!arr) r.fail(*node, key, "an array of HTTP status codes");
  for (const auto& item : *arr) {
    const auto status = item.value<std::int64_t>();
    if (!status || *status < 100 || *status > 599) r.fail(item, key, "an array of HTTP status codes (100..599)");
    out.push_back(static_cast<int>(*status));
  }
  return out;
}

std::vector<NamedText> read_named(const TableReader& r, std::string_view key) {
  std::vector<NamedText> out;
  const toml::table* named = r.table(key);
  if (!named) return out;
  for (const auto& [name, node] : *named) {
    const auto text = node.value<std::string>();
    if (!text) r.fail(node, key, "a table of strings");
    out.push_back({std::string(name.str()), *text});
  }
  return out;
}

bool has_line_break(std::string_view text) { return text.find_first_of("\r\n") != std::string_view::npos; }

// A builtin verifier: the request is code, the table only names it and the partner it needs.
RuleVerifier read_builtin(TableReader& r, const std::string& rule_id,
                          const std::function<void(const std::string&)>& fail) {
  r.reject_unknown({"builtin", "provider", "partner", "partner_name"});
  RuleVerifier v;
  v.builtin = *r.string("builtin");
  const auto known =
      std::find_if(std::begin(builtins), std::end(builtins), [&](const Builtin& b) { return b.name == v.builtin; });
  if (known == std::end(builtins)) fail("builtin must be aws-sts or gcp-service-account");
  v.method = known->method;
  v.url = known->url;
  v.provider = r.string("provider").value_or(rule_id.substr(0, rule_id.find('-')));
  return v;
}

void read_partner(TableReader& r, RuleVerifier& v, const std::function<void(const std::string&)>& fail) {
  v.partner = r.string("partner").value_or("");
  v.partner_name = r.string("partner_name").value_or(v.partner.empty() ? "" : "partner");
  if (v.partner.empty()) {
    if (r.string("partner_name")) fail("partner_name needs a partner");
    return;
  }
  const auto compiled = pcre2_compile_pattern(v.partner, 0);
  if (!compiled.code)
    fail("partner regex is rejected by PCRE2 at offset " + std::to_string(compiled.error_offset) + ": " +
         compiled.error);
  std::uint32_t groups = 0;
  pcre2_pattern_info(compiled.code.get(), PCRE2_INFO_CAPTURECOUNT, &groups);
  if (groups == 0) fail("partner regex needs a capture group around the partner's value");
}

}  // namespace

RuleVerifier read_rule_verifier(const toml::table& table, const std::string& origin, const std::string& rule_id) {
  const std::string what = "rule '" + rule_id + "' verify";
  TableReader r(table, origin, what);
  const std::function<void(const std::string&)> fail = [&](const std::string& message) {
    throw_config_error(origin, line_of(table), what + ": " + message);
  };
  if (r.string("builtin")) {
    RuleVerifier v = read_builtin(r, rule_id, fail);
    if (v.provider.empty() || !valid_rule_id(v.provider))
      fail("provider must be a name of letters, digits, '-', '_' and '.'");
    read_partner(r, v, fail);
    if (v.partner.empty()) fail("builtin " + v.builtin + " needs a partner");
    return v;
  }
  r.reject_unknown({"method", "provider", "url", "headers", "basic_auth", "body", "live", "invalid", "live_if",
                    "details", "skip_prefixes", "skip_reason", "partner", "partner_name"});
  RuleVerifier v;
  v.method = r.string("method").value_or("GET");
  if (v.method != "GET" && v.method != "POST" && v.method != "HEAD") fail("method must be GET, POST or HEAD");
  v.provider = r.string("provider").value_or(rule_id.substr(0, rule_id.find('-')));
  if (v.provider.empty() || !valid_rule_id(v.provider))
    fail("provider must be a name of letters, digits, '-', '_' and '.'");
  v.url = r.string("url").value_or("");
  // Only TLS, and the secret never in a query string, where servers and proxies log it.
  const bool user_host = v.url.starts_with(endpoint_placeholder);
  if (!v.url.starts_with("https://") &&
      !(user_host && v.url.size() > endpoint_placeholder.size() && v.url[endpoint_placeholder.size()] == '/'))
    fail("url must start with https:// or {endpoint}/");
  const std::size_t query = v.url.find_first_of("?#");
  std::size_t placeholder = v.url.find(secret_placeholder);
  if (placeholder == std::string::npos) placeholder = v.url.find(secret_path_placeholder);
  if (placeholder != std::string::npos && query != std::string::npos && placeholder > query)
    fail("{secret} may appear in the URL's path only, never in its query");
  const std::size_t path =
      user_host ? endpoint_placeholder.size() : v.url.find('/', std::string_view("https://").size());
  if (placeholder != std::string::npos && placeholder < path)
    fail("{secret} may appear in the URL's path only, never in its host");
  const std::size_t partner_at = v.url.find(partner_placeholder);
  if (partner_at != std::string::npos && (partner_at < path || (query != std::string::npos && partner_at > query)))
    fail("{partner} may appear in the URL's path only");
  if (v.url.find(endpoint_placeholder, 1) != std::string::npos) fail("{endpoint} may only begin the url");
  v.headers = read_named(r, "headers");
  for (const auto& h : v.headers)
    if (h.name.empty() || has_line_break(h.name) || has_line_break(h.text))
      fail("header '" + h.name + "' is not a valid header");
  v.basic_auth = r.strings("basic_auth");
  if (!v.basic_auth.empty() && v.basic_auth.size() != 2) fail("basic_auth must be [user, password]");
  v.body = r.string("body").value_or("");
  v.live = read_statuses(r, table, "live");
  v.invalid = read_statuses(r, table, "invalid");
  if (v.live.empty()) v.live = {200};
  if (v.invalid.empty()) v.invalid = {401};
  for (int s : v.live)
    if (std::find(v.invalid.begin(), v.invalid.end(), s) != v.invalid.end())
      fail("status " + std::to_string(s) + " is both live and invalid");
  v.live_if = r.string("live_if").value_or("");
  if (!v.live_if.empty() && v.live_if.front() != '/') fail("live_if must be a JSON pointer such as \"/ok\"");
  v.details = read_named(r, "details");
  for (const auto& d : v.details)
    if (!d.text.starts_with('/') && !d.text.starts_with("header:") && !d.text.starts_with("xml:"))
      fail("detail '" + d.name + "' must be a JSON pointer (\"/login\"), \"header:NAME\" or \"xml:ELEMENT\"");
  v.skip_prefixes = r.strings("skip_prefixes");
  v.skip_reason = r.string("skip_reason").value_or("");
  if (v.skip_prefixes.empty() != v.skip_reason.empty()) fail("skip_prefixes and skip_reason go together");
  // A verifier that never sends the secret would call every finding live.
  bool sends_secret = placeholder != std::string::npos || v.body.find(secret_placeholder) != std::string::npos;
  for (const auto& h : v.headers) sends_secret = sends_secret || h.text.find(secret_placeholder) != std::string::npos;
  for (const auto& b : v.basic_auth) sends_secret = sends_secret || b.find(secret_placeholder) != std::string::npos;
  bool path_elsewhere = v.body.find(secret_path_placeholder) != std::string::npos;
  for (const auto& h : v.headers)
    path_elsewhere = path_elsewhere || h.text.find(secret_path_placeholder) != std::string::npos;
  if (path_elsewhere) fail("{secret_path} belongs in the URL's path only");
  if (!sends_secret) fail("the request must carry {secret} in a header, basic_auth, the body or the URL's path");
  read_partner(r, v, fail);
  bool sends_partner = partner_at != std::string::npos || v.body.find(partner_placeholder) != std::string::npos;
  for (const auto& h : v.headers)
    sends_partner = sends_partner || h.text.find(partner_placeholder) != std::string::npos;
  for (const auto& b : v.basic_auth) sends_partner = sends_partner || b.find(partner_placeholder) != std::string::npos;
  if (sends_partner && v.partner.empty()) fail("{partner} needs a partner regex");
  if (!sends_partner && !v.partner.empty()) fail("the request must carry the {partner} it names");
  return v;
}

}  // namespace hush::scanner
