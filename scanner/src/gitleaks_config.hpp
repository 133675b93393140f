#pragma once
// Reading gitleaks' configuration format (.gitleaks.toml) into hush's Config, so a project can
// switch scanners without rewriting its rules and allowlists.
#include <string>
#include "hush/common/toml.hpp"

#include "hush/common/log.hpp"
#include "hush/scanner/config.hpp"

namespace hush::scanner {

// Adds every entry of `from` to `into`.
void append_allowlist(Allowlist& into, const Allowlist& from);

namespace gitleaks {

// gitleaks names its tables [[rules]] and [allowlist]; hush's are [[rule]] and [allow].
[[nodiscard]] bool is_gitleaks_config(const toml::table& doc);

// Maps the document onto a Config (refine_builtin set, use_builtin_rules from [extend] useDefault),
// loading [extend] path relative to the file. Throws hush::Error(config) for malformed input.
[[nodiscard]] Config read_config(const toml::table& doc, const std::string& origin, Logger& log);

// `base` refined by `patch` the way gitleaks extends a rule: set fields replace, lists add up.
[[nodiscard]] Rule refine_rule(const Rule& base, const Rule& patch);

// A rule with neither regex nor path: it can only refine a rule of the same id.
[[nodiscard]] bool only_refines(const Rule& rule);

}  // namespace gitleaks
}  // namespace hush::scanner
