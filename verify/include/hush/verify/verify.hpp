#pragma once
// `hush scan --verify`: asks each provider whether a found credential is accepted, with the
// request its rule declares (`[rule.verify]`, README "Verification"), and writes the answer into
// the finding's `validation` (live, invalid, unknown, error) and `validation_detail` (what the
// provider said that is safe to show: account, scopes, expiry; never the secret, never a body).
// HTTP goes through vault_client's libcurl client, which is loaded only when a request is made:
// a scan without --verify never loads libcurl.
#include <chrono>
#include <cstddef>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hush/common/log.hpp"
#include "hush/scanner/finding.hpp"
#include "hush/scanner/rule.hpp"
#include "hush/scanner/verify_settings.hpp"

namespace hush::verify {

enum class State { live, invalid, unknown, error };

[[nodiscard]] const char* state_name(State state) noexcept;

struct ProviderLimits {
  std::size_t concurrency = 4;  // requests in flight at once
  double rate = 10;             // requests started per second (the first `concurrency` at once)
};

struct VerifyOptions {
  // For all requests together: what is not answered by then is `error` (timeout). A 429's
  // Retry-After is waited out only when the answer can still come before it.
  std::chrono::milliseconds timeout{10000};
  // "HOST:PORT:HOST2:PORT2", as curl's --connect-to: a proxy, a mirror, a test server.
  std::vector<std::string> connect_to;
  std::string ca_file;  // PEM bundle to trust instead of the system store; empty: the system's
  // Where verdicts are cached (README, "Verification"); nullopt: neither read nor written.
  std::optional<std::filesystem::path> cache_dir;
  std::chrono::milliseconds cache_ttl = std::chrono::hours(24);
  ProviderLimits limits;                                  // every provider's
  std::map<std::string, ProviderLimits> provider_limits;  // one provider's, by name
  // Provider name -> base URL replacing the scheme and host of its requests (checked_endpoint).
  std::map<std::string, std::string> endpoints;
};

// A provider's endpoint as given (--verify-endpoint, [verify.endpoints]): an https URL without
// query, fragment or user info, returned without a trailing '/'. http only with `allow_http`, the
// loud opt-out. Throws hush::Error(usage) saying what is wrong.
[[nodiscard]] std::string checked_endpoint(std::string_view provider, std::string_view url, bool allow_http);

// The options a run verifies with: `base` (the command line's transport options and defaults; its
// endpoints are the environment's, VAULT_ADDR), then the configuration's [verify], then what the
// command line set, which wins. Endpoints are checked (checked_endpoint): a wrong one given to
// hush throws, a wrong one from the environment is passed over with a warning; an http one is
// warned about on `log`.
[[nodiscard]] VerifyOptions configure(VerifyOptions base, const scanner::VerifySettings& config,
                                      const scanner::VerifySettings& command_line, Logger& log);

struct VerifyCounts {
  std::size_t requests = 0;                                   // distinct (rule, secret) pairs asked about
  std::size_t cached = 0;                                     // distinct pairs answered from the cache instead
  std::size_t live = 0, invalid = 0, unknown = 0, error = 0;  // per finding
};

// Verifies each distinct (rule, secret) of `findings` once (or takes the cached verdict), providers
// side by side within their limits, and sets every finding's validation and validation_detail.
// Findings of rules without a verifier, or whose provider's endpoint is not given, are `unknown`.
VerifyCounts verify_findings(std::vector<scanner::Finding>& findings, const std::vector<scanner::Rule>& rules,
                             const VerifyOptions& options, Logger& log);

// `--only-verified`: drops every finding that is not live.
void keep_live(std::vector<scanner::Finding>& findings);

// `--fail-on live`: whether any finding is live.
[[nodiscard]] bool any_live(const std::vector<scanner::Finding>& findings);

}  // namespace hush::verify
