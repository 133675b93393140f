#pragma once
// `hush scan --verify`: asks each provider whether a found credential is accepted, with the
// request its rule declares (`[rule.verify]`, README "Verification"), and writes the answer into
// the finding's `validation` (live, invalid, unknown, error) and `validation_detail` (what the
// provider said that is safe to show: account, scopes, expiry; never the secret, never a body).
// HTTP goes through vault_client's libcurl client, which is loaded only when a request is made:
// a scan without --verify never loads libcurl.
#include <chrono>
#include <cstddef>
#include <string>
#include <vector>

#include "hush/common/log.hpp"
#include "hush/scanner/finding.hpp"
#include "hush/scanner/rule.hpp"

namespace hush::verify {

enum class State { live, invalid, unknown, error };

[[nodiscard]] const char* state_name(State state) noexcept;

struct VerifyOptions {
  // For all requests together: what is not answered by then is `error` (timeout).
  std::chrono::milliseconds timeout{10000};
  // "HOST:PORT:HOST2:PORT2", as curl's --connect-to: a proxy, a mirror, a test server.
  std::vector<std::string> connect_to;
  std::string ca_file;  // PEM bundle to trust instead of the system store; empty: the system's
  std::size_t max_parallel = 8;
};

struct VerifyCounts {
  std::size_t requests = 0;  // distinct (rule, secret) pairs asked about
  std::size_t live = 0, invalid = 0, unknown = 0, error = 0;  // per finding
};

// Verifies each distinct (rule, secret) of `findings` once, all concurrently, and sets every
// finding's validation and validation_detail. Findings of rules without a verifier are `unknown`.
VerifyCounts verify_findings(std::vector<scanner::Finding>& findings, const std::vector<scanner::Rule>& rules,
                             const VerifyOptions& options, Logger& log);

// `--only-verified`: drops every finding that is not live.
void keep_live(std::vector<scanner::Finding>& findings);

// `--fail-on live`: whether any finding is live.
[[nodiscard]] bool any_live(const std::vector<scanner::Finding>& findings);

}  // namespace hush::verify
