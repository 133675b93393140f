#pragma once
// The requests rules' verifiers declare, with the secret filled in: in guarded header values, a
// guarded body, or (for the few APIs that take it there) the URL's path, which log lines then
// show as the rule's template.
#include <chrono>
#include <string_view>
#include <vector>

#include "hush/common/secret.hpp"
#include "hush/scanner/rule.hpp"
#include "hush/vault_client/http.hpp"

namespace hush::verify::detail {

class ProviderRequests {
 public:
  ProviderRequests() = default;
  ProviderRequests(const ProviderRequests&) = delete;
  ProviderRequests& operator=(const ProviderRequests&) = delete;
  // URLs that carry a secret in their path are wiped with the requests.
  ~ProviderRequests();

  // `url_template` is the verifier's URL template with its endpoint applied; `partner` fills
  // {partner} (empty for a verifier without one).
  void add(const scanner::RuleVerifier& verifier, std::string_view url_template, std::string_view secret,
           std::string_view partner);
  // STS GetCallerIdentity, signed with the pair (SigV4): reads nothing but who the key belongs to.
  void add_aws(std::string_view access_key_id, std::string_view secret_access_key,
               std::chrono::system_clock::time_point now);
  // A JWT signed with the service account's key (RS256; `private_key` as its JSON file holds it)
  // for the token endpoint at `url`. Throws hush::Error when the key cannot sign (not RSA, no
  // OpenSSL), and then adds nothing.
  void add_gcp(std::string_view client_email, std::string_view private_key, std::string_view url,
               std::chrono::system_clock::time_point now);
  [[nodiscard]] const std::vector<vault_client::HttpRequest>& http() const noexcept { return http_; }

 private:
  std::vector<vault_client::HttpRequest> http_;
  std::vector<SecretBuffer> bodies_;  // http_[i].body points into one (guarded memory never moves)
};

// `text` with every "{secret}" replaced by the secret and every "{partner}" by the partner, in
// guarded memory.
[[nodiscard]] SecretBuffer fill_template(std::string_view text, std::string_view secret, std::string_view partner);

}  // namespace hush::verify::detail
