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
  }
  return all;
}

}  // namespace

std::vector<scanner::Rule> builtin_rules() { return build(false); }
std::vector<scanner::Rule> builtin_rules_with_examples() { return build(true); }

}  // namespace hush::rules
