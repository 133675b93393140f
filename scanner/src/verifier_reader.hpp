#pragma once
// Reads a rule's `[rule.verify]` table (README, "Verification").
#include <string>

#include "config_reader.hpp"
#include "hush/scanner/rule.hpp"

namespace hush::scanner {

[[nodiscard]] RuleVerifier read_rule_verifier(const toml::table& table, const std::string& origin,
                                              const std::string& rule_id);

}  // namespace hush::scanner
