#include "hush/injector/run_config.hpp"

#include <algorithm>

#include <csignal>
#include "hush/common/config_sections.hpp"
#include "hush/common/file.hpp"
#include "hush/common/toml.hpp"

#include "hush/common/error.hpp"
#include "hush/common/text.hpp"
#include "hush/vault_client/store_settings.hpp"

namespace hush::injector {
namespace {

long line_of(const toml::node& node) { return static_cast<long>(node.source().begin.line); }

std::string as_string(const toml::node& node, const std::string& origin, const std::string& what) {
  if (const auto* s = node.as_string()) return s->get();
  if (const auto* i = node.as_integer()) return std::to_string(i->get());
  if (const auto* b = node.as_boolean()) return b->get() ? "true" : "false";
  throw_config_error(origin, line_of(node), what + " must be a string");
}

bool as_bool(const toml::node& node, const std::string& origin, const std::string& what) {
  if (const auto* b = node.as_boolean()) return b->get();
  throw_config_error(origin, line_of(node), what + " must be true or false");
}

std::chrono::milliseconds as_duration(const toml::node& node, const std::string& origin, const std::string& what) {
  const auto parsed = parse_duration(as_string(node, origin, what));
  if (!parsed) throw_config_error(origin, line_of(node), what + " must be a duration such as 30s, 5m or 1h");
  return *parsed;
}

void read_run_table(const toml::table& table, const std::string& origin, RunSettings& run) {
  for (const auto& [key_view, node] : table) {
    const std::string key(key_view.str());
    const std::string what = "run." + key;
    if (key == "refresh") {
      run.refresh = as_duration(node, origin, what);
      if (const auto problem = refresh_interval_problem(*run.refresh))
        throw_config_error(origin, line_of(node), what + " " + *problem);
    } else if (key == "grace_period") run.grace_period = as_duration(node, origin, what);
    else if (key == "timeout") run.timeout = as_duration(node, origin, what);
    else if (key == "on_change") {
      if (!parse_on_change(as_string(node, origin, what), run))
        throw_config_error(origin, line_of(node), "run.on_change must be restart, none or signal:NAME");
    } else if (key == "stop_signal") {
      const auto sig = parse_signal(as_string(node, origin, what));
      if (!sig) throw_config_error(origin, line_of(node), "run.stop_signal is not a signal name");
      run.stop_signal = *sig;
    } else if (key == "allow_missing") {
      if (const auto* arr = node.as_array()) {
        for (const auto& item : *arr) run.allow_missing.insert(as_string(item, origin, what));
      } else {
        run.allow_missing_all = as_bool(node, origin, what);
      }
    } else if (key == "precedence") {
      const std::string p = as_string(node, origin, what);
      if (p == "error") run.precedence = Precedence::error;
      else if (p == "first") run.precedence = Precedence::first_wins;
      else if (p == "last") run.precedence = Precedence::last_wins;
      else throw_config_error(origin, line_of(node), "run.precedence must be error, first or last");
    } else if (key == "mask_output") run.mask_output = as_bool(node, origin, what);
    else if (key == "pass_auth_env") run.pass_auth_env = as_bool(node, origin, what);
    else if (key == "overwrite_env") run.overwrite_env = as_bool(node, origin, what);
    else if (key == "signal_group") run.signal_group = as_bool(node, origin, what);
    else if (key == "revoke_on_exit") run.revoke_on_exit = as_bool(node, origin, what);
    else
      throw_config_error(origin, line_of(node),
                         "unknown key run." + key +
                             did_you_mean(key, {"refresh", "grace_period", "timeout", "on_change", "stop_signal",
                                                "allow_missing", "precedence", "mask_output", "pass_auth_env",
                                                "overwrite_env", "signal_group", "revoke_on_exit"}));
  }
}

// A store section, every key checked now: a mistake there is the user's to fix before anything
// runs, whether or not this run reads from that store.
std::map<std::string, std::string> read_settings(const toml::table& table, const std::string& origin,
                                                 const std::string& section) {
  const auto check = section == "vault" ? vault_client::check_vault_setting
                     : section == "aws" ? vault_client::check_aws_setting
                                        : vault_client::check_file_setting;
  std::map<std::string, std::string> out;
  for (const auto& [key_view, node] : table) {
    const std::string key(key_view.str());
    std::string value = as_string(node, origin, section + "." + key);
    try {
      check(key, value);
    } catch (const Error& e) {
      throw_config_error(origin, line_of(node), e.what());
    }
    out[key] = std::move(value);
  }
  return out;
}

BulkSource read_from(const toml::node& node, const std::string& origin) {
  if (node.is_string()) return parse_bulk_source(node.as_string()->get());
  const auto* table = node.as_table();
  if (table == nullptr) throw_config_error(origin, line_of(node), "[[from]] entries are tables with a 'source'");
  const auto* source = table->get("source");
  if (source == nullptr) throw_config_error(origin, line_of(node), "[[from]] needs source = \"...\"");
  BulkSource out;
  try {
    out = parse_bulk_source(as_string(*source, origin, "from.source"));
  } catch (const Error& e) {
    throw_config_error(origin, line_of(*source), e.what());
  }
  for (const auto& [key_view, value] : *table) {
    const std::string key(key_view.str());
    if (key == "source") continue;
    if (key == "recursive") out.recursive = as_bool(value, origin, "from.recursive");
    else if (key == "prefix") {
      out.prefix = as_string(value, origin, "from.prefix");
      if (!out.prefix.empty() && !is_valid_variable_name(out.prefix))
        throw_config_error(origin, line_of(value), "from.prefix " + invalid_variable_name(out.prefix));
    } else
      throw_config_error(origin, line_of(value),
                         "unknown key from." + key + did_you_mean(key, {"source", "recursive", "prefix"}));
  }
  return out;
}

}  // namespace

RunConfig parse_run_config(std::string_view toml_text, const std::string& origin) {
  toml::table doc;
  try {
    doc = toml::parse(toml_text, origin);
  } catch (const toml::parse_error& e) {
    throw_config_error(origin, static_cast<long>(e.source().begin.line), std::string(e.description()));
  }
  RunConfig config;
  for (const auto& [key_view, node] : doc) {
    const std::string key(key_view.str());
    if (key == "env") {
      const auto* table = node.as_table();
      if (table == nullptr) throw_config_error(origin, line_of(node), "[env] must be a table");
      for (const auto& [name_view, value] : *table) {
        const std::string name(name_view.str());
        if (!is_valid_variable_name(name))
          throw_config_error(origin, line_of(value), "[env] " + invalid_variable_name(name));
        config.env.emplace_back(name, as_string(value, origin, "env." + name));
      }
    } else if (key == "from") {
      if (const auto* arr = node.as_array()) {
        for (const auto& item : *arr) config.from.push_back(read_from(item, origin));
      } else {
        throw_config_error(origin, line_of(node), "use [[from]] tables");
      }
    } else if (key == "run" && node.is_table()) {
      read_run_table(*node.as_table(), origin, config.run);
    } else if ((key == "vault" || key == "aws" || key == "file") && node.is_table()) {
      auto settings = read_settings(*node.as_table(), origin, key);
      (key == "vault" ? config.vault : key == "aws" ? config.aws : config.file) = std::move(settings);
    } else {
      // `hush scan`'s part of a shared hush.toml.
      const auto& scan_keys = scan_config_keys();
      if (std::find(scan_keys.begin(), scan_keys.end(), key) != scan_keys.end()) continue;
      throw_config_error(
          origin, line_of(node),
          "unknown section or key '" + key + "'" + did_you_mean(key, {"env", "from", "run", "vault", "aws", "file"}));
    }
  }
  return config;
}

RunConfig load_run_config(const std::string& path) { return parse_run_config(read_config_file(path), path); }

std::optional<std::string> refresh_interval_problem(std::chrono::milliseconds interval) {
  if (interval >= min_refresh_interval) return std::nullopt;
  return "must be at least 1s (it was " + std::to_string(interval.count()) +
         "ms): a shorter interval re-reads every secret in a busy loop";
}

std::optional<int> parse_signal(std::string_view text) {
  if (text.starts_with("SIG")) text.remove_prefix(3);
  struct Named {
    std::string_view name;
    int number;
  };
  constexpr Named names[] = {{"HUP", SIGHUP},   {"INT", SIGINT},   {"QUIT", SIGQUIT}, {"KILL", SIGKILL},
                             {"USR1", SIGUSR1}, {"USR2", SIGUSR2}, {"TERM", SIGTERM}, {"WINCH", SIGWINCH},
                             {"CONT", SIGCONT}, {"STOP", SIGSTOP}};
  for (const auto& n : names)
    if (n.name == text) return n.number;
  int number = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    number = number * 10 + (c - '0');
    if (number > 64) return std::nullopt;
  }
  if (text.empty() || number == 0) return std::nullopt;
  return number;
}

bool parse_on_change(std::string_view text, RunSettings& settings) {
  if (text == "restart") settings.on_change = OnChange::restart;
  else if (text == "none") settings.on_change = OnChange::none;
  else if (text.starts_with("signal:")) {
    const auto sig = parse_signal(text.substr(7));
    if (!sig) return false;
    settings.on_change = OnChange::signal;
    settings.change_signal = *sig;
  } else {
    return false;
  }
  return true;
}

std::vector<std::pair<std::string, std::string>> parse_env_file(std::string_view text, const std::string& origin) {
  std::vector<std::pair<std::string, std::string>> out;
  long line_no = 0;
  while (!text.empty()) {
    const auto nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
    if (line.empty() || line.front() == '#') continue;
    if (line.starts_with("export ")) line.remove_prefix(7);
    const auto eq = line.find('=');
    if (eq == std::string_view::npos) throw_config_error(origin, line_no, "expected NAME=VALUE");
    std::string name(line.substr(0, eq));
    while (!name.empty() && (name.back() == ' ' || name.back() == '\t')) name.pop_back();
    if (name.empty()) throw_config_error(origin, line_no, "empty variable name");
    if (!is_valid_variable_name(name)) throw_config_error(origin, line_no, invalid_variable_name(name));
    std::string_view raw = line.substr(eq + 1);
    while (!raw.empty() && (raw.front() == ' ' || raw.front() == '\t')) raw.remove_prefix(1);
    std::string value;
    if (!raw.empty() && (raw.front() == '"' || raw.front() == '\'')) {
      const char quote = raw.front();
      std::size_t i = 1;
      for (; i < raw.size() && raw[i] != quote; ++i) {
        if (quote == '"' && raw[i] == '\\' && i + 1 < raw.size()) {
          const char e = raw[++i];
          value += e == 'n' ? '\n' : e == 't' ? '\t' : e == 'r' ? '\r' : e;
        } else {
          value += raw[i];
        }
      }
      if (i >= raw.size()) throw_config_error(origin, line_no, "unterminated quote");
    } else {
      const auto hash = raw.find(" #");
      value = std::string(raw.substr(0, hash));
      while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.pop_back();
    }
    out.emplace_back(std::move(name), std::move(value));
  }
  return out;
}

}  // namespace hush::injector
