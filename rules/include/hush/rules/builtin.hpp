#pragma once
// The default rule pack shipped inside the binary (the TOML files of rules/, turned into data at
// build time). Rules report their origin as "builtin:rules/<file>".
#include <vector>

#include "hush/scanner/rule.hpp"

namespace hush::rules {

// The rules a scan uses: without their examples, which only `hush rules` needs.
[[nodiscard]] std::vector<scanner::Rule> builtin_rules();
// The same rules with their examples and negative examples, as the rule files hold them.
[[nodiscard]] std::vector<scanner::Rule> builtin_rules_with_examples();

}  // namespace hush::rules
