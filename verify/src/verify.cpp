#include "hush/verify/verify.hpp"

#include <algorithm>
#include <map>
#include <optional>
#include <tuple>
#include <utility>

#include "builtin_verifiers.hpp"
#include "endpoints.hpp"
#include "hush/common/enum_names.hpp"
#include "hush/common/error.hpp"
#include "hush/vault_client/deadline.hpp"
#include "hush/vault_client/http.hpp"
#include "provider_lanes.hpp"
#include "provider_request.hpp"
#include "result_cache.hpp"
#include "verdict.hpp"

namespace hush::verify {

namespace {

constexpr EnumName<State> state_names[] = {
    {State::live, "live"}, {State::invalid, "invalid"}, {State::unknown, "unknown"}, {State::error, "error"}};

}  // namespace

const char* state_name(State state) noexcept { return name_of(state_names, state, "unknown"); }

namespace {

// One question to a provider, for every finding of the same rule, partner and secret.
struct Question {
  const scanner::Rule* rule = nullptr;
  std::string_view secret;
  std::string_view partner;  // the pair's other half; empty for a verifier without one
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

// What the answer is judged by: the rule's declared verifier, or the one of its builtin request.
const scanner::RuleVerifier& verifier_of(const scanner::Rule& rule) {
  if (rule.verify.builtin.empty()) return rule.verify;
  return detail::builtin_verifier(rule.verify.builtin)->judge;
}

// Where a question goes: the rule's URL with the provider's endpoint applied. STS is signed for
// its documented host, so it stays there (--verify-connect-to reaches a proxy or mirror). The
// service-account exchange goes to Google's documented token endpoint, or the gcp endpoint given,
// and never to the token_uri the key file names: a hostile file must not make hush send an
// assertion signed with a found key to a host of the file's choosing.
std::optional<std::string> url_of(const scanner::Rule& rule, const std::map<std::string, std::string>& endpoints) {
  const scanner::RuleVerifier& verifier = verifier_of(rule);
  if (rule.verify.builtin == detail::aws_sts) return verifier.url;
  return detail::request_url(verifier, endpoints);
}

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
    throw Error(ErrorKind::usage,
                what + ": must be an https:// URL" + (http ? " (plain http only with --verify-allow-http)" : ""));
  const std::string_view rest = url.substr(https ? 8 : 7);
  if (rest.empty() || rest.front() == '/') throw Error(ErrorKind::usage, what + ": has no host");
  if (url.find_first_of("?#") != std::string_view::npos)
    throw Error(ErrorKind::usage, what + ": may not have a query or fragment");
  if (rest.substr(0, rest.find('/')).find('@') != std::string_view::npos)
    throw Error(ErrorKind::usage, what + ": may not carry user information (credentials belong in no URL)");
  if (url.find('{') != std::string_view::npos) throw Error(ErrorKind::usage, what + ": may not hold a {placeholder}");
  while (url.ends_with('/')) url.remove_suffix(1);
  return std::string(url);
}

VerifyOptions configure(VerifyOptions base, const scanner::VerifySettings& config,
                        const scanner::VerifySettings& command_line, Logger& log) {
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
      log.warn("verification sends this provider's credentials over plain http, readable on the way",
               {{"provider", name}});
  }
  for (const auto& [name, url] : layered.endpoints) {
    base.endpoints[name] = checked_endpoint(name, url, layered.allow_http);
    if (!url.starts_with("https://"))
      log.warn("verification sends this provider's credentials over plain http, readable on the way",
               {{"provider", name}});
  }
  if (base.cache_ttl.count() <= 0) base.cache_dir.reset();
  return base;
}

VerifyCounts verify_findings(std::vector<scanner::Finding>& findings, const std::vector<scanner::Rule>& rules,
                             const VerifyOptions& options, Logger& log) {
  std::map<std::string_view, const scanner::Rule*> by_id;
  for (const auto& rule : rules) by_id.emplace(rule.id, &rule);

  VerifyCounts counts;
  const auto count = [&counts](State state) {
    switch (state) {
      case State::live:
        ++counts.live;
        break;
      case State::invalid:
        ++counts.invalid;
        break;
      case State::unknown:
        ++counts.unknown;
        break;
      case State::error:
        ++counts.error;
        break;
    }
  };
  const auto unknown = [&](scanner::Finding& f, std::string reason) {
    f.validation = state_name(State::unknown);
    f.validation_detail.clear();
    if (!reason.empty()) f.validation_detail.push_back({"reason", std::move(reason)});
    ++counts.unknown;
  };
  std::map<std::tuple<std::string_view, std::string_view, std::string_view>, Question> questions;
  for (std::size_t i = 0; i < findings.size(); ++i) {
    scanner::Finding& f = findings[i];
    const auto rule = by_id.find(f.rule_id);
    if (rule == by_id.end() || f.secret.empty() || rule->second->verify.empty()) {
      unknown(f, {});
      continue;
    }
    const scanner::RuleVerifier& declared = rule->second->verify;
    // A pair is asked about with both halves, or not at all.
    if (!declared.partner.empty() && f.partner.empty()) {
      unknown(f, "no " + declared.partner_name + " in the same file");
      continue;
    }
    if (std::any_of(declared.skip_prefixes.begin(), declared.skip_prefixes.end(),
                    [&](const std::string& prefix) { return f.secret.starts_with(prefix); })) {
      unknown(f, declared.skip_reason);
      continue;
    }
    Question& q = questions[{f.rule_id, f.partner, f.secret}];
    q.rule = rule->second;
    q.secret = f.secret;
    q.partner = f.partner;
    q.findings.push_back(i);
  }
  if (questions.empty()) return counts;

  const auto now = std::chrono::system_clock::now();
  std::optional<detail::ResultCache> cache;
  if (options.cache_dir) cache.emplace(*options.cache_dir, options.cache_ttl, now, log);

  const auto settle = [&](const Question& q, const detail::Verdict& verdict, bool from_cache) {
    const scanner::Finding& first = findings[q.findings.front()];
    log.debug("verified", {{"rule", q.rule->id},
                           {"fingerprint", first.fingerprint},
                           {"state", state_name(verdict.state)},
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
    const std::string_view builtin = q.rule->verify.builtin;
    q.url = url_of(*q.rule, options.endpoints);
    if (!q.url) {
      settle(q, endpoint_missing(verifier_of(*q.rule).provider), false);
      continue;
    }
    if (cache) {
      q.cache_key = cache->key_of(q.rule->id, *q.url, q.partner, q.secret);
      if (const detail::Verdict* known = cache->find(q.cache_key)) {
        ++counts.cached;
        settle(q, *known, true);
        continue;
      }
    }
    if (builtin == detail::aws_sts) {
      requests.add_aws(q.partner, q.secret, now);
    } else if (builtin == detail::gcp_service_account) {
      try {
        requests.add_gcp(q.partner, q.secret, *q.url, now);
      } catch (const Error& e) {
        // Nothing was sent: what hush could not do says nothing about the key's life.
        settle(q, detail::Verdict{State::unknown, {{"reason", e.what()}}}, false);
        continue;
      }
    } else {
      requests.add(q.rule->verify, *q.url, q.secret, q.partner);
    }
    asked.push_back(&q);
  }
  counts.requests = asked.size();
  if (!asked.empty()) {
    std::vector<detail::LaneRequest> lane_requests;
    for (std::size_t i = 0; i < asked.size(); ++i)
      lane_requests.push_back({&requests.http()[i], verifier_of(*asked[i]->rule).provider});
    const auto limits_of = [&options](const std::string& provider) {
      const auto it = options.provider_limits.find(provider);
      const ProviderLimits& l = it == options.provider_limits.end() ? options.limits : it->second;
      return detail::LaneLimits{l.concurrency, l.rate};
    };
    const auto deadline = vault_client::Deadline::in(options.timeout);
    auto outcomes = detail::send_in_lanes(lane_requests, limits_of, http_options(options), deadline, log);
    for (std::size_t i = 0; i < asked.size(); ++i) {
      const Question& q = *asked[i];
      detail::Verdict verdict = detail::judge(verifier_of(*q.rule), std::move(outcomes[i]), q.secret);
      const auto* builtin = q.rule->verify.builtin.empty() ? nullptr : detail::builtin_verifier(q.rule->verify.builtin);
      if (verdict.state == State::live && builtin && builtin->partner_is_account)
        verdict.detail.insert(verdict.detail.begin(), {"account", std::string(q.partner)});
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
  return std::any_of(findings.begin(), findings.end(),
                     [](const scanner::Finding& f) { return f.validation == state_name(State::live); });
}

}  // namespace hush::verify
