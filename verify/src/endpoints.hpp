#pragma once
// Where a verifier's request goes: the provider's documented host, or the endpoint the user gave
// for it (--verify-endpoint, [verify.endpoints]: GitHub Enterprise Server, GitLab self-managed,
// Vault, a Databricks workspace, a test server).
#include <map>
#include <optional>
#include <string>

#include "hush/scanner/rule.hpp"

namespace hush::verify::detail {

// The verifier's URL template with its scheme and host (and a leading "{endpoint}") replaced by
// the provider's endpoint when one is given; nullopt when it names "{endpoint}" and none is.
[[nodiscard]] std::optional<std::string> request_url(const scanner::RuleVerifier& verifier,
                                                     const std::map<std::string, std::string>& endpoints);

}  // namespace hush::verify::detail
