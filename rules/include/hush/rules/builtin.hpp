#pragma once
// The default rule pack shipped inside the binary (the TOML files of rules/).
#include <vector>

#include "hush/scanner/rule.hpp"

namespace hush::rules {

// Parsed default rules; rule files report their origin as "builtin:<file>".
[[nodiscard]] std::vector<scanner::Rule> builtin_rules();

}  // namespace hush::rules
