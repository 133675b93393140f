#include "hush/scanner/scanner.hpp"

#include <algorithm>
#include <cstring>
#include <limits>
#include <map>
#include <optional>
#include <tuple>

#include "assignment.hpp"
#include "decode/tokens.hpp"
#include "hush/common/error.hpp"
#include "hush/common/text.hpp"
#include "hush/scanner/filters.hpp"
#include "hush/scanner/matcher.hpp"
#include "ruleset_impl.hpp"
#include "scan_counter_fields.hpp"

namespace hush::scanner {
namespace {

constexpr std::size_t context_radius = 80;  // bytes of the line kept on each side of a secret

// `what` names the regexes' role in the error message, e.g. "global allow path".
std::vector<Pcre2Regex> compile_regexes(const std::vector<std::string>& patterns, const std::string& what) {
  std::vector<Pcre2Regex> out;
  for (const auto& pattern : patterns) {
    auto result = pcre2_compile_pattern(pattern, 0);
    if (!result.code)
      throw Error(ErrorKind::config, what + " regex '" + pattern + "' is rejected by PCRE2 at offset " +
                                         std::to_string(result.error_offset) + ": " + result.error);
    out.emplace_back(pattern, 0, std::move(result.code));
  }
  return out;
}

bool any_match(const std::vector<Pcre2Regex>& regexes, std::string_view subject) {
  return std::any_of(regexes.begin(), regexes.end(), [&](const Pcre2Regex& r) { return r.search(subject); });
}

struct CompiledConditional {
  bool match_all = false;
  AllowTarget target = AllowTarget::secret;
  std::vector<Pcre2Regex> paths;
  std::vector<Pcre2Regex> regexes;
  std::vector<std::string> stopwords;  // lower-cased
};

std::vector<CompiledConditional> compile_conditional(const std::vector<ConditionalAllowlist>& lists,
                                                     const std::string& owner) {
  std::vector<CompiledConditional> out;
  for (const auto& list : lists) {
    CompiledConditional c;
    c.match_all = list.match_all;
    c.target = list.target;
    c.paths = compile_regexes(list.paths, owner + " allow path");
    c.regexes = compile_regexes(list.regexes, owner + " allow");
    for (const auto& word : list.stopwords) c.stopwords.push_back(ascii_lower(word));
    out.push_back(std::move(c));
  }
  return out;
}

// What a conditional allowlist may look at for one finding. An empty path is unknown (a Git blob
// scanned before attribution): a path criterion then does not hold.
struct AllowSubject {
  std::string_view secret, match, line, path;
};

bool conditional_holds(const CompiledConditional& c, const AllowSubject& s) {
  const std::string_view text = c.target == AllowTarget::line    ? s.line
                                : c.target == AllowTarget::match ? s.match
                                                                 : s.secret;
  const bool path_ok = !c.paths.empty() && !s.path.empty() && any_match(c.paths, s.path);
  const bool regex_ok = !c.regexes.empty() && any_match(c.regexes, text);
  const bool stop_ok = !c.stopwords.empty() && contains_stopword(s.secret, c.stopwords);
  if (!c.match_all) return path_ok || regex_ok || stop_ok;
  return (c.paths.empty() || path_ok) && (c.regexes.empty() || regex_ok) && (c.stopwords.empty() || stop_ok);
}

bool any_conditional(const std::vector<CompiledConditional>& lists, const AllowSubject& s) {
  return std::any_of(lists.begin(), lists.end(), [&](const CompiledConditional& c) { return conditional_holds(c, s); });
}

bool contains_any(std::string_view lowered_bytes, const std::vector<std::string>& lowered_words) {
  return std::any_of(lowered_words.begin(), lowered_words.end(),
                     [&](const std::string& w) { return lowered_bytes.find(w) != std::string_view::npos; });
}

// Walks forward through a buffer counting lines, so locating k sorted findings costs one pass.
class LineCursor {
 public:
  explicit LineCursor(const ScanTarget& t)
      : bytes_(t.bytes), line_(t.base_line), line_start_(t.base_line_start), base_(t.base_offset) {}

  // Moves to buffer offset `pos` (never backwards) and returns (line, 1-based column).
  std::pair<std::uint64_t, std::uint64_t> locate(std::size_t pos) {
    while (pos_ < pos) {
      const void* nl = std::memchr(bytes_.data() + pos_, '\n', pos - pos_);
      if (!nl) {
        pos_ = pos;
        break;
      }
      const std::size_t at = static_cast<std::size_t>(static_cast<const char*>(nl) - bytes_.data());
      ++line_;
      line_start_ = base_ + at + 1;
      pos_ = at + 1;
    }
    return {line_, base_ + pos - line_start_ + 1};
  }

 private:
  std::string_view bytes_;
  std::size_t pos_ = 0;
  std::uint64_t line_;
  std::uint64_t line_start_;
  std::uint64_t base_;
};

std::size_t line_begin(std::string_view bytes, std::size_t pos) {
  while (pos > 0 && bytes[pos - 1] != '\n') --pos;
  return pos;
}

std::size_t line_end(std::string_view bytes, std::size_t pos) {
  const void* nl = std::memchr(bytes.data() + pos, '\n', bytes.size() - pos);
  return nl ? static_cast<std::size_t>(static_cast<const char*>(nl) - bytes.data()) : bytes.size();
}

// Columns in UTF-16 code units, what SARIF consumers count, from byte columns: continuation bytes
// add nothing, a four-byte sequence's lead two (a surrogate pair), any other byte one. Asked in
// ascending offsets, it counts each line's bytes once however many findings the line holds (a
// minified line may hold thousands), so the cost stays linear in the buffer.
class Utf16Columns {
 public:
  explicit Utf16Columns(std::string_view bytes) : bytes_(bytes) {}

  // The column of buffer offset `at` whose column in bytes is `byte_column`; 0 when its line
  // starts before the buffer (a window of a larger file).
  std::uint64_t at(std::size_t at, std::uint64_t byte_column) {
    if (byte_column == 0 || byte_column - 1 > at || at > bytes_.size()) return 0;
    const std::size_t line_start = at - static_cast<std::size_t>(byte_column - 1);
    if (line_start != line_start_ || at < position_) {
      line_start_ = line_start;
      position_ = line_start;
      units_ = 1;
    }
    for (; position_ < at; ++position_) {
      const auto c = static_cast<unsigned char>(bytes_[position_]);
      if ((c & 0xC0) != 0x80) units_ += c >= 0xF0 ? 2 : 1;
    }
    return units_;
  }

 private:
  std::string_view bytes_;
  std::size_t line_start_ = SIZE_MAX;
  std::size_t position_ = 0;
  std::uint64_t units_ = 1;
};

struct SecretSpan {
  std::size_t begin, end;
  const std::string* redacted;
};

// The secret's line, bounded to context_radius bytes on each side, with every secret on it
// (this finding's and its neighbours') replaced by its redacted form. For a multi-line secret
// (a key block) the context stops at the secret: everything after its first line is secret.
// `spans` are every secret of the buffer sorted by begin, none longer than `longest`: each one that
// reaches into the context is redacted there.
std::string make_context(std::string_view bytes, const SecretSpan& own, const std::vector<SecretSpan>& spans,
                         std::size_t longest) {
  // Every search is bounded by the context's own width: a minified line may be megabytes long and
  // hold thousands of secrets, and each of them gets a context.
  const std::size_t back_limit = own.begin > context_radius ? own.begin - context_radius : 0;
  std::size_t from = own.begin;
  while (from > back_limit && bytes[from - 1] != '\n') --from;
  const bool cut_before = from > 0 && bytes[from - 1] != '\n';
  const bool single_line = std::memchr(bytes.data() + own.begin, '\n', own.end - own.begin) == nullptr;
  std::size_t to = own.end;
  bool cut_after = false;
  if (single_line) {
    const std::size_t limit = std::min(bytes.size(), own.end + context_radius);
    const void* nl = std::memchr(bytes.data() + own.end, '\n', limit - own.end);
    to = nl ? static_cast<std::size_t>(static_cast<const char*>(nl) - bytes.data()) : limit;
    cut_after = nl == nullptr && limit < bytes.size() && bytes[limit] != '\n';
  }
  std::string out;
  if (cut_before) out += "\xE2\x80\xA6";
  std::size_t cursor = from;
  // No span that begins before from - longest reaches from.
  const std::size_t earliest = from > longest ? from - longest : 0;
  auto it = std::lower_bound(spans.begin(), spans.end(), earliest,
                             [](const SecretSpan& span, std::size_t at) { return span.begin < at; });
  for (; it != spans.end() && it->begin < to; ++it) {
    const SecretSpan& span = *it;
    if (span.end <= cursor) continue;
    if (span.begin > cursor) out.append(bytes.substr(cursor, span.begin - cursor));
    out += *span.redacted;
    cursor = span.end;
    if (cursor >= to) break;
  }
  if (cursor < to) out.append(bytes.substr(cursor, to - cursor));
  if (cut_after) out += "\xE2\x80\xA6";
  if (!out.empty() && out.back() == '\r') out.pop_back();
  return out;
}

}  // namespace

void ScanCounters::merge(const ScanCounters& o) {
  for (const auto& field : detail::scan_counter_fields) this->*field.member += o.*field.member;
  for (const auto& gap : o.gaps) add_gap(gap);
}

void ScanCounters::add_gap(ScanGap gap) {
  for (auto& known : gaps) {
    if (known.what == gap.what) {
      known.count += gap.count;
      return;
    }
  }
  gaps.push_back(std::move(gap));
}

bool ScanCounters::incomplete() const noexcept {
  if (unreadable != 0) return true;
  for (const auto& gap : gaps)
    if (gap.damaged) return true;
  return false;
}

bool looks_binary(std::string_view bytes) noexcept {
  const std::size_t n = std::min<std::size_t>(bytes.size(), 8000);
  return std::memchr(bytes.data(), '\0', n) != nullptr;
}

// Per-rule pieces that gitleaks configurations use and the compiled rule set does not carry.
struct RuleExtras {
  std::optional<Pcre2Regex> path;  // the rule applies only where this matches
  std::vector<CompiledConditional> conditional;
  std::vector<std::string> keywords;  // lower-cased, when one must occur in the file
};

struct Scanner::Impl {
  const RuleSet* rules;
  std::map<std::string, std::size_t, std::less<>> rule_index;
  std::vector<Pcre2Regex> allow_paths;
  std::vector<Pcre2Regex> allow_regexes;
  std::vector<std::string> stopwords;
  std::vector<CompiledConditional> conditional;
  std::vector<RuleExtras> extras;  // by rule index
  bool inline_markers = true;
  bool keep_suppressed = false;
  // By rule index, for rules whose verifier names a partner; empty unless partners are collected.
  std::vector<std::optional<Pcre2Regex>> partners;

  unsigned max_decode_depth = default_max_decode_depth;
  ArchiveLimits archives;

  bool wrong_path(std::size_t rule, std::string_view path) const {
    const auto& required = extras[rule].path;
    return required && !path.empty() && !required->search(path);
  }

  // Runs the filters over the matches of one buffer that start in [report_from, report_until) and
  // appends what they keep, without contexts; `place` sets a finding's location from its match.
  // Path-only rules report a file once, from the file's own bytes (`places_in_buffer`).
  template <class Place>
  void collect(std::string_view bytes, std::string_view path, const std::vector<Match>& matches,
               std::size_t report_from, std::size_t report_until, bool places_in_buffer, Place&& place,
               std::vector<Finding>& out, ScanCounters& counters) const;

  void scan_decoded(const ScanTarget& target, Matcher& matcher, std::vector<Finding>& out,
                    std::vector<std::pair<std::size_t, std::size_t>>& extents, ScanCounters& counters) const;

  // A generic rule's finding on encoded text (an "auth" value) gives way to the provider's token
  // it decodes to, as a generic finding gives way to a specific one on the same bytes.
  void yield_to_decoded(std::vector<Finding>& out, std::size_t first_new, std::size_t plain_end,
                        std::vector<std::pair<std::size_t, std::size_t>>& extents, ScanCounters& counters) const;

  // Gives each new finding of a rule with a partner the partner's value nearest to its extent.
  void attach_partners(std::string_view bytes, std::vector<Finding>& out, std::size_t first_new,
                       const std::vector<std::pair<std::size_t, std::size_t>>& extents) const;

  bool generic(const Finding& f) const {
    const auto it = rule_index.find(f.rule_id);
    return it != rule_index.end() && rules->rules()[it->second].family == "generic";
  }

  // The last single line found around a match or a decoded token: they come in order, and a
  // minified file's one line may be megabytes long and hold thousands of them.
  struct LineMemo {
    std::size_t begin = 1, end = 0;  // empty until a line is found
    std::optional<bool> marked;      // whether an inline marker allows it, once judged
  };

  // The lines holding bytes[first..last]; only a single line is remembered (a secret on the
  // second line of a multi-line one has its own line, and the line before it, to be judged by).
  static std::pair<std::size_t, std::size_t> lines_of(std::string_view bytes, std::size_t first, std::size_t last,
                                                      LineMemo& memo) {
    if (memo.begin <= first && last <= memo.end) return {memo.begin, memo.end};
    const std::size_t begin = line_begin(bytes, first), end = line_end(bytes, last);
    if (line_end(bytes, first) == end) memo = {begin, end, std::nullopt};
    return {begin, end};
  }

  // Whether an inline marker allows bytes[first..last]: on its lines, or on the line before.
  bool marked_allowed(std::string_view bytes, std::size_t first, std::size_t last, LineMemo& memo) const {
    if (!inline_markers) return false;
    const auto [begin, end] = lines_of(bytes, first, last, memo);
    const bool remembered = memo.begin == begin && memo.end == end;
    if (remembered && memo.marked) return *memo.marked;
    const bool allowed = marked_allowed(bytes, begin, end);
    if (remembered) memo.marked = allowed;
    return allowed;
  }

  // Whether the lines [line_start, line_stop) of `bytes` carry an inline marker, or the line
  // before them a next-line marker (and markers are honoured at all).
  bool marked_allowed(std::string_view bytes, std::size_t line_start, std::size_t line_stop) const {
    if (!inline_markers) return false;
    if (has_inline_ignore(bytes.substr(line_start, line_stop - line_start))) return true;
    if (line_start == 0) return false;
    const std::size_t previous = line_begin(bytes, line_start - 1);
    return has_next_line_ignore(bytes.substr(previous, line_start - 1 - previous));
  }

  // Whether a finding gives way to a provider's token decoded from its bytes: generic findings,
  // and those of rules that report an encoding of credentials (a docker "auth", a Basic header:
  // their validator decodes user:password), whose decoded token says more about the same bytes.
  bool yields_to_decoded(const Finding& f) const {
    if (generic(f)) return true;
    const auto it = rule_index.find(f.rule_id);
    return it != rule_index.end() && rules->rules()[it->second].validator == "base64-user-password";
  }
};

namespace {

// Where an encoded token of the scanned buffer sits: every finding decoded from it, however deep,
// is reported there.
struct TokenPlace {
  std::uint64_t line = 0, column = 0, end_line = 0, end_column = 0, offset = 0;
  std::pair<std::size_t, std::size_t> extent;  // in the buffer
};

}  // namespace

void Scanner::Impl::scan_decoded(const ScanTarget& target, Matcher& matcher, std::vector<Finding>& out,
                                 std::vector<std::pair<std::size_t, std::size_t>>& extents,
                                 ScanCounters& counters) const {
  // Linear in the input: a file of nothing but encoded text is decoded once, not without end.
  decode::DecodeBudget budget{std::min<std::size_t>(target.bytes.size(), 64u << 20) + (256u << 10)};
  std::vector<decode::DecodedToken> outer;
  decode::decode_tokens(target.bytes, budget, outer);
  if (outer.empty()) return;
  const std::size_t first_new = out.size() - extents.size();
  LineCursor cursor(target);
  TokenPlace place;
  // Lines are counted up to a token only when it yields a finding: most decoded tokens yield none,
  // and counting up to each would read the whole buffer again.
  bool placed = false;
  const auto place_token = [&] {
    if (placed) return;
    std::tie(place.line, place.column) = cursor.locate(place.extent.first);
    LineCursor end_cursor = cursor;
    std::tie(place.end_line, place.end_column) = end_cursor.locate(place.extent.second);
    placed = true;
  };
  std::vector<std::string> chain;  // encodings applied so far, outermost first
  // Follows decoded bytes down to the depth limit; every finding is placed on the outermost token.
  const auto descend = [&](auto&& self, const decode::DecodedToken& d, unsigned depth) -> void {
    chain.emplace_back(decode::encoding_name(d.token.encoding));
    const std::vector<Match> matches = matcher.find(d.bytes);  // a copy: deeper levels call find again
    const std::size_t before = out.size();
    collect(
        d.bytes, target.path, matches, 0, SIZE_MAX, false,
        [&](Finding& f, const Match&) {
          place_token();
          f.line = place.line;
          f.column = place.column;
          f.end_line = place.end_line;
          f.end_column = place.end_column;
          f.offset = place.offset;
        },
        out, counters);
    for (std::size_t i = before; i < out.size();) {
      Finding& f = out[i];
      // Found as is, or through another decoding, in the same place: one secret, one finding.
      const bool known = std::any_of(out.begin() + static_cast<std::ptrdiff_t>(first_new),
                                     out.begin() + static_cast<std::ptrdiff_t>(before), [&](const Finding& g) {
                                       const auto& e = extents[static_cast<std::size_t>(&g - out.data()) - first_new];
                                       return g.rule_id == f.rule_id && g.secret == f.secret &&
                                              e.first < place.extent.second && place.extent.first < e.second;
                                     });
      if (known) {
        out.erase(out.begin() + static_cast<std::ptrdiff_t>(i));
        continue;
      }
      f.decoded = chain;
      extents.push_back(place.extent);
      ++i;
    }
    if (depth > 1) {
      std::vector<decode::DecodedToken> inner;
      decode::decode_tokens(d.bytes, budget, inner);
      for (const auto& next : inner) self(self, next, depth - 1);
    }
    chain.pop_back();
  };
  LineMemo line_memo;
  for (const decode::DecodedToken& d : outer) {
    if (d.token.begin < target.report_from || d.token.begin >= target.report_until) continue;
    if (marked_allowed(target.bytes, d.token.begin, d.token.begin, line_memo)) continue;
    placed = false;
    place.offset = target.base_offset + d.token.begin;
    place.extent = {d.token.begin, d.token.end};
    descend(descend, d, max_decode_depth);
  }
}

void Scanner::Impl::yield_to_decoded(std::vector<Finding>& out, std::size_t first_new, std::size_t plain_end,
                                     std::vector<std::pair<std::size_t, std::size_t>>& extents,
                                     ScanCounters& counters) const {
  std::vector<bool> drop(out.size() - first_new, false);
  for (std::size_t i = first_new; i < plain_end; ++i) {
    if (!out[i].suppressed_by.empty() || !yields_to_decoded(out[i])) continue;
    const auto& inner = extents[i - first_new];
    for (std::size_t j = plain_end; j < out.size() && !drop[i - first_new]; ++j) {
      const auto& outer = extents[j - first_new];
      drop[i - first_new] = out[j].suppressed_by.empty() && !generic(out[j]) && outer.first <= inner.first &&
                            inner.second <= outer.second;
    }
  }
  std::size_t kept = first_new;
  for (std::size_t i = first_new; i < out.size(); ++i) {
    if (drop[i - first_new]) {
      ++counters.suppressed;
      continue;
    }
    if (kept != i) {
      out[kept] = std::move(out[i]);
      extents[kept - first_new] = extents[i - first_new];
    }
    ++kept;
  }
  out.resize(kept);
  extents.resize(kept - first_new);
}

Scanner::Scanner(const RuleSet& rules, const Allowlist& global, const DecodeOptions& decode, bool inline_markers,
                 const ArchiveLimits& archives)
    : impl_(std::make_unique<Impl>()) {
  impl_->rules = &rules;
  impl_->archives = archives;
  impl_->max_decode_depth = decode.max_depth;
  impl_->inline_markers = inline_markers;
  for (std::size_t i = 0; i < rules.rules().size(); ++i) impl_->rule_index.emplace(rules.rules()[i].id, i);
  impl_->allow_paths = compile_regexes(global.paths, "global allow path");
  impl_->allow_regexes = compile_regexes(global.regexes, "global allow secret");
  for (const auto& word : global.stopwords) impl_->stopwords.push_back(ascii_lower(word));
  impl_->conditional = compile_conditional(global.conditional, "global");
  for (const Rule& rule : rules.rules()) {
    RuleExtras extras;
    if (!rule.path.empty()) {
      auto compiled = compile_regexes({rule.path}, "rule '" + rule.id + "' path");
      extras.path.emplace(std::move(compiled.front()));
    }
    extras.conditional = compile_conditional(rule.allow.conditional, "rule '" + rule.id + "'");
    if (rule.require_keyword)
      for (const auto& k : rule.keywords) extras.keywords.push_back(ascii_lower(k));
    impl_->extras.push_back(std::move(extras));
  }
}

Scanner::Scanner(Scanner&&) noexcept = default;
Scanner::~Scanner() = default;

const RuleSet& Scanner::rules() const noexcept { return *impl_->rules; }
const ArchiveLimits& Scanner::archive_limits() const noexcept { return impl_->archives; }

bool Scanner::path_allowlisted(std::string_view path) const { return any_match(impl_->allow_paths, path); }

const char* Scanner::path_allowlist_reason(std::string_view rule_id, std::string_view path) const {
  if (path_allowlisted(path)) return "allowlist: path";
  const auto it = impl_->rule_index.find(rule_id);
  if (it == impl_->rule_index.end()) return nullptr;
  return any_match(impl_->rules->impl().compiled[it->second].allow_paths, path) ? "rule allowlist: path" : nullptr;
}

void Scanner::keep_suppressed(bool keep) noexcept { impl_->keep_suppressed = keep; }

void Scanner::collect_partners(bool collect) {
  impl_->partners.clear();
  if (!collect) return;
  const auto& rules = impl_->rules->rules();
  std::vector<std::optional<Pcre2Regex>> partners(rules.size());
  bool any = false;
  for (std::size_t i = 0; i < rules.size(); ++i) {
    if (rules[i].verify.partner.empty()) continue;
    partners[i].emplace(
        std::move(compile_regexes({rules[i].verify.partner}, "rule '" + rules[i].id + "' verify partner").front()));
    any = true;
  }
  if (any) impl_->partners = std::move(partners);
}

void Scanner::Impl::attach_partners(std::string_view bytes, std::vector<Finding>& out, std::size_t first_new,
                                    const std::vector<std::pair<std::size_t, std::size_t>>& extents) const {
  // Each rule's partner values in this buffer, searched once: (start, value).
  std::map<std::size_t, std::vector<std::pair<std::size_t, std::string_view>>> found;
  for (std::size_t i = first_new; i < out.size(); ++i) {
    Finding& f = out[i];
    const auto it = rule_index.find(f.rule_id);
    if (it == rule_index.end() || !partners[it->second] || f.secret.empty()) continue;
    auto [entry, fresh] = found.try_emplace(it->second);
    if (fresh) entry->second = partners[it->second]->first_groups(bytes);
    const auto [begin, end] = extents[i - first_new];
    std::size_t best = std::numeric_limits<std::size_t>::max();
    for (const auto& [at, value] : entry->second) {
      const std::size_t value_end = at + value.size();
      const std::size_t gap = value_end <= begin ? begin - value_end : at >= end ? at - end : 0;
      if (gap < best) {
        best = gap;
        f.partner = std::string(value);
      }
    }
  }
}
bool Scanner::keeps_suppressed() const noexcept { return impl_->keep_suppressed; }

bool Scanner::path_suppresses(std::string_view rule_id, std::string_view path) const {
  if (path_allowlisted(path)) return true;
  const auto it = impl_->rule_index.find(rule_id);
  if (it == impl_->rule_index.end()) return false;
  return impl_->wrong_path(it->second, path) || any_match(impl_->rules->impl().compiled[it->second].allow_paths, path);
}

template <class Place>
void Scanner::Impl::collect(std::string_view bytes, std::string_view path, const std::vector<Match>& matches,
                            std::size_t report_from, std::size_t report_until, bool places_in_buffer, Place&& place,
                            std::vector<Finding>& out, ScanCounters& counters) const {
  const auto& set = rules->impl();
  std::pair<std::size_t, std::size_t> previous_span{SIZE_MAX, SIZE_MAX};
  std::size_t same_span_start = SIZE_MAX;
  std::size_t kept_rule = 0;           // rule index of out.back() while same_span_start is valid
  std::optional<std::string> lowered;  // the buffer lower-cased, made when a keyword is required
  LineMemo line_memo;
  AssignmentLine assignment_line;
  for (const Match& m : matches) {
    if (m.secret_start < report_from || m.secret_start >= report_until) continue;
    const Rule& rule = set.rules[m.rule_index];
    if (rule.path_only && !places_in_buffer) continue;
    const CompiledRule& compiled = set.compiled[m.rule_index];
    const RuleExtras& rule_extras = extras[m.rule_index];
    if (wrong_path(m.rule_index, path)) continue;
    if (!rule_extras.keywords.empty()) {
      if (!lowered) lowered = ascii_lower(std::string(bytes));
      if (!contains_any(*lowered, rule_extras.keywords)) continue;
    }
    // A path-only rule reports the file; the byte its placeholder regex matched is no secret.
    const std::string_view secret =
        rule.path_only ? std::string_view() : bytes.substr(m.secret_start, m.secret_end - m.secret_start);

    Validation validation = Validation::none;
    bool keep = true;
    if (rule.path_only) {
      // Only path and commit criteria apply to a file without a secret.
    } else if (rule.entropy && shannon_entropy(secret) < *rule.entropy) {
      keep = false;
    }
    if (keep && !rule.path_only && rule.entropy_margin &&
        shannon_entropy(secret) < random_string_entropy(secret) - *rule.entropy_margin)
      keep = false;
    if (keep && compiled.validator) {
      validation = compiled.validator->fn(secret);
      keep = validation != Validation::failed;
    }
    // A deliberate suppression, which --list-suppressed shows; the tests above only say "no secret".
    const char* suppressed_by = nullptr;
    const auto suppress = [&](const char* why) {
      keep = false;
      suppressed_by = why;
    };
    if (keep && contains_stopword(secret, compiled.stopwords)) suppress("rule allowlist: stopword");
    if (keep && contains_stopword(secret, stopwords)) suppress("allowlist: stopword");
    if (keep && any_match(compiled.allow_regexes, secret)) suppress("rule allowlist: regex");
    if (keep && any_match(allow_regexes, secret)) suppress("allowlist: regex");
    if (keep && any_match(compiled.allow_paths, path)) suppress("rule allowlist: path");
    if (keep && (!rule_extras.conditional.empty() || !conditional.empty())) {
      const auto [mlb, mle] = lines_of(bytes, m.match_start, m.match_end > 0 ? m.match_end - 1 : 0, line_memo);
      const AllowSubject subject{secret, bytes.substr(m.match_start, m.match_end - m.match_start),
                                 bytes.substr(mlb, mle - mlb), path};
      if (any_conditional(rule_extras.conditional, subject)) suppress("rule allowlist: condition");
      else if (any_conditional(conditional, subject)) suppress("allowlist: condition");
    }
    if (keep && published_example(secret)) suppress("published example value");
    Evidence evidence;
    if (keep && rule.assignment != Field::none) {
      if (auto read =
              read_assignment(bytes, m.match_start, m.secret_start, m.secret_end, rule.assignment, assignment_line))
        evidence = *read;
      else keep = false;
    } else if (keep && rule.confidence < Confidence::high) {
      keep = read_value(secret, evidence);
    }
    evidence.base = rule.confidence;
    evidence.validated = validation == Validation::passed;
    std::optional<Confidence> confidence = evidence.base;
    // A Git blob's path is learnt after the scan; its findings are weighed once it is known.
    if (keep && !path.empty()) {
      confidence = decide_confidence(evidence, path);
      keep = confidence.has_value();
    }
    // Last, as it reads the secret's whole line (a minified file's may be megabytes): only what
    // would be reported pays for it.
    if (keep) {
      const std::size_t last = m.secret_end > 0 ? m.secret_end - 1 : 0;
      if (marked_allowed(bytes, m.secret_start, last, line_memo)) suppress("inline marker");
    }
    if (!keep) {
      ++counters.suppressed;
      if (!keep_suppressed || !suppressed_by) continue;
    }

    Finding f;
    f.rule_id = rule.id;
    f.rule_name = rule.name;
    f.severity = rule.severity;
    f.confidence = confidence.value_or(evidence.base);
    f.evidence = evidence;
    f.path = std::string(path);
    place(f, m);
    f.secret = std::string(secret);
    f.redacted = rule.path_only ? std::string() : redact(secret);
    f.fingerprint = fingerprint(rule.id, rule.path_only ? path : secret);
    if (rule.path_only) std::tie(f.end_line, f.end_column) = std::pair{f.line, f.column};
    if (validation == Validation::passed) f.validation = std::string(compiled.validator->passed_label);
    if (suppressed_by) {
      // Listed, never merged with what is reported.
      f.suppressed_by = suppressed_by;
      out.push_back(std::move(f));
      continue;
    }
    // One secret, one finding: when rules agree on the same bytes (a specific rule and a generic
    // assignment rule, say), keep the validated one, else the specific one (a provider's or the
    // user's rule knows the secret better than "generic", down to a test key's low severity), else
    // the more severe, else the earlier. Its confidence is the better of theirs: both rules'
    // evidence counts (a connection string's password is also a password assignment).
    const auto rank = [](const Finding& x, const Rule& r) {
      return std::tuple{!x.validation.empty(), r.family != "generic", static_cast<int>(x.severity)};
    };
    if (same_span_start < out.size() && previous_span == std::pair{m.secret_start, m.secret_end}) {
      Finding& kept = out[same_span_start];
      const auto strength = [&](const Evidence& e) { return decide_confidence(e, path); };
      const bool stronger = strength(f.evidence) > strength(kept.evidence);
      Evidence best = stronger ? f.evidence : kept.evidence;
      const Confidence best_confidence = stronger ? f.confidence : kept.confidence;
      if (rank(f, rule) > rank(kept, set.rules[kept_rule])) {
        kept = std::move(f);
        kept_rule = m.rule_index;
      }
      kept.evidence = best;
      kept.confidence = best_confidence;
      ++counters.suppressed;
      continue;
    }
    previous_span = {m.secret_start, m.secret_end};
    same_span_start = out.size();
    kept_rule = m.rule_index;
    out.push_back(std::move(f));
  }
}

void Scanner::scan(const ScanTarget& target, Matcher& matcher, std::vector<Finding>& out,
                   ScanCounters& counters) const {
  const std::vector<Match>& matches =
      target.record_candidates ? matcher.find_recording(target.bytes, target.derived_from, *target.record_candidates)
                               : matcher.find(target.bytes);
  const std::size_t first_new = out.size();
  if (!matches.empty()) {
    LineCursor cursor(target);
    impl_->collect(
        target.bytes, target.path, matches, target.report_from, target.report_until, true,
        [&](Finding& f, const Match& m) {
          std::tie(f.line, f.column) = cursor.locate(m.secret_start);
          // The end position may lie lines further on (multi-line keys); locate it on a copy.
          LineCursor end_cursor = cursor;
          std::tie(f.end_line, f.end_column) = end_cursor.locate(m.secret_end);
          f.offset = target.base_offset + m.secret_start;
        },
        out, counters);
  }
  // Where each new finding sits in the buffer: its secret, or the encoded text it was decoded from.
  std::vector<std::pair<std::size_t, std::size_t>> extents;
  for (std::size_t i = first_new; i < out.size(); ++i) {
    const std::size_t b = static_cast<std::size_t>(out[i].offset - target.base_offset);
    extents.emplace_back(b, b + out[i].secret.size());
  }
  if (impl_->max_decode_depth > 0) {
    const std::size_t plain_end = out.size();
    impl_->scan_decoded(target, matcher, out, extents, counters);
    if (out.size() > plain_end) impl_->yield_to_decoded(out, first_new, plain_end, extents, counters);
  }
  if (out.size() == first_new) return;
  if (!impl_->partners.empty()) impl_->attach_partners(target.bytes, out, first_new, extents);
  // Contexts come last: a line may hold several secrets, and each context must hide them all.
  std::vector<SecretSpan> spans;
  for (std::size_t i = first_new; i < out.size(); ++i)
    spans.push_back({extents[i - first_new].first, extents[i - first_new].second, &out[i].redacted});
  std::sort(spans.begin(), spans.end(), [](const SecretSpan& a, const SecretSpan& b) { return a.begin < b.begin; });
  std::size_t longest = 0;
  for (const auto& span : spans) longest = std::max(longest, span.end - span.begin);
  for (std::size_t i = first_new; i < out.size(); ++i) {
    // A path-only finding (no secret) names a file whose content is nobody's business.
    const SecretSpan own{extents[i - first_new].first, extents[i - first_new].second, &out[i].redacted};
    if (!out[i].secret.empty()) out[i].context = make_context(target.bytes, own, spans, longest);
  }
  // In ascending order of where they start, and separately of where they end.
  std::vector<std::size_t> order(out.size() - first_new);
  for (std::size_t k = 0; k < order.size(); ++k) order[k] = first_new + k;
  const auto columns_in_order = [&](auto position, auto byte_column, auto utf16_column) {
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return position(a) < position(b); });
    Utf16Columns columns(target.bytes);
    for (const std::size_t i : order) utf16_column(i) = columns.at(position(i), byte_column(i));
  };
  columns_in_order([&](std::size_t i) { return extents[i - first_new].first; },
                   [&](std::size_t i) { return out[i].column; },
                   [&](std::size_t i) -> std::uint64_t& { return out[i].column_utf16; });
  columns_in_order([&](std::size_t i) { return extents[i - first_new].second; },
                   [&](std::size_t i) { return out[i].end_column; },
                   [&](std::size_t i) -> std::uint64_t& { return out[i].end_column_utf16; });
}

}  // namespace hush::scanner
