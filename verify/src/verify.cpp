#include "hush/verify/verify.hpp"

#include <algorithm>
#include <map>
#include <optional>
#include <tuple>
#include <utility>

#include "aws_pairs.hpp"
#include "provider_request.hpp"
#include "verdict.hpp"
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
};

vault_client::HttpOptions http_options(const VerifyOptions& options) {
  vault_client::HttpOptions http;
  http.connect_timeout = options.timeout;
  http.request_timeout = options.timeout;
  http.max_response_bytes = 1u << 20;  // an account record, not a download
  http.tls.ca_file = options.ca_file;
  http.connect_to = options.connect_to;
  http.max_parallel = options.max_parallel;
  // Each question may go to another provider: no point waiting on one connection first.
  http.parallel_after = std::chrono::milliseconds(0);
  return http;
}

}  // namespace

VerifyCounts verify_findings(std::vector<scanner::Finding>& findings, const std::vector<scanner::Rule>& rules,
                             const VerifyOptions& options, Logger& log) {
  std::map<std::string_view, const scanner::Rule*> by_id;
  for (const auto& rule : rules) by_id.emplace(rule.id, &rule);
  const auto aws_key_ids = detail::aws_key_ids(findings);

  VerifyCounts counts;
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
    Question& q = questions[{f.rule_id, aws_key_ids[i].value_or(std::string_view()), f.secret}];
    q.rule = rule->second;
    q.secret = f.secret;
    q.aws_key_id = aws_key_ids[i];
    q.findings.push_back(i);
  }
  if (questions.empty()) return counts;

  detail::ProviderRequests requests;
  std::vector<const Question*> asked;
  const auto now = std::chrono::system_clock::now();
  for (const auto& [key, q] : questions) {
    if (q.aws_key_id) requests.add_aws(*q.aws_key_id, q.secret, now);
    else requests.add(q.rule->verify, q.secret);
    asked.push_back(&q);
  }
  counts.requests = asked.size();
  const auto deadline = vault_client::Deadline::in(options.timeout);
  vault_client::HttpClient client(http_options(options), log);
  auto outcomes = client.perform_all(requests.http(), deadline);

  for (std::size_t i = 0; i < asked.size(); ++i) {
    const Question& q = *asked[i];
    const scanner::RuleVerifier& verifier = q.aws_key_id ? detail::sts_verifier() : q.rule->verify;
    const detail::Verdict verdict = detail::judge(verifier, std::move(outcomes[i]), q.secret);
    const scanner::Finding& first = findings[q.findings.front()];
    log.debug("verified", {{"rule", q.rule->id}, {"fingerprint", first.fingerprint}, {"state", state_name(verdict.state)}});
    for (const std::size_t at : q.findings) {
      findings[at].validation = state_name(verdict.state);
      findings[at].validation_detail = verdict.detail;
      switch (verdict.state) {
        case State::live: ++counts.live; break;
        case State::invalid: ++counts.invalid; break;
        case State::unknown: ++counts.unknown; break;
        case State::error: ++counts.error; break;
      }
    }
  }
  return counts;
}

void keep_live(std::vector<scanner::Finding>& findings) {
  std::erase_if(findings, [](const scanner::Finding& f) { return f.validation != state_name(State::live); });
}

bool any_live(const std::vector<scanner::Finding>& findings) {
  return std::any_of(findings.begin(), findings.end(), [](const scanner::Finding& f) { return f.validation == state_name(State::live); });
}

}  // namespace hush::verify
