#include "gitleaks_config.hpp"

#include <algorithm>
#include <filesystem>
#include <set>

#include "config_reader.hpp"
#include "gitleaks_regex.hpp"
#include "hush/common/error.hpp"
#include "hush/common/file.hpp"
#include "hush/common/text.hpp"

namespace hush::scanner {

void append_allowlist(Allowlist& into, const Allowlist& from) {
  const auto add = [](std::vector<std::string>& to, const std::vector<std::string>& more) {
    to.insert(to.end(), more.begin(), more.end());
  };
  add(into.paths, from.paths);
  add(into.regexes, from.regexes);
  add(into.stopwords, from.stopwords);
  add(into.commits, from.commits);
  into.conditional.insert(into.conditional.end(), from.conditional.begin(), from.conditional.end());
}

namespace gitleaks {
namespace {

namespace fs = std::filesystem;

// gitleaks itself stops at two levels of [extend] path.
constexpr int max_extend_depth = 2;

// A path-only rule reports the file itself: one byte anchored at the start of the content fires
// once per file, and the rule's path regex decides which files count.
constexpr const char* path_only_regex = R"(\A[\s\S])";

std::vector<std::string> translated(std::vector<std::string> regexes) {
  for (auto& r : regexes) r = translate_regex(r);
  return regexes;
}

class Reader {
 public:
  explicit Reader(Logger& log) : log_(log) {}

  Config read(const toml::table& doc, const std::string& origin, int depth) {
    TableReader r(doc, origin, "gitleaks configuration");
    warn_unknown(r, {"title", "minVersion", "extend", "rules", "allowlist", "allowlists"}, "", origin);
    (void)r.string("title");

    bool use_default = false;
    std::optional<std::string> base_path;
    std::vector<std::string> disabled;
    if (const toml::table* ext = r.table("extend")) {
      TableReader er(*ext, origin, "[extend]");
      warn_unknown(er, {"useDefault", "path", "disabledRules"}, "extend.", origin);
      use_default = er.boolean("useDefault").value_or(false);
      base_path = er.string("path");
      disabled = er.strings("disabledRules");
      if (use_default && base_path) {
        log_.warn("gitleaks config: [extend] has both useDefault and path; useDefault wins, as in gitleaks",
                  {{"file", origin}});
        base_path.reset();
      }
    }

    Config config;
    config.origin = origin;
    config.refine_builtin = true;
    config.use_builtin_rules = use_default;
    std::vector<Rule> own;
    for (const toml::table* t : r.tables("rules")) {
      bool skip_report = false;
      Rule rule = read_rule(*t, origin, skip_report);
      // Without composite rules (unsupported), a rule that never reports finds nothing.
      if (!skip_report) own.push_back(std::move(rule));
    }
    if (const toml::table* t = r.table("allowlist")) read_global_allowlist(*t, origin, "allowlist.", config);
    for (const toml::table* t : r.tables("allowlists")) read_global_allowlist(*t, origin, "allowlists.", config);

    if (use_default) {
      config.disabled_rules = disabled;
      config.rules = std::move(own);
      return config;
    }
    if (!base_path) {
      config.rules = std::move(own);
      return config;
    }
    if (depth >= max_extend_depth)
      throw_config_error(origin, line_of(*doc.get("extend")),
                         "[extend] path nests deeper than " + std::to_string(max_extend_depth) + " levels");
    const fs::path file = resolve(*base_path, origin);
    const toml::table base_doc = parse_toml(read_config_file(file), file.string());
    if (!is_gitleaks_config(base_doc))
      throw_config_error(origin, line_of(*doc.get("extend")), "[extend] path must name a gitleaks configuration");
    Config base = read(base_doc, file.string(), depth + 1);

    std::erase_if(base.rules,
                  [&](const Rule& b) { return std::find(disabled.begin(), disabled.end(), b.id) != disabled.end(); });
    for (const auto& id : disabled) {
      // Not a rule of the base file: it may be one of the built-in rules the base extends.
      if (std::none_of(base.rules.begin(), base.rules.end(), [&](const Rule& b) { return b.id == id; }))
        base.disabled_rules.push_back(id);
    }
    for (Rule& rule : own) {
      const auto same =
          std::find_if(base.rules.begin(), base.rules.end(), [&](const Rule& b) { return b.id == rule.id; });
      if (same != base.rules.end()) *same = refine_rule(*same, rule);
      else base.rules.push_back(std::move(rule));
    }
    append_allowlist(base.allow, config.allow);
    base.targeted_allow.insert(base.targeted_allow.end(), config.targeted_allow.begin(), config.targeted_allow.end());
    base.origin = origin;
    return base;
  }

 private:
  void unsupported(const std::string& field, const std::string& origin) {
    if (!warned_.insert(field).second) return;
    log_.warn("gitleaks config: field '" + field + "' is not supported, ignored", {{"file", origin}});
  }

  void warn_unknown(const TableReader& r, const std::vector<std::string_view>& known, const std::string& prefix,
                    const std::string& origin) {
    for (const auto& key : r.unknown(known)) unsupported(prefix + key, origin);
  }

  static fs::path resolve(const std::string& path, const std::string& origin) {
    fs::path p(path);
    if (p.is_absolute()) return p;
    // Relative to the file that names it, falling back to the working directory as gitleaks does.
    const fs::path beside = fs::path(origin).parent_path() / p;
    std::error_code ec;
    return fs::exists(beside, ec) ? beside : p;
  }

  Rule read_rule(const toml::table& t, const std::string& origin, bool& skip_report) {
    const long line = line_of(t);
    TableReader r(t, origin, "[[rules]]");
    warn_unknown(r,
                 {"id", "description", "regex", "secretGroup", "entropy", "keywords", "path", "tags", "allowlist",
                  "allowlists", "skipReport"},
                 "rules.", origin);
    Rule rule;
    rule.source_file = origin;
    rule.source_line = line;
    rule.family = "custom";
    auto id = r.string("id");
    if (!id) throw_config_error(origin, line, "[[rules]] entry has no 'id'");
    if (!valid_rule_id(*id))
      throw_config_error(origin, line, "rule id '" + *id + "' must use only letters, digits, '-', '_' and '.'");
    rule.id = *id;
    rule.description = r.string("description").value_or("");
    rule.name = rule.description.empty() ? rule.id : rule.description;
    if (auto regex = r.string("regex"); regex && !regex->empty()) rule.regex = translate_regex(*regex);
    if (auto group = r.integer("secretGroup")) {
      if (*group < 0 || *group > 99)
        throw_config_error(origin, line_of(*t.get("secretGroup")), "rule '" + rule.id + "': secretGroup must be 0..99");
      rule.secret_group = static_cast<unsigned>(*group);
    }
    // gitleaks takes the first capture group when secretGroup is unset; hush needs it named.
    if (rule.secret_group == 0 && !rule.regex.empty() && capture_count(rule.regex) > 0) rule.secret_group = 1;
    if (auto entropy = r.number("entropy")) {
      if (*entropy < 0 || *entropy > 8)
        throw_config_error(origin, line_of(*t.get("entropy")),
                           "rule '" + rule.id + "': entropy must be between 0 and 8 bits");
      if (*entropy > 0) rule.entropy = *entropy;
    }
    for (auto& k : r.strings("keywords")) rule.keywords.push_back(ascii_lower(k));
    rule.require_keyword = !rule.keywords.empty();
    if (auto path = r.string("path"); path && !path->empty()) {
      rule.path = translate_regex(*path);
      if (rule.regex.empty()) {
        rule.path_only = true;
        rule.regex = path_only_regex;
      }
    }
    (void)r.strings("tags");
    skip_report = r.boolean("skipReport").value_or(false);
    if (const toml::table* a = r.table("allowlist"))
      read_allowlist(*a, origin, "rules.allowlist.", rule.allow, nullptr);
    for (const toml::table* a : r.tables("allowlists"))
      read_allowlist(*a, origin, "rules.allowlists.", rule.allow, nullptr);
    return rule;
  }

  void read_global_allowlist(const toml::table& t, const std::string& origin, const std::string& prefix,
                             Config& config) {
    Allowlist allow;
    std::vector<std::string> targets;
    read_allowlist(t, origin, prefix, allow, &targets);
    if (targets.empty()) append_allowlist(config.allow, allow);
    else config.targeted_allow.push_back({std::move(targets), std::move(allow)});
  }

  void read_allowlist(const toml::table& t, const std::string& origin, const std::string& prefix, Allowlist& into,
                      std::vector<std::string>* targets) {
    TableReader r(t, origin, prefix.substr(0, prefix.size() - 1));
    std::vector<std::string_view> known{"description", "condition", "commits",  "paths",
                                        "regexTarget", "regexes",   "stopwords"};
    if (targets) known.push_back("targetRules");
    warn_unknown(r, known, prefix, origin);
    (void)r.string("description");
    const std::string condition = ascii_lower(r.string("condition").value_or("or"));
    if (condition != "or" && condition != "and")
      throw_config_error(origin, line_of(*t.get("condition")), "allowlist condition must be OR or AND");
    const std::string target_name = ascii_lower(r.string("regexTarget").value_or("secret"));
    AllowTarget target = AllowTarget::secret;
    if (target_name == "match") target = AllowTarget::match;
    else if (target_name == "line") target = AllowTarget::line;
    else if (target_name != "secret" && !target_name.empty())
      throw_config_error(origin, line_of(*t.get("regexTarget")), "allowlist regexTarget must be secret, match or line");
    if (targets) *targets = r.strings("targetRules");

    ConditionalAllowlist parsed;
    parsed.target = target;
    parsed.paths = translated(r.strings("paths"));
    parsed.regexes = translated(r.strings("regexes"));
    parsed.stopwords = r.strings("stopwords");
    const std::vector<std::string> commits = r.strings("commits");
    const int criteria = !parsed.paths.empty() + !parsed.regexes.empty() + !parsed.stopwords.empty() + !commits.empty();

    if (condition == "and" && criteria > 1) {
      if (!commits.empty()) {
        // Commits are known only after attribution, too late to combine with the other criteria.
        unsupported(prefix + "commits with condition AND", origin);
        return;
      }
      parsed.match_all = true;
      into.conditional.push_back(std::move(parsed));
      return;
    }
    // OR (or AND over a single criterion): each criterion suppresses on its own.
    into.paths.insert(into.paths.end(), parsed.paths.begin(), parsed.paths.end());
    into.stopwords.insert(into.stopwords.end(), parsed.stopwords.begin(), parsed.stopwords.end());
    into.commits.insert(into.commits.end(), commits.begin(), commits.end());
    if (target == AllowTarget::secret) {
      into.regexes.insert(into.regexes.end(), parsed.regexes.begin(), parsed.regexes.end());
    } else if (!parsed.regexes.empty()) {
      ConditionalAllowlist only_regexes;
      only_regexes.target = target;
      only_regexes.regexes = std::move(parsed.regexes);
      into.conditional.push_back(std::move(only_regexes));
    }
  }

  Logger& log_;
  std::set<std::string> warned_;
};

}  // namespace

bool is_gitleaks_config(const toml::table& doc) {
  return doc.contains("rules") || doc.contains("extend") || doc.contains("allowlist") || doc.contains("allowlists") ||
         doc.contains("title");
}

Config read_config(const toml::table& doc, const std::string& origin, Logger& log) {
  Reader reader(log);
  return reader.read(doc, origin, 0);
}

Rule refine_rule(const Rule& base, const Rule& patch) {
  Rule out = base;
  if (!patch.description.empty()) {
    if (out.name == out.description || out.name == out.id) out.name = patch.description;
    out.description = patch.description;
  }
  if (patch.entropy) out.entropy = patch.entropy;
  if (patch.secret_group != 0) out.secret_group = patch.secret_group;
  if (!patch.regex.empty() && !patch.path_only) {
    out.regex = patch.regex;
    out.prefilter.clear();  // written for the regex it replaces
    out.path_only = false;
  }
  if (!patch.path.empty()) out.path = patch.path;
  out.keywords.insert(out.keywords.end(), patch.keywords.begin(), patch.keywords.end());
  append_allowlist(out.allow, patch.allow);
  return out;
}

bool only_refines(const Rule& rule) { return rule.regex.empty(); }

}  // namespace gitleaks
}  // namespace hush::scanner
