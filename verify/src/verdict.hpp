#pragma once
// What a provider's answer means for a secret: the rule's live and invalid statuses, its live_if
// pointer, and the details it names, read from the answer without keeping the body.
#include <string>
#include <string_view>
#include <vector>

#include "hush/scanner/rule.hpp"
#include "hush/vault_client/http.hpp"
#include "hush/vault_client/outcome.hpp"
#include "hush/verify/verify.hpp"

namespace hush::verify::detail {

struct Verdict {
  State state = State::unknown;
  std::vector<scanner::NamedText> detail;  // safe to show
};

// `secret` only to make sure no detail repeats it.
[[nodiscard]] Verdict judge(const scanner::RuleVerifier& verifier,
                            vault_client::Outcome<vault_client::HttpResponse> outcome, std::string_view secret);

}  // namespace hush::verify::detail
