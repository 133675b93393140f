#include "hush/scanner/ruleset.hpp"

#include <unistd.h>
#include <algorithm>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>

#include "hush/common/error.hpp"
#include "hush/common/hash.hpp"
#include "hush/common/log.hpp"
#include "hush/common/mapped_file.hpp"
#include "hush/common/text.hpp"
#include "regex_newlines.hpp"
#include "ruleset_impl.hpp"

namespace hush::scanner {
namespace {

constexpr unsigned hs_base_flags = HS_FLAG_MULTILINE;
constexpr uint32_t pcre2_base_options = PCRE2_MULTILINE;
constexpr std::string_view cache_magic = "HUSHHSDB";
constexpr uint32_t cache_format = 2;
// A rule whose matches may span more lines than this is scanned whole in history scans.
constexpr unsigned max_local_newlines = 16;

[[noreturn]] void rule_error(const Rule& rule, const std::string& message) {
  throw_config_error(rule.source_file, rule.source_line, "rule '" + rule.id + "': " + message);
}

std::vector<Pcre2Regex> checked_allow_regexes(const Rule& rule, const std::vector<std::string>& patterns,
                                              const char* what) {
  std::vector<Pcre2Regex> out;
  for (const auto& pattern : patterns) {
    auto result = pcre2_compile_pattern(pattern, 0);
    if (!result.code)
      rule_error(rule, std::string("allow ") + what + " regex '" + pattern + "' is rejected by PCRE2 at offset " +
                           std::to_string(result.error_offset) + ": " + result.error);
    out.emplace_back(pattern, 0, std::move(result.code));
  }
  return out;
}

std::vector<Pcre2Regex> unchecked_regexes(const std::vector<std::string>& patterns) {
  std::vector<Pcre2Regex> out;
  for (const auto& pattern : patterns) out.emplace_back(pattern, 0);
  return out;
}

// A rule's confirmation around its regex; the validator is looked up now, whatever the cache says.
CompiledRule confirmation_around(const Rule& rule, Pcre2Regex regex, uint32_t captures) {
  CompiledRule compiled(std::move(regex), captures);
  if (!rule.validator.empty()) {
    compiled.validator = find_validator(rule.validator);
    if (!compiled.validator) {
      std::string known;
      for (const auto& v : all_validators()) known += (known.empty() ? "" : ", ") + std::string(v.name);
      rule_error(rule, "unknown validator '" + rule.validator + "' (known: " + known + ")");
    }
  }
  for (const auto& word : rule.allow.stopwords) compiled.stopwords.push_back(ascii_lower(word));
  return compiled;
}

// Compiles every regex of the rule now, so a pattern PCRE2 rejects is reported at load time.
CompiledRule checked_confirmation(const Rule& rule) {
  auto result = pcre2_compile_pattern(rule.regex, pcre2_base_options);
  if (!result.code)
    rule_error(rule,
               "regex is rejected by PCRE2 at offset " + std::to_string(result.error_offset) + ": " + result.error);
  uint32_t captures = 0;
  pcre2_pattern_info(result.code.get(), PCRE2_INFO_CAPTURECOUNT, &captures);
  if (rule.secret_group > captures)
    rule_error(rule, "secret_group " + std::to_string(rule.secret_group) + " is beyond the regex's " +
                         std::to_string(captures) + " capture group(s)");
  CompiledRule compiled =
      confirmation_around(rule, Pcre2Regex(rule.regex, pcre2_base_options, std::move(result.code)), captures);
  compiled.allow_paths = checked_allow_regexes(rule, rule.allow.paths, "path");
  compiled.allow_regexes = checked_allow_regexes(rule, rule.allow.regexes, "secret");
  return compiled;
}

// For a rule set whose every regex an earlier run compiled (the cache entry proves it: its name
// hashes every pattern, and it is written only after checked_confirmation passed for all rules).
CompiledRule deferred_confirmation(const Rule& rule, uint32_t captures) {
  CompiledRule compiled = confirmation_around(rule, Pcre2Regex(rule.regex, pcre2_base_options), captures);
  compiled.allow_paths = unchecked_regexes(rule.allow.paths);
  compiled.allow_regexes = unchecked_regexes(rule.allow.regexes);
  return compiled;
}

std::string platform_id() {
  hs_platform_info_t platform{};
  hs_populate_platform(&platform);
  std::ostringstream out;
  out << hs_version() << '/' << platform.tune << '/' << platform.cpu_features << "/pcre2-" << PCRE2_MAJOR << '.'
      << PCRE2_MINOR;
  return out.str();
}

std::string rules_hash(const std::vector<Rule>& rules) {
  Blake2b h("hush.rules.v1", 20);
  h.update_field(platform_id());
  h.update_field(std::to_string(cache_format));
  h.update_field(std::to_string(hs_base_flags));
  for (const auto& r : rules) {
    h.update_field(r.id).update_field(r.regex).update_field(r.prefilter).update_field(std::to_string(r.secret_group));
    // Allow regexes too: a cache hit lets them be compiled on first use, unchecked at load.
    h.update_field(std::to_string(r.allow.paths.size()));
    for (const auto& p : r.allow.paths) h.update_field(p);
    h.update_field(std::to_string(r.allow.regexes.size()));
    for (const auto& p : r.allow.regexes) h.update_field(p);
  }
  return h.hex_digest();
}

// Hyperscan's verdict on one rule: flags to compile it with and its confirmation window.
struct HsPlan {
  unsigned flags;
  std::size_t window;
  unsigned width;  // Hyperscan's max_width for the expression it compiles (UINT_MAX: unbounded)
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
      return {flags, bounded ? std::min<std::size_t>(info->max_width, unbounded_window) : unbounded_window,
              info->max_width};
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
  const HsPlan prefilter = plan_for_expression(rule, rule.prefilter, "prefilter");
  return {prefilter.flags, own.window, prefilter.width};
}

const std::string& hyperscan_expression(const Rule& rule) {
  return rule.prefilter.empty() ? rule.regex : rule.prefilter;
}

// Cache file: magic, format, digest of the rule table, the table (per rule: window, capture
// count, as u64), then Hyperscan's serialized database, which carries its own CRC32C that
// hs_deserialize_database checks. Hashing the whole database here as well cost a pre-commit run
// more than a millisecond.
// In the split files of history scans the two fields hold a SplitKind and its bound instead.
struct CacheRow {
  uint64_t window;
  uint64_t captures;
  bool operator==(const CacheRow&) const = default;
};

struct CacheEntry {
  std::vector<CacheRow> rows;
  HsDatabase database;
};

constexpr std::size_t cache_header_size = cache_magic.size() + 4 + 64;

std::string table_digest(std::string_view table, std::size_t database_size) {
  return Blake2b("hush.cache.v2", 32).update_field(std::to_string(database_size)).update(table).hex_digest();
}

std::optional<MappedFile> map_cache(const std::filesystem::path& file) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(file, ec)) return std::nullopt;
  try {
    return MappedFile(file, MappedFile::Prefault::yes);
  } catch (const Error&) {
    return std::nullopt;  // removed or unreadable since: compile instead
  }
}

std::optional<CacheEntry> load_cache(const std::filesystem::path& file, std::size_t rule_count) {
  // Mapped, not read: Hyperscan copies the database into its own allocation anyway, and a read
  // would first fault in and fill another buffer the size of the whole database.
  const auto mapped = map_cache(file);
  if (!mapped) return std::nullopt;
  const std::string_view data(reinterpret_cast<const char*>(mapped->data()), mapped->size());
  const std::size_t table_size = rule_count * sizeof(CacheRow);
  if (data.size() < cache_header_size + table_size || data.compare(0, cache_magic.size(), cache_magic) != 0)
    return std::nullopt;
  uint32_t format = 0;
  std::memcpy(&format, data.data() + cache_magic.size(), 4);
  if (format != cache_format) return std::nullopt;
  const std::string_view digest(data.data() + cache_magic.size() + 4, 64);
  const std::string_view table(data.data() + cache_header_size, table_size);
  const std::string_view blob(data.data() + cache_header_size + table_size,
                              data.size() - cache_header_size - table_size);
  if (table_digest(table, blob.size()) != digest) return std::nullopt;
  CacheEntry entry;
  entry.rows.resize(rule_count);
  std::memcpy(entry.rows.data(), table.data(), table_size);
  hs_database_t* db = nullptr;
  if (hs_deserialize_database(blob.data(), blob.size(), &db) != HS_SUCCESS) return std::nullopt;
  entry.database.reset(db);
  return entry;
}

void store_cache(const std::filesystem::path& file, const std::vector<CacheRow>& rows, const hs_database_t* db,
                 Logger& log) {
  char* raw = nullptr;
  size_t size = 0;
  if (hs_serialize_database(db, &raw, &size) != HS_SUCCESS) return;
  HsMisc<char> blob(raw);
  const std::string_view table(reinterpret_cast<const char*>(rows.data()), rows.size() * sizeof(CacheRow));
  std::string out(cache_magic);
  out.append(reinterpret_cast<const char*>(&cache_format), 4);
  out += table_digest(table, size);
  out += table;
  out.append(blob.get(), size);

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

// Compiles the rules whose index is in `members` (all when empty), with their indexes as ids.
HsDatabase compile_database(const std::vector<Rule>& rules, const std::vector<unsigned>& flags,
                            const std::vector<unsigned>& members = {}) {
  std::vector<const char*> expressions;
  std::vector<unsigned> ids;
  std::vector<unsigned> member_flags;
  for (std::size_t i = 0; i < rules.size(); ++i) {
    if (!members.empty() && !std::binary_search(members.begin(), members.end(), static_cast<unsigned>(i))) continue;
    expressions.push_back(hyperscan_expression(rules[i]).c_str());
    ids.push_back(static_cast<unsigned>(i));
    member_flags.push_back(flags[i]);
  }
  hs_database_t* db = nullptr;
  hs_compile_error_t* raw_error = nullptr;
  const hs_error_t rc = hs_compile_multi(expressions.data(), member_flags.data(), ids.data(),
                                         static_cast<unsigned>(ids.size()), HS_MODE_BLOCK, nullptr, &db, &raw_error);
  HsCompileError error(raw_error);
  if (rc != HS_SUCCESS) {
    const std::string message = error ? error->message : "unknown error";
    if (error && error->expression >= 0 && static_cast<std::size_t>(error->expression) < ids.size()) {
      const Rule& rule = rules[ids[static_cast<std::size_t>(error->expression)]];
      rule_error(rule, (rule.prefilter.empty() ? "regex" : "prefilter") + std::string(" is rejected by Hyperscan: ") +
                           message);
    }
    throw Error(ErrorKind::config, "Hyperscan cannot compile the rule set: " + message);
  }
  return HsDatabase(db);
}

}  // namespace

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
  impl->hash = rules_hash(rules);

  std::optional<std::filesystem::path> cache_file;
  if (options.cache_dir) cache_file = *options.cache_dir / ("rules-" + impl->hash + ".hsdb");
  impl->cache_dir = options.cache_dir;
  if (cache_file) {
    auto entry = load_cache(*cache_file, rules.size());
    // A secret group beyond the recorded capture count would make the matcher read past its
    // match data (PCRE2 allows at most 65,535 groups): such an entry was not written by this
    // code, so it is rebuilt.
    for (std::size_t i = 0; entry && i < rules.size(); ++i)
      if (rules[i].secret_group > entry->rows[i].captures || entry->rows[i].captures > 65535) entry.reset();
    if (entry) {
      impl->database = std::move(entry->database);
      for (std::size_t i = 0; i < rules.size(); ++i) {
        impl->compiled.push_back(deferred_confirmation(rules[i], static_cast<uint32_t>(entry->rows[i].captures)));
        impl->compiled.back().window = entry->rows[i].window;
      }
      impl->from_cache = true;
    }
  }
  if (!impl->database) {
    for (const auto& rule : rules) impl->compiled.push_back(checked_confirmation(rule));
    std::vector<unsigned> flags;
    std::vector<CacheRow> rows;
    for (std::size_t i = 0; i < rules.size(); ++i) {
      const HsPlan plan = plan_for_hyperscan(rules[i]);
      flags.push_back(plan.flags);
      impl->compiled[i].window = plan.window;
      rows.push_back({plan.window, impl->compiled[i].captures});
    }
    impl->database = compile_database(rules, flags);
    if (cache_file) store_cache(*cache_file, rows, impl->database.get(), log);
  }
  impl->rules = std::move(rules);
  return RuleSet(std::move(impl));
}

namespace {

// Where one rule goes for history scans, as stored in the split cache's table (kind, bound).
enum class SplitKind : std::uint64_t { global = 0, width = 1, lines = 2 };

// A rule is local when Hyperscan bounds the width of what it compiles, or when that pattern cannot
// span more than max_local_newlines line breaks.
CacheRow classify_for_history(const Rule& rule, const HsPlan& plan) {
  if (plan.width != UINT_MAX) return {static_cast<std::uint64_t>(SplitKind::width), plan.width};
  // In prefilter mode Hyperscan compiles a looser pattern than the text says: lookarounds go,
  // and big regions become repeats of the union of their bytes. That union holds '\n' only if
  // some part of the text could match one, so a count of 0 still holds.
  auto newlines = max_newlines(hyperscan_expression(rule));
  if ((plan.flags & HS_FLAG_PREFILTER) && newlines != 0u) newlines.reset();
  if (newlines && *newlines <= max_local_newlines) return {static_cast<std::uint64_t>(SplitKind::lines), *newlines};
  return {static_cast<std::uint64_t>(SplitKind::global), 0};
}

}  // namespace

const SplitDatabases& RuleSet::Impl::split_databases(Logger& log) const {
  std::call_once(split_once_, [&] {
    // Each split file carries every rule's classification as its table, so a warm cache needs no
    // pattern analysis, which the default pack would otherwise pay at every start; the tag names
    // this code's rules for it.
    std::optional<std::filesystem::path> local_file, global_file;
    if (cache_dir) {
      local_file = *cache_dir / ("rules-" + hash + "-split3-local.hsdb");
      global_file = *cache_dir / ("rules-" + hash + "-split3-global.hsdb");
    }
    std::optional<CacheEntry> local_entry, global_entry;
    if (local_file) local_entry = load_cache(*local_file, rules.size());
    if (global_file) global_entry = load_cache(*global_file, rules.size());
    std::vector<CacheRow> rows;
    if (local_entry) rows = local_entry->rows;
    else if (global_entry) rows = global_entry->rows;
    // A table this code would not have written is not trusted: classify again.
    for (const CacheRow& row : rows) {
      const bool sane =
          (row.window == static_cast<std::uint64_t>(SplitKind::global) && row.captures == 0) ||
          (row.window == static_cast<std::uint64_t>(SplitKind::width) && row.captures < UINT_MAX) ||
          (row.window == static_cast<std::uint64_t>(SplitKind::lines) && row.captures <= max_local_newlines);
      if (!sane) {
        rows.clear();
        break;
      }
    }
    std::vector<unsigned> flags;
    if (rows.empty()) {
      for (const Rule& rule : rules) {
        const HsPlan plan = plan_for_hyperscan(rule);
        flags.push_back(plan.flags);
        rows.push_back(classify_for_history(rule, plan));
      }
    }
    SplitDatabases split;
    std::vector<unsigned> local, global;
    for (std::size_t i = 0; i < rows.size(); ++i) {
      switch (static_cast<SplitKind>(rows[i].window)) {
        case SplitKind::width:
          local.push_back(static_cast<unsigned>(i));
          split.max_width = std::max<std::size_t>(split.max_width, rows[i].captures);
          break;
        case SplitKind::lines:
          local.push_back(static_cast<unsigned>(i));
          split.max_newlines =
              std::max<unsigned>(split.max_newlines.value_or(0), static_cast<unsigned>(rows[i].captures));
          break;
        default:
          global.push_back(static_cast<unsigned>(i));
          break;
      }
    }
    const auto build_one = [&](const std::vector<unsigned>& members, std::optional<CacheEntry>& entry,
                               const std::optional<std::filesystem::path>& file) {
      if (members.empty()) return HsDatabase();
      if (entry && entry->rows == rows) return std::move(entry->database);
      if (flags.empty())
        for (const Rule& rule : rules) flags.push_back(plan_for_hyperscan(rule).flags);
      HsDatabase db = compile_database(rules, flags, members);
      if (file) store_cache(*file, rows, db.get(), log);
      return db;
    };
    split.local_rules = local.size();
    split.local = build_one(local, local_entry, local_file);
    split.global = build_one(global, global_entry, global_file);
    log.debug("rules split for history scans",
              {{"local", std::to_string(local.size())},
               {"global", std::to_string(global.size())},
               {"max_width", std::to_string(split.max_width)},
               {"max_newlines", split.max_newlines ? std::to_string(*split.max_newlines) : "none"}});
    split_ = std::move(split);
    split_ready_.store(true, std::memory_order_release);
  });
  return *split_;
}

HistorySplit RuleSet::prepare_history_split(Logger& log) const {
  const SplitDatabases& split = impl_->split_databases(log);
  HistorySplit out;
  out.max_width = split.max_width;
  out.max_newlines = split.max_newlines;
  out.local_rules = split.local_rules;
  out.global_rules = impl_->rules.size() - split.local_rules;
  return out;
}

RuleSet::RuleSet(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
RuleSet::RuleSet(RuleSet&&) noexcept = default;
RuleSet& RuleSet::operator=(RuleSet&&) noexcept = default;
RuleSet::~RuleSet() = default;

const std::vector<Rule>& RuleSet::rules() const noexcept { return impl_->rules; }
std::vector<Rule> RuleSet::take_rules() && noexcept { return std::move(impl_->rules); }
const std::string& RuleSet::hash() const noexcept { return impl_->hash; }
bool RuleSet::from_cache() const noexcept { return impl_->from_cache; }

}  // namespace hush::scanner
