#include "hush/verify/verify.hpp"

#include <algorithm>
#include <map>
#include <optional>
#include <tuple>
#include <utility>

#include "aws_pairs.hpp"
#include "endpoints.hpp"
#include "provider_lanes.hpp"
#include "provider_request.hpp"
#include "result_cache.hpp"
#include "verdict.hpp"
#include "hush/common/error.hpp"
#include "hush/vault_client/deadline.hpp"
#include "hush/vault_client/http.hpp"

namespace hush::verify {

const char* state_name(State state) noexcept {
  switch (state) {
    case State::live: return "live";
    case State::invalid: return "invalid";
    case State::unknown: return "unknown";
    case State::error: return "error";
  }
  return "unknown";
}

namespace {

// One question to a provider, for every finding of the same rule and secret.
struct Question {
  const scanner::Rule* rule = nullptr;
  std::string_view secret;
  std::optional<std::string_view> aws_key_id;  // an AWS secret is asked about with its key id
  std::vector<std::size_t> findings;
  std::optional<std::string> url;  // the request's URL template; nullopt: its endpoint is not given
  std::string cache_key;
};

vault_client::HttpOptions http_options(const VerifyOptions& options) {
  vault_client::HttpOptions http;
  http.connect_timeout = options.timeout;
  http.request_timeout = options.timeout;
  http.max_response_bytes = 1u << 20;  // an account record, not a download
  http.tls.ca_file = options.ca_file;
  http.connect_to = options.connect_to;
  return http;
}

const scanner::RuleVerifier& verifier_of(const Question& q) { return q.aws_key_id ? detail::sts_verifier() : q.rule->verify; }

detail::Verdict endpoint_missing(const std::string& provider) {
  std::string reason = "needs the " + provider + " host: --verify-endpoint " + provider + "=URL or [verify.endpoints]";
  if (provider == "vault") reason += " (or VAULT_ADDR)";
  return detail::Verdict{State::unknown, {{"reason", std::move(reason)}}};
}

void apply_limits(ProviderLimits& limits, const scanner::ProviderLimitSettings& settings) {
  if (settings.concurrency) limits.concurrency = *settings.concurrency;
  if (settings.rate) limits.rate = *settings.rate;
}

// What the configuration and then the command line say, before a provider's own limits take the
// rest from everyone's.
struct Layered {
  std::map<std::string, scanner::ProviderLimitSettings> providers;
  std::map<std::string, std::string> endpoints;
  bool allow_http = false;
};

void apply(VerifyOptions& options, const scanner::VerifySettings& settings, Layered& layered) {
  if (settings.timeout) options.timeout = *settings.timeout;
  if (settings.cache && !*settings.cache) options.cache_dir.reset();
  if (settings.cache_ttl) options.cache_ttl = *settings.cache_ttl;
  apply_limits(options.limits, settings.limits);
  for (const auto& [name, limits] : settings.providers) {
    auto& provider = layered.providers[name];
    if (limits.concurrency) provider.concurrency = limits.concurrency;
    if (limits.rate) provider.rate = limits.rate;
  }
  for (const auto& [name, url] : settings.endpoints) layered.endpoints[name] = url;
  layered.allow_http = layered.allow_http || settings.allow_http_endpoints;
}

}  // namespace

std::string checked_endpoint(std::string_view provider, std::string_view url, bool allow_http) {
  const std::string what = "verify endpoint " + std::string(provider) + "=" + vault_client::loggable_url(url);
  const bool https = url.starts_with("https://"), http = url.starts_with("http://");
  if (!https && !(http && allow_http))
    throw Error(ErrorKind::usage, what + ": must be an https:// URL" + (http ? " (plain http only with --verify-allow-http)" : ""));
  const std::string_view rest = url.substr(https ? 8 : 7);
  if (rest.empty() || rest.front() == '/') throw Error(ErrorKind::usage, what + ": has no host");
  if (url.find_first_of("?#") != std::string_view::npos) throw Error(ErrorKind::usage, what + ": may not have a query or fragment");
  if (rest.substr(0, rest.find('/')).find('@') != std::string_view::npos)
    throw Error(ErrorKind::usage, what + ": may not carry user information (credentials belong in no URL)");
  if (url.find('{') != std::string_view::npos) throw Error(ErrorKind::usage, what + ": may not hold a {placeholder}");
  while (url.ends_with('/')) url.remove_suffix(1);
  return std::string(url);
}

VerifyOptions configure(VerifyOptions base, const scanner::VerifySettings& config, const scanner::VerifySettings& command_line, Logger& log) {
  const std::map<std::string, std::string> from_environment = std::move(base.endpoints);
  Layered layered;
  apply(base, config, layered);
  apply(base, command_line, layered);
  for (const auto& [name, limits] : layered.providers) {
    base.provider_limits[name] = base.limits;
    apply_limits(base.provider_limits[name], limits);
  }
  base.endpoints.clear();
  // An endpoint from the environment (VAULT_ADDR) was set for other tools too: one hush cannot
  // use is passed over, not a reason to stop.
  for (const auto& [name, url] : from_environment) {
    if (layered.endpoints.contains(name)) continue;
    try {
      base.endpoints[name] = checked_endpoint(name, url, layered.allow_http);
    } catch (const Error& e) {
      log.warn("endpoint from the environment not used for verification", {{"provider", name}, {"error", e.what()}});
      continue;
    }
    if (!url.starts_with("https://"))
      log.warn("verification sends this provider's credentials over plain http, readable on the way", {{"provider", name}});
  }
  for (const auto& [name, url] : layered.endpoints) {
    base.endpoints[name] = checked_endpoint(name, url, layered.allow_http);
    if (!url.starts_with("https://"))
      log.warn("verification sends this provider's credentials over plain http, readable on the way", {{"provider", name}});
  }
  if (base.cache_ttl.count() <= 0) base.cache_dir.reset();
  return base;
}

VerifyCounts verify_findings(std::vector<scanner::Finding>& findings, const std::vector<scanner::Rule>& rules,
                             const VerifyOptions& options, Logger& log) {
  std::map<std::string_view, const scanner::Rule*> by_id;
  for (const auto& rule : rules) by_id.emplace(rule.id, &rule);
  const auto aws_key_ids = detail::aws_key_ids(findings);

  VerifyCounts counts;
  const auto count = [&counts](State state) {
    switch (state) {
      case State::live: ++counts.live; break;
      case State::invalid: ++counts.invalid; break;
      case State::unknown: ++counts.unknown; break;
      case State::error: ++counts.error; break;
    }
  };
  std::map<std::tuple<std::string_view, std::string_view, std::string_view>, Question> questions;
  for (std::size_t i = 0; i < findings.size(); ++i) {
    scanner::Finding& f = findings[i];
    const auto rule = by_id.find(f.rule_id);
    const bool askable = rule != by_id.end() && !f.secret.empty() && (!rule->second->verify.empty() || aws_key_ids[i]);
    if (!askable) {
      f.validation = state_name(State::unknown);
      f.validation_detail.clear();
      if (detail::is_aws_secret_rule(f.rule_id)) f.validation_detail.push_back({"reason", "no access key id in the same file"});
      ++counts.unknown;
      continue;
    }
    const scanner::RuleVerifier& declared = rule->second->verify;
    if (!aws_key_ids[i] && std::any_of(declared.skip_prefixes.begin(), declared.skip_prefixes.end(),
                                       [&](const std::string& prefix) { return f.secret.starts_with(prefix); })) {
      f.validation = state_name(State::unknown);
      f.validation_detail = {{"reason", declared.skip_reason}};
      ++counts.unknown;
      continue;
    }
    Question& q = questions[{f.rule_id, aws_key_ids[i].value_or(std::string_view()), f.secret}];
    q.rule = rule->second;
    q.secret = f.secret;
    q.aws_key_id = aws_key_ids[i];
    q.findings.push_back(i);
  }
  if (questions.empty()) return counts;

  const auto now = std::chrono::system_clock::now();
  std::optional<detail::ResultCache> cache;
  if (options.cache_dir) cache.emplace(*options.cache_dir, options.cache_ttl, now, log);

  const auto settle = [&](const Question& q, const detail::Verdict& verdict, bool from_cache) {
    const scanner::Finding& first = findings[q.findings.front()];
    log.debug("verified", {{"rule", q.rule->id}, {"fingerprint", first.fingerprint}, {"state", state_name(verdict.state)},
                           {"cached", from_cache ? "true" : "false"}});
    for (const std::size_t at : q.findings) {
      findings[at].validation = state_name(verdict.state);
      findings[at].validation_detail = verdict.detail;
      count(verdict.state);
    }
  };

  detail::ProviderRequests requests;
  std::vector<Question*> asked;
  for (auto& [key, q] : questions) {
    const scanner::RuleVerifier& verifier = verifier_of(q);
    q.url = q.aws_key_id ? std::optional<std::string>(verifier.url) : detail::request_url(verifier, options.endpoints);
    if (!q.url) {
      settle(q, endpoint_missing(verifier.provider), false);
      continue;
    }
    if (cache) {
      q.cache_key = cache->key_of(q.rule->id, *q.url, q.aws_key_id.value_or(std::string_view()), q.secret);
      if (const detail::Verdict* known = cache->find(q.cache_key)) {
        ++counts.cached;
        settle(q, *known, true);
        continue;
      }
    }
    if (q.aws_key_id) requests.add_aws(*q.aws_key_id, q.secret, now);
    else requests.add(verifier, *q.url, q.secret);
    asked.push_back(&q);
  }
  counts.requests = asked.size();
  if (!asked.empty()) {
    std::vector<detail::LaneRequest> lane_requests;
    for (std::size_t i = 0; i < asked.size(); ++i) lane_requests.push_back({&requests.http()[i], verifier_of(*asked[i]).provider});
    const auto limits_of = [&options](const std::string& provider) {
      const auto it = options.provider_limits.find(provider);
      const ProviderLimits& l = it == options.provider_limits.end() ? options.limits : it->second;
      return detail::LaneLimits{l.concurrency, l.rate};
    };
    const auto deadline = vault_client::Deadline::in(options.timeout);
    auto outcomes = detail::send_in_lanes(lane_requests, limits_of, http_options(options), deadline, log);
    for (std::size_t i = 0; i < asked.size(); ++i) {
      const Question& q = *asked[i];
      const detail::Verdict verdict = detail::judge(verifier_of(q), std::move(outcomes[i]), q.secret);
      if (cache) cache->put(q.cache_key, verdict);
      settle(q, verdict, false);
    }
  }
  if (cache) cache->save();
  return counts;
}

void keep_live(std::vector<scanner::Finding>& findings) {
  std::erase_if(findings, [](const scanner::Finding& f) { return f.validation != state_name(State::live); });
}

bool any_live(const std::vector<scanner::Finding>& findings) {
  return std::any_of(findings.begin(), findings.end(), [](const scanner::Finding& f) { return f.validation == state_name(State::live); });
}

}  // namespace hush::verify
