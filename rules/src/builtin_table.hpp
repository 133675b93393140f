#pragma once
// The default rule pack as data, written by rules/codegen from rules/*.toml at build time.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

#include "hush/scanner/rule.hpp"

namespace hush::rules::detail {

// A run of entries in builtin_strings.
struct StringSpan {
  std::uint32_t first;
  std::uint32_t count;
};

struct BuiltinRule {
  std::string_view id, name, description, regex, prefilter, validator, family, source_file;
  unsigned secret_group;
  long source_line;
  scanner::Severity severity;
  scanner::Confidence confidence;
  scanner::Field assignment;
  std::optional<double> entropy, entropy_margin;
  StringSpan keywords, examples, negative_examples, low_examples, allow_paths, allow_regexes, allow_stopwords;
  // The verifier (method empty: none). Headers and details alternate name and text; statuses are
  // decimal strings.
  std::string_view verify_method, verify_provider, verify_url, verify_body, verify_live_if;
  StringSpan verify_headers, verify_basic_auth, verify_live, verify_invalid, verify_details, verify_skip_prefixes;
  std::string_view verify_skip_reason, verify_partner, verify_partner_name, verify_builtin;
};

extern const std::string_view builtin_strings[];
extern const BuiltinRule builtin_table[];
extern const std::size_t builtin_count;

}  // namespace hush::rules::detail
