#include "hush/rules/builtin.hpp"

#include <string>

#include "builtin_table.hpp"

namespace hush::rules {
namespace {

std::vector<std::string> strings(detail::StringSpan span) {
  std::vector<std::string> out;
  out.reserve(span.count);
  for (std::uint32_t i = 0; i < span.count; ++i) out.emplace_back(detail::builtin_strings[span.first + i]);
  return out;
}

std::vector<scanner::NamedText> named(detail::StringSpan span) {
  std::vector<scanner::NamedText> out;
  for (std::uint32_t i = 0; i + 1 < span.count; i += 2)
    out.push_back({std::string(detail::builtin_strings[span.first + i]),
                   std::string(detail::builtin_strings[span.first + i + 1])});
  return out;
}

std::vector<int> statuses(detail::StringSpan span) {
  std::vector<int> out;
  for (const auto& code : strings(span)) out.push_back(std::stoi(code));
  return out;
}

scanner::RuleVerifier verifier(const detail::BuiltinRule& b) {
  scanner::RuleVerifier v;
  if (b.verify_method.empty()) return v;
  v.method = b.verify_method;
  v.provider = b.verify_provider;
  v.url = b.verify_url;
  v.body = b.verify_body;
  v.live_if = b.verify_live_if;
  v.headers = named(b.verify_headers);
  v.basic_auth = strings(b.verify_basic_auth);
  v.live = statuses(b.verify_live);
  v.invalid = statuses(b.verify_invalid);
  v.details = named(b.verify_details);
  v.skip_prefixes = strings(b.verify_skip_prefixes);
  v.skip_reason = b.verify_skip_reason;
  v.partner = b.verify_partner;
  v.partner_name = b.verify_partner_name;
  v.builtin = b.verify_builtin;
  return v;
}

std::vector<scanner::Rule> build(bool with_examples) {
  std::vector<scanner::Rule> all;
  all.reserve(detail::builtin_count);
  for (std::size_t i = 0; i < detail::builtin_count; ++i) {
    const detail::BuiltinRule& b = detail::builtin_table[i];
    scanner::Rule& r = all.emplace_back();
    r.id = b.id;
    r.name = b.name;
    r.description = b.description;
    r.regex = b.regex;
    r.prefilter = b.prefilter;
    r.validator = b.validator;
    r.family = b.family;
    r.source_file = b.source_file;
    r.secret_group = b.secret_group;
    r.source_line = b.source_line;
    r.severity = b.severity;
    r.confidence = b.confidence;
    r.assignment = b.assignment;
    r.entropy = b.entropy;
    r.entropy_margin = b.entropy_margin;
    r.keywords = strings(b.keywords);
    if (with_examples) {
      r.examples = strings(b.examples);
      r.negative_examples = strings(b.negative_examples);
      r.low_examples = strings(b.low_examples);
    }
    r.allow.paths = strings(b.allow_paths);
    r.allow.regexes = strings(b.allow_regexes);
    r.allow.stopwords = strings(b.allow_stopwords);
    r.verify = verifier(b);
  }
  return all;
}

}  // namespace

std::vector<scanner::Rule> builtin_rules() { return build(false); }
std::vector<scanner::Rule> builtin_rules_with_examples() { return build(true); }

}  // namespace hush::rules
