#include "hush/scanner/config.hpp"

#include "hush/scanner/archive.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "config_reader.hpp"
#include "gitleaks_config.hpp"
#include "hush/common/config_sections.hpp"
#include "hush/common/error.hpp"
#include "hush/common/file.hpp"
#include "hush/common/log.hpp"
#include "hush/common/text.hpp"
#include "verifier_reader.hpp"
#include "verify_settings_reader.hpp"

namespace hush::scanner {
namespace {

Allowlist read_allowlist(const toml::table& table, const std::string& origin, const std::string& what) {
  TableReader r(table, origin, what);
  r.reject_unknown({"paths", "regexes", "stopwords", "description"});
  Allowlist allow;
  allow.paths = r.strings("paths");
  allow.regexes = r.strings("regexes");
  allow.stopwords = r.strings("stopwords");
  return allow;
}

Rule read_rule(const toml::table& table, const std::string& origin, const std::string& default_family) {
  const long line = line_of(table);
  TableReader r(table, origin, "rule");
  r.reject_unknown({"id", "name", "description", "regex", "prefilter", "secret_group", "keywords", "entropy",
                    "entropy_margin", "validator", "severity", "confidence", "assignment", "family", "examples",
                    "negative_examples", "low_examples", "allow", "verify"});
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
  rule.prefilter = r.string("prefilter").value_or("");
  rule.name = r.string("name").value_or(rule.id);
  rule.description = r.string("description").value_or("");
  rule.family = r.string("family").value_or(default_family);
  rule.validator = r.string("validator").value_or("");
  if (auto group = r.integer("secret_group")) {
    if (*group < 0 || *group > 99)
      throw_config_error(origin, line_of(*table.get("secret_group")),
                         "rule '" + rule.id + "': secret_group must be 0..99");
    rule.secret_group = static_cast<unsigned>(*group);
  }
  // A setting out of its range or set of names is an error at its own line.
  const auto bits_per_byte = [&](const char* key, std::optional<double>& into) {
    const auto value = r.number(key);
    if (!value) return;
    if (*value < 0 || *value > 8)
      throw_config_error(origin, line_of(*table.get(key)),
                         "rule '" + rule.id + "': " + key + " must be between 0 and 8 bits");
    into = *value;
  };
  const auto named = [&](const char* key, auto parse, const char* names, auto& into) {
    const auto text = r.string(key);
    if (!text) return;
    const auto value = parse(*text);
    if (!value)
      throw_config_error(origin, line_of(*table.get(key)), "rule '" + rule.id + "': " + key + " must be " + names);
    into = *value;
  };
  bits_per_byte("entropy", rule.entropy);
  bits_per_byte("entropy_margin", rule.entropy_margin);
  named("severity", parse_severity, "one of info, low, medium, high, critical", rule.severity);
  named("confidence", parse_confidence, "one of low, medium, high", rule.confidence);
  named("assignment", parse_field, "password or secret", rule.assignment);
  rule.keywords = r.strings("keywords");
  rule.examples = r.strings("examples");
  rule.low_examples = r.strings("low_examples");
  rule.negative_examples = r.strings("negative_examples");
  if (const toml::table* allow = r.table("allow"))
    rule.allow = read_allowlist(*allow, origin, "rule '" + rule.id + "' allow");
  if (const toml::table* verify = r.table("verify")) rule.verify = read_rule_verifier(*verify, origin, rule.id);
  return rule;
}

std::vector<Rule> read_rule_array(const toml::table& doc, const std::string& origin,
                                  const std::string& default_family) {
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
  if (!size)
    throw_config_error(origin, line_of(node), "max_file_size must be a number of bytes or a size like \"10MiB\"");
  return *size;
}

}  // namespace

std::vector<Rule> parse_rules(std::string_view toml_text, const std::string& origin,
                              const std::string& default_family) {
  const toml::table doc = parse_toml(toml_text, origin);
  for (const auto& [key, node] : doc) {
    if (key.str() != "rule")
      throw_config_error(origin, line_of(node),
                         "unknown key '" + std::string(key.str()) + "' (a rule file holds [[rule]] tables)");
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
  if (!std::filesystem::exists(path, ec))
    throw Error(ErrorKind::config, path.string() + ": no such rule file or directory");
  return parse_rules(read_config_file(path), path.string(), path.stem().string());
}

Config parse_config(std::string_view toml_text, const std::string& origin, Logger& log) {
  const toml::table doc = parse_toml(toml_text, origin);
  if (gitleaks::is_gitleaks_config(doc)) return gitleaks::read_config(doc, origin, log);
  TableReader r(doc, origin, "configuration");
  std::vector<std::string_view> known = scan_config_keys();
  const auto& run_keys = run_config_keys();  // `hush run`'s part of a shared hush.toml
  known.insert(known.end(), run_keys.begin(), run_keys.end());
  r.reject_unknown(known);
  Config config;
  config.origin = origin;
  config.use_builtin_rules = r.boolean("builtin_rules").value_or(true);
  config.disabled_rules = r.strings("disabled_rules");
  config.exclude = r.strings("exclude");
  config.respect_gitignore = r.boolean("gitignore").value_or(false);
  if (auto level = r.string("min_confidence")) {
    config.min_confidence = parse_confidence(*level);
    if (!config.min_confidence)
      throw_config_error(origin, line_of(*doc.get("min_confidence")),
                         "min_confidence must be one of low, medium, high");
  }
  if (const toml::table* limits = r.table("limits")) {
    TableReader lr(*limits, origin, "[limits]");
    lr.reject_unknown({"max_file_size", "threads", "max_decode_depth", "max_archive_depth", "max_archive_bytes",
                       "max_archive_members", "max_archive_ratio"});
    if (const toml::node* size = limits->get("max_file_size"))
      config.limits.max_file_size = parse_size_node(*size, origin);
    if (auto threads = lr.integer("threads")) {
      if (*threads < 0 || *threads > 1024)
        throw_config_error(origin, line_of(*limits->get("threads")), "threads must be between 0 and 1024");
      if (*threads > 0) config.limits.threads = static_cast<unsigned>(*threads);
    }
    if (auto depth = lr.integer("max_decode_depth")) {
      if (*depth < 0 || *depth > static_cast<std::int64_t>(max_decode_depth_limit))
        throw_config_error(origin, line_of(*limits->get("max_decode_depth")),
                           "max_decode_depth must be between 0 and " + std::to_string(max_decode_depth_limit));
      config.limits.max_decode_depth = static_cast<unsigned>(*depth);
    }
    if (auto depth = lr.integer("max_archive_depth")) {
      if (*depth < 0 || *depth > static_cast<std::int64_t>(max_archive_depth_limit))
        throw_config_error(origin, line_of(*limits->get("max_archive_depth")),
                           "max_archive_depth must be between 0 and " + std::to_string(max_archive_depth_limit));
      config.limits.max_archive_depth = static_cast<unsigned>(*depth);
    }
    if (const toml::node* size = limits->get("max_archive_bytes"))
      config.limits.max_archive_bytes = parse_size_node(*size, origin);
    for (const auto& [key, field] : {std::pair{"max_archive_members", &Limits::max_archive_members},
                                     std::pair{"max_archive_ratio", &Limits::max_archive_ratio}}) {
      if (auto n = lr.integer(key)) {
        if (*n < 1) throw_config_error(origin, line_of(*limits->get(key)), std::string(key) + " must be at least 1");
        config.limits.*field = static_cast<std::uint64_t>(*n);
      }
    }
  }
  if (const toml::table* verify = r.table("verify")) config.verify = read_verify_settings(*verify, origin);
  if (const toml::table* allow = r.table("allow")) config.allow = read_allowlist(*allow, origin, "[allow]");
  config.rules = read_rule_array(doc, origin, "custom");
  return config;
}

Config load_config_file(const std::filesystem::path& path, Logger& log) {
  return parse_config(read_config_file(path), path.string(), log);
}

std::vector<Rule> assemble_rules(std::vector<Rule> builtin, const Config& config, const std::vector<Rule>& extra,
                                 Logger& log) {
  const std::size_t builtin_count = builtin.size();
  std::vector<Rule> all;
  if (config.use_builtin_rules) all = std::move(builtin);
  for (const Rule& rule : config.rules) {
    const auto same = std::find_if(all.begin(), all.end(), [&](const Rule& r) { return r.id == rule.id; });
    if (config.refine_builtin && same != all.end() &&
        same < all.begin() + static_cast<std::ptrdiff_t>(config.use_builtin_rules ? builtin_count : 0)) {
      *same = gitleaks::refine_rule(*same, rule);
    } else if (config.refine_builtin && gitleaks::only_refines(rule)) {
      log.warn(
          "gitleaks config: rule '" + rule.id + "' has neither regex nor path and refines no built-in rule, ignored",
          {{"file", rule.source_file}});
    } else {
      all.push_back(rule);
    }
  }
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
    if (seen.contains(id)) continue;
    if (!config.refine_builtin) {
      std::vector<std::string> ids;
      for (const auto& [known, rule] : seen) ids.push_back(known);
      throw_config_error(config.origin, 0, "disabled_rules names unknown rule '" + id + "'" + did_you_mean(id, ids));
    }
    log.warn("gitleaks config: disabledRules names rule '" + id + "', which hush does not have",
             {{"file", config.origin}});
  }
  std::erase_if(all, [&](const Rule& r) {
    return std::find(config.disabled_rules.begin(), config.disabled_rules.end(), r.id) != config.disabled_rules.end();
  });
  for (const auto& targeted : config.targeted_allow) {
    for (const auto& id : targeted.rule_ids) {
      const auto rule = std::find_if(all.begin(), all.end(), [&](const Rule& r) { return r.id == id; });
      if (rule == all.end()) {
        log.warn("gitleaks config: allowlist targets rule '" + id + "', which is not loaded",
                 {{"file", config.origin}});
        continue;
      }
      append_allowlist(rule->allow, targeted.allow);
    }
  }
  return all;
}

namespace {

bool commit_listed(const std::vector<std::string>& commits, std::string_view commit) {
  if (commit.empty()) return false;
  return std::any_of(commits.begin(), commits.end(), [&](const std::string& c) {
    // Abbreviated ids are accepted, but never so short that they name most of history.
    return c.size() >= 7 && c.size() <= commit.size() && commit.compare(0, c.size(), c) == 0;
  });
}

}  // namespace

void drop_allowlisted_commits(std::vector<Finding>& findings, const std::vector<Rule>& rules, const Allowlist& global,
                              bool keep_suppressed) {
  std::map<std::string_view, const std::vector<std::string>*> by_rule;
  for (const auto& r : rules)
    if (!r.allow.commits.empty()) by_rule.emplace(r.id, &r.allow.commits);
  if (by_rule.empty() && global.commits.empty()) return;
  const auto reason = [&](const Finding& f) -> const char* {
    if (!f.git || !f.suppressed_by.empty()) return nullptr;
    if (commit_listed(global.commits, f.git->commit)) return "allowlist: commit";
    const auto it = by_rule.find(f.rule_id);
    return it != by_rule.end() && commit_listed(*it->second, f.git->commit) ? "rule allowlist: commit" : nullptr;
  };
  if (keep_suppressed) {
    for (auto& f : findings)
      if (const char* why = reason(f)) f.suppressed_by = why;
    return;
  }
  std::erase_if(findings, [&](const Finding& f) { return reason(f) != nullptr; });
}

}  // namespace hush::scanner
