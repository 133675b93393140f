#include "hush/scanner/config.hpp"

#include <algorithm>
#include <map>
#include <toml++/toml.h>

#include "hush/common/error.hpp"
#include "hush/common/text.hpp"

namespace hush::scanner {
namespace {

long line_of(const toml::node& node) { return static_cast<long>(node.source().begin.line); }

// Reads TOML with toml++'s own error position turned into the common file:line format.
toml::table parse_toml(std::string_view text, const std::string& origin) {
  try {
    return toml::parse(text, origin);
  } catch (const toml::parse_error& e) {
    throw_config_error(origin, static_cast<long>(e.source().begin.line), "invalid TOML: " + std::string(e.description()));
  }
}

class TableReader {
 public:
  TableReader(const toml::table& table, std::string origin, std::string what)
      : table_(table), origin_(std::move(origin)), what_(std::move(what)) {}

  // Every key must be consumed; anything left over is a typo the user wants to hear about.
  void reject_unknown(const std::vector<std::string_view>& known) const {
    for (const auto& [key, node] : table_) {
      if (std::find(known.begin(), known.end(), key.str()) == known.end())
        throw_config_error(origin_, line_of(node), "unknown key '" + std::string(key.str()) + "' in " + what_);
    }
  }

  std::optional<std::string> string(std::string_view key) const {
    const toml::node* node = table_.get(key);
    if (!node) return std::nullopt;
    if (auto v = node->value<std::string>()) return *v;
    fail(*node, key, "a string");
  }

  std::optional<std::int64_t> integer(std::string_view key) const {
    const toml::node* node = table_.get(key);
    if (!node) return std::nullopt;
    if (node->is_integer()) return node->value<std::int64_t>();
    fail(*node, key, "an integer");
  }

  std::optional<double> number(std::string_view key) const {
    const toml::node* node = table_.get(key);
    if (!node) return std::nullopt;
    if (node->is_floating_point() || node->is_integer()) return node->value<double>();
    fail(*node, key, "a number");
  }

  std::optional<bool> boolean(std::string_view key) const {
    const toml::node* node = table_.get(key);
    if (!node) return std::nullopt;
    if (auto v = node->value<bool>()) return *v;
    fail(*node, key, "true or false");
  }

  std::vector<std::string> strings(std::string_view key) const {
    std::vector<std::string> out;
    const toml::node* node = table_.get(key);
    if (!node) return out;
    const toml::array* arr = node->as_array();
    if (!arr) fail(*node, key, "an array of strings");
    for (const auto& item : *arr) {
      auto v = item.value<std::string>();
      if (!v) fail(item, key, "an array of strings");
      out.push_back(*v);
    }
    return out;
  }

  const toml::table* table(std::string_view key) const {
    const toml::node* node = table_.get(key);
    if (!node) return nullptr;
    if (const toml::table* t = node->as_table()) return t;
    fail(*node, key, "a table");
  }

  [[noreturn]] void fail(const toml::node& node, std::string_view key, const std::string& expected) const {
    throw_config_error(origin_, line_of(node), "'" + std::string(key) + "' in " + what_ + " must be " + expected);
  }

  const std::string& origin() const { return origin_; }

 private:
  const toml::table& table_;
  std::string origin_;
  std::string what_;
};

Allowlist read_allowlist(const toml::table& table, const std::string& origin, const std::string& what) {
  TableReader r(table, origin, what);
  r.reject_unknown({"paths", "regexes", "stopwords", "description"});
  Allowlist allow;
  allow.paths = r.strings("paths");
  allow.regexes = r.strings("regexes");
  allow.stopwords = r.strings("stopwords");
  return allow;
}

bool valid_rule_id(std::string_view id) {
  if (id.empty() || id.size() > 128) return false;
  for (char c : id) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
    if (!ok) return false;
  }
  return true;
}

Rule read_rule(const toml::table& table, const std::string& origin, const std::string& default_family) {
  const long line = line_of(table);
  TableReader r(table, origin, "rule");
  r.reject_unknown({"id", "name", "description", "regex", "secret_group", "keywords", "entropy", "validator",
                    "severity", "family", "examples", "negative_examples", "allow"});
  Rule rule;
  rule.source_file = origin;
  rule.source_line = line;
  auto id = r.string("id");
  if (!id) throw_config_error(origin, line, "rule has no 'id'");
  if (!valid_rule_id(*id))
    throw_config_error(origin, line, "rule id '" + *id + "' must use only letters, digits, '-', '_' and '.'");
  rule.id = *id;
  auto regex = r.string("regex");
  if (!regex || regex->empty()) throw_config_error(origin, line, "rule '" + rule.id + "' has no 'regex'");
  rule.regex = *regex;
  rule.name = r.string("name").value_or(rule.id);
  rule.description = r.string("description").value_or("");
  rule.family = r.string("family").value_or(default_family);
  rule.validator = r.string("validator").value_or("");
  if (auto group = r.integer("secret_group")) {
    if (*group < 0 || *group > 99)
      throw_config_error(origin, line_of(*table.get("secret_group")), "rule '" + rule.id + "': secret_group must be 0..99");
    rule.secret_group = static_cast<unsigned>(*group);
  }
  if (auto entropy = r.number("entropy")) {
    if (*entropy < 0 || *entropy > 8)
      throw_config_error(origin, line_of(*table.get("entropy")), "rule '" + rule.id + "': entropy must be between 0 and 8 bits");
    rule.entropy = *entropy;
  }
  if (auto severity = r.string("severity")) {
    auto parsed = parse_severity(*severity);
    if (!parsed)
      throw_config_error(origin, line_of(*table.get("severity")),
                         "rule '" + rule.id + "': severity must be one of info, low, medium, high, critical");
    rule.severity = *parsed;
  }
  rule.keywords = r.strings("keywords");
  rule.examples = r.strings("examples");
  rule.negative_examples = r.strings("negative_examples");
  if (const toml::table* allow = r.table("allow")) rule.allow = read_allowlist(*allow, origin, "rule '" + rule.id + "' allow");
  return rule;
}

std::vector<Rule> read_rule_array(const toml::table& doc, const std::string& origin, const std::string& default_family) {
  std::vector<Rule> rules;
  const toml::node* node = doc.get("rule");
  if (!node) return rules;
  const toml::array* arr = node->as_array();
  if (!arr) throw_config_error(origin, line_of(*node), "'rule' must be an array of tables ([[rule]])");
  for (const auto& item : *arr) {
    const toml::table* t = item.as_table();
    if (!t) throw_config_error(origin, line_of(item), "each [[rule]] must be a table");
    rules.push_back(read_rule(*t, origin, default_family));
  }
  return rules;
}

std::uint64_t parse_size_node(const toml::node& node, const std::string& origin) {
  if (auto n = node.value<std::int64_t>()) {
    if (*n <= 0) throw_config_error(origin, line_of(node), "max_file_size must be positive");
    return static_cast<std::uint64_t>(*n);
  }
  auto text = node.value<std::string>();
  const auto size = text ? parse_size(*text) : std::nullopt;
  if (!size) throw_config_error(origin, line_of(node), "max_file_size must be a number of bytes or a size like \"10MiB\"");
  return *size;
}

}  // namespace

std::vector<Rule> parse_rules(std::string_view toml_text, const std::string& origin, const std::string& default_family) {
  const toml::table doc = parse_toml(toml_text, origin);
  for (const auto& [key, node] : doc) {
    if (key.str() != "rule")
      throw_config_error(origin, line_of(node), "unknown key '" + std::string(key.str()) + "' (a rule file holds [[rule]] tables)");
  }
  return read_rule_array(doc, origin, default_family);
}

std::vector<Rule> load_rules_path(const std::filesystem::path& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(path, ec))
      if (entry.path().extension() == ".toml") files.push_back(entry.path());
    if (ec) throw Error(ErrorKind::config, path.string() + ": cannot list directory: " + ec.message());
    std::sort(files.begin(), files.end());
    std::vector<Rule> rules;
    for (const auto& f : files) {
      auto more = parse_rules(read_config_file(f), f.string(), f.stem().string());
      rules.insert(rules.end(), std::make_move_iterator(more.begin()), std::make_move_iterator(more.end()));
    }
    return rules;
  }
  if (!std::filesystem::exists(path, ec)) throw Error(ErrorKind::config, path.string() + ": no such rule file or directory");
  return parse_rules(read_config_file(path), path.string(), path.stem().string());
}

Config parse_config(std::string_view toml_text, const std::string& origin) {
  const toml::table doc = parse_toml(toml_text, origin);
  TableReader r(doc, origin, "configuration");
  r.reject_unknown({"builtin_rules", "disabled_rules", "exclude", "limits", "allow", "rule"});
  Config config;
  config.origin = origin;
  config.use_builtin_rules = r.boolean("builtin_rules").value_or(true);
  config.disabled_rules = r.strings("disabled_rules");
  config.exclude = r.strings("exclude");
  if (const toml::table* limits = r.table("limits")) {
    TableReader lr(*limits, origin, "[limits]");
    lr.reject_unknown({"max_file_size", "threads"});
    if (const toml::node* size = limits->get("max_file_size")) config.limits.max_file_size = parse_size_node(*size, origin);
    if (auto threads = lr.integer("threads")) {
      if (*threads < 0 || *threads > 1024)
        throw_config_error(origin, line_of(*limits->get("threads")), "threads must be between 0 and 1024");
      if (*threads > 0) config.limits.threads = static_cast<unsigned>(*threads);
    }
  }
  if (const toml::table* allow = r.table("allow")) config.allow = read_allowlist(*allow, origin, "[allow]");
  config.rules = read_rule_array(doc, origin, "custom");
  return config;
}

Config load_config_file(const std::filesystem::path& path) { return parse_config(read_config_file(path), path.string()); }

std::vector<Rule> assemble_rules(const std::vector<Rule>& builtin, const Config& config, const std::vector<Rule>& extra) {
  std::vector<Rule> all;
  if (config.use_builtin_rules) all = builtin;
  all.insert(all.end(), config.rules.begin(), config.rules.end());
  all.insert(all.end(), extra.begin(), extra.end());

  std::map<std::string, const Rule*> seen;
  for (const auto& rule : all) {
    auto [it, inserted] = seen.emplace(rule.id, &rule);
    if (!inserted)
      throw_config_error(rule.source_file, rule.source_line,
                         "duplicate rule id '" + rule.id + "' (first defined at " + it->second->source_file + ":" +
                             std::to_string(it->second->source_line) + ")");
  }
  for (const auto& id : config.disabled_rules) {
    if (!seen.count(id))
      throw_config_error(config.origin, 0, "disabled_rules names unknown rule '" + id + "'");
  }
  std::erase_if(all, [&](const Rule& r) {
    return std::find(config.disabled_rules.begin(), config.disabled_rules.end(), r.id) != config.disabled_rules.end();
  });
  return all;
}

}  // namespace hush::scanner
