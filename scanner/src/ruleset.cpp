#include "hush/scanner/ruleset.hpp"

#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <unistd.h>

#include "hush/common/error.hpp"
#include "hush/common/hash.hpp"
#include "hush/common/log.hpp"
#include "hush/common/text.hpp"
#include "ruleset_impl.hpp"

namespace hush::scanner {
namespace {

constexpr unsigned hs_base_flags = HS_FLAG_MULTILINE;
constexpr uint32_t pcre2_base_options = PCRE2_MULTILINE;
constexpr std::string_view cache_magic = "HUSHHSDB";
constexpr uint32_t cache_format = 1;

[[noreturn]] void rule_error(const Rule& rule, const std::string& message) {
  throw_config_error(rule.source_file, rule.source_line, "rule '" + rule.id + "': " + message);
}

std::vector<Pcre2Regex> compile_allow_regexes(const Rule& rule, const std::vector<std::string>& patterns, const char* what) {
  std::vector<Pcre2Regex> out;
  for (const auto& pattern : patterns) {
    auto result = pcre2_compile_pattern(pattern, 0);
    if (!result.code)
      rule_error(rule, std::string("allow ") + what + " regex '" + pattern + "' is rejected by PCRE2 at offset " +
                           std::to_string(result.error_offset) + ": " + result.error);
    out.emplace_back(std::move(result.code));
  }
  return out;
}

CompiledRule compile_for_confirmation(const Rule& rule) {
  CompiledRule compiled;
  auto result = pcre2_compile_pattern(rule.regex, pcre2_base_options);
  if (!result.code)
    rule_error(rule, "regex is rejected by PCRE2 at offset " + std::to_string(result.error_offset) + ": " + result.error);
  uint32_t captures = 0;
  pcre2_pattern_info(result.code.get(), PCRE2_INFO_CAPTURECOUNT, &captures);
  if (rule.secret_group > captures)
    rule_error(rule, "secret_group " + std::to_string(rule.secret_group) + " is beyond the regex's " +
                         std::to_string(captures) + " capture group(s)");
  compiled.code = std::move(result.code);
  if (!rule.validator.empty()) {
    compiled.validator = find_validator(rule.validator);
    if (!compiled.validator) {
      std::string known;
      for (const auto& v : all_validators()) known += (known.empty() ? "" : ", ") + std::string(v.name);
      rule_error(rule, "unknown validator '" + rule.validator + "' (known: " + known + ")");
    }
  }
  compiled.allow_paths = compile_allow_regexes(rule, rule.allow.paths, "path");
  compiled.allow_regexes = compile_allow_regexes(rule, rule.allow.regexes, "secret");
  for (const auto& word : rule.allow.stopwords) compiled.stopwords.push_back(ascii_lower(word));
  return compiled;
}

std::string platform_id() {
  hs_platform_info_t platform{};
  hs_populate_platform(&platform);
  std::ostringstream out;
  out << hs_version() << '/' << platform.tune << '/' << platform.cpu_features;
  return out.str();
}

std::string rules_hash(const std::vector<Rule>& rules) {
  Blake2b h("hush.rules.v1", 20);
  h.update_field(platform_id());
  h.update_field(std::to_string(cache_format));
  h.update_field(std::to_string(hs_base_flags));
  for (const auto& r : rules) h.update_field(r.id).update_field(r.regex).update_field(r.prefilter);
  return h.hex_digest();
}

// Hyperscan's verdict on one rule: flags to compile it with and its confirmation window.
struct HsPlan {
  unsigned flags;
  std::size_t window;
};

HsPlan plan_for_expression(const Rule& rule, const std::string& expression, const char* what) {
  for (unsigned extra : {0u, static_cast<unsigned>(HS_FLAG_PREFILTER)}) {
    hs_expr_info_t* raw_info = nullptr;
    hs_compile_error_t* raw_error = nullptr;
    const unsigned flags = hs_base_flags | extra;
    const hs_error_t rc = hs_expression_info(expression.c_str(), flags, &raw_info, &raw_error);
    HsMisc<hs_expr_info_t> info(raw_info);
    HsCompileError error(raw_error);
    if (rc == HS_SUCCESS) {
      if (info->min_width == 0) rule_error(rule, std::string(what) + " can match an empty string");
      // In prefilter mode the width is that of Hyperscan's looser pattern, which matches wherever
      // the regex does, over the same bytes (lookaround is zero-width): still a bound on the regex.
      const bool bounded = info->max_width != UINT_MAX;
      return {flags, bounded ? std::min<std::size_t>(info->max_width, unbounded_window) : unbounded_window};
    }
    if (extra != 0 || expression.find('\0') != std::string::npos)
      rule_error(rule, std::string(what) + " is rejected by Hyperscan: " + (error ? error->message : "unknown error"));
    // A construct Hyperscan lacks (backreference, lookaround): retry in prefilter mode, where
    // Hyperscan over-approximates and PCRE2 has the final word anyway.
  }
  rule_error(rule, std::string(what) + " is rejected by Hyperscan");
}

// What Hyperscan compiles for a rule: its prefilter when it has one, else its regex. The window
// always comes from the regex, because PCRE2 looks back from a candidate's end for a match of it.
HsPlan plan_for_hyperscan(const Rule& rule) {
  const HsPlan own = plan_for_expression(rule, rule.regex, "regex");
  if (rule.prefilter.empty()) return own;
  return {plan_for_expression(rule, rule.prefilter, "prefilter").flags, own.window};
}

const std::string& hyperscan_expression(const Rule& rule) { return rule.prefilter.empty() ? rule.regex : rule.prefilter; }

struct CacheEntry {
  std::vector<uint64_t> windows;
  HsDatabase database;
};

std::string read_whole(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return {};
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string payload_digest(std::string_view payload) {
  return Blake2b("hush.cache.v1", 32).update(payload).hex_digest();
}

std::optional<CacheEntry> load_cache(const std::filesystem::path& file, std::size_t rule_count) {
  const std::string data = read_whole(file);
  const std::size_t header = cache_magic.size() + 4 + 64;
  if (data.size() < header || data.compare(0, cache_magic.size(), cache_magic) != 0) return std::nullopt;
  uint32_t format = 0;
  std::memcpy(&format, data.data() + cache_magic.size(), 4);
  if (format != cache_format) return std::nullopt;
  const std::string_view digest(data.data() + cache_magic.size() + 4, 64);
  const std::string_view payload(data.data() + header, data.size() - header);
  if (payload_digest(payload) != digest) return std::nullopt;
  if (payload.size() < rule_count * 8) return std::nullopt;
  CacheEntry entry;
  entry.windows.resize(rule_count);
  std::memcpy(entry.windows.data(), payload.data(), rule_count * 8);
  const std::string_view blob = payload.substr(rule_count * 8);
  hs_database_t* db = nullptr;
  if (hs_deserialize_database(blob.data(), blob.size(), &db) != HS_SUCCESS) return std::nullopt;
  entry.database.reset(db);
  return entry;
}

void store_cache(const std::filesystem::path& file, const std::vector<uint64_t>& windows, const hs_database_t* db, Logger& log) {
  char* raw = nullptr;
  size_t size = 0;
  if (hs_serialize_database(db, &raw, &size) != HS_SUCCESS) return;
  HsMisc<char> blob(raw);
  std::string payload(reinterpret_cast<const char*>(windows.data()), windows.size() * 8);
  payload.append(blob.get(), size);
  std::string out(cache_magic);
  out.append(reinterpret_cast<const char*>(&cache_format), 4);
  out += payload_digest(payload);
  out += payload;

  std::error_code ec;
  std::filesystem::create_directories(file.parent_path(), ec);
  // Unique temporary name, then rename: concurrent hush processes never see a partial file.
  const auto tmp = file.string() + ".tmp." + std::to_string(::getpid());
  {
    std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
    f.write(out.data(), static_cast<std::streamsize>(out.size()));
    if (!f) {
      log.debug("cannot write rule database cache", {{"path", file.string()}});
      std::filesystem::remove(tmp, ec);
      return;
    }
  }
  std::filesystem::rename(tmp, file, ec);
  if (ec) {
    log.debug("cannot write rule database cache", {{"path", file.string()}, {"error", ec.message()}});
    std::filesystem::remove(tmp, ec);
  }
}

HsDatabase compile_database(const std::vector<Rule>& rules, const std::vector<unsigned>& flags) {
  std::vector<const char*> expressions;
  std::vector<unsigned> ids;
  for (std::size_t i = 0; i < rules.size(); ++i) {
    expressions.push_back(hyperscan_expression(rules[i]).c_str());
    ids.push_back(static_cast<unsigned>(i));
  }
  hs_database_t* db = nullptr;
  hs_compile_error_t* raw_error = nullptr;
  const hs_error_t rc = hs_compile_multi(expressions.data(), flags.data(), ids.data(), static_cast<unsigned>(rules.size()),
                                         HS_MODE_BLOCK, nullptr, &db, &raw_error);
  HsCompileError error(raw_error);
  if (rc != HS_SUCCESS) {
    const std::string message = error ? error->message : "unknown error";
    if (error && error->expression >= 0 && static_cast<std::size_t>(error->expression) < rules.size()) {
      const Rule& rule = rules[static_cast<std::size_t>(error->expression)];
      rule_error(rule, (rule.prefilter.empty() ? "regex" : "prefilter") + std::string(" is rejected by Hyperscan: ") + message);
    }
    throw Error(ErrorKind::config, "Hyperscan cannot compile the rule set: " + message);
  }
  return HsDatabase(db);
}

}  // namespace

void CompiledRule::ensure_jit() const {
  std::call_once(*jit_once, [this] { (void)pcre2_jit_compile(code.get(), PCRE2_JIT_COMPLETE); });
}

std::optional<std::filesystem::path> default_cache_dir() {
  if (const char* dir = std::getenv("HUSH_CACHE_DIR"); dir && *dir) return std::filesystem::path(dir);
  if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg) return std::filesystem::path(xdg) / "hush";
  if (const char* home = std::getenv("HOME"); home && *home) return std::filesystem::path(home) / ".cache" / "hush";
  return std::nullopt;
}

RuleSet RuleSet::build(std::vector<Rule> rules, const RuleSetOptions& options, Logger& log) {
  if (rules.empty()) throw Error(ErrorKind::config, "no rules to scan with (all disabled?)");
  auto impl = std::make_unique<Impl>();
  impl->compiled.reserve(rules.size());
  for (const auto& rule : rules) impl->compiled.push_back(compile_for_confirmation(rule));
  impl->hash = rules_hash(rules);

  std::optional<std::filesystem::path> cache_file;
  if (options.cache_dir) cache_file = *options.cache_dir / ("rules-" + impl->hash + ".hsdb");
  if (cache_file) {
    if (auto entry = load_cache(*cache_file, rules.size())) {
      impl->database = std::move(entry->database);
      for (std::size_t i = 0; i < rules.size(); ++i) impl->compiled[i].window = entry->windows[i];
      impl->from_cache = true;
    }
  }
  if (!impl->database) {
    std::vector<unsigned> flags;
    std::vector<uint64_t> windows;
    for (std::size_t i = 0; i < rules.size(); ++i) {
      const HsPlan plan = plan_for_hyperscan(rules[i]);
      flags.push_back(plan.flags);
      windows.push_back(plan.window);
      impl->compiled[i].window = plan.window;
    }
    impl->database = compile_database(rules, flags);
    if (cache_file) store_cache(*cache_file, windows, impl->database.get(), log);
  }
  impl->rules = std::move(rules);
  return RuleSet(std::move(impl));
}

RuleSet::RuleSet(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
RuleSet::RuleSet(RuleSet&&) noexcept = default;
RuleSet& RuleSet::operator=(RuleSet&&) noexcept = default;
RuleSet::~RuleSet() = default;

const std::vector<Rule>& RuleSet::rules() const noexcept { return impl_->rules; }
const std::string& RuleSet::hash() const noexcept { return impl_->hash; }
bool RuleSet::from_cache() const noexcept { return impl_->from_cache; }

}  // namespace hush::scanner
