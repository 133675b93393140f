#pragma once
// AWS keys are verified as pairs: a secret access key is useless to ask about without its key id,
// which a separate rule finds. Each secret is paired with the key id found nearest to it in the
// same file (same path and blob), as in credential CSVs, `.env` files and `~/.aws/credentials`.
#include <cstddef>
#include <optional>
#include <string_view>
#include <vector>

#include "hush/scanner/finding.hpp"
#include "hush/scanner/rule.hpp"

namespace hush::verify::detail {

// Whether findings of this rule hold an AWS secret access key.
[[nodiscard]] bool is_aws_secret_rule(std::string_view rule_id) noexcept;

// For each finding (by index), the key id paired with it when it is an AWS secret; nullopt for
// other findings and for secrets without a key id in their file.
[[nodiscard]] std::vector<std::optional<std::string_view>> aws_key_ids(const std::vector<scanner::Finding>& findings);

// GetCallerIdentity at the global STS endpoint, as the verifier the request is judged by.
[[nodiscard]] const scanner::RuleVerifier& sts_verifier();

}  // namespace hush::verify::detail
