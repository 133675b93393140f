#include "hush/scanner/scanner.hpp"

#include <algorithm>
#include <cstring>
#include <map>
#include <optional>
#include <tuple>

#include "hush/common/error.hpp"
#include "hush/common/text.hpp"
#include "hush/scanner/filters.hpp"
#include "hush/scanner/matcher.hpp"
#include "assignment.hpp"
#include "ruleset_impl.hpp"

namespace hush::scanner {
namespace {

constexpr std::size_t context_radius = 80;  // bytes of the line kept on each side of a secret

// `what` names the regexes' role in the error message, e.g. "global allow path".
std::vector<Pcre2Regex> compile_regexes(const std::vector<std::string>& patterns, const std::string& what) {
  std::vector<Pcre2Regex> out;
  for (const auto& pattern : patterns) {
    auto result = pcre2_compile_pattern(pattern, 0);
    if (!result.code)
      throw Error(ErrorKind::config, what + " regex '" + pattern +
                                         "' is rejected by PCRE2 at offset " + std::to_string(result.error_offset) + ": " +
                                         result.error);
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

std::vector<CompiledConditional> compile_conditional(const std::vector<ConditionalAllowlist>& lists, const std::string& owner) {
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
  const std::string_view text = c.target == AllowTarget::line ? s.line : c.target == AllowTarget::match ? s.match : s.secret;
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
  explicit LineCursor(const ScanTarget& t) : bytes_(t.bytes), line_(t.base_line), line_start_(t.base_line_start), base_(t.base_offset) {}

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

struct SecretSpan {
  std::size_t begin, end;
  const std::string* redacted;
};

// The secret's line, bounded to context_radius bytes on each side, with every secret on it
// (this finding's and its neighbours') replaced by its redacted form. For a multi-line secret
// (a key block) the context stops at the secret: everything after its first line is secret.
std::string make_context(std::string_view bytes, const SecretSpan& own, const std::vector<SecretSpan>& spans) {
  const std::size_t lb = line_begin(bytes, own.begin);
  const std::size_t first_line_end = line_end(bytes, own.begin);
  const std::size_t from = std::max(lb, own.begin > context_radius ? own.begin - context_radius : 0);
  const bool single_line = own.end <= first_line_end;
  const std::size_t to = single_line ? std::min(first_line_end, own.end + context_radius) : own.end;
  std::string out;
  if (from > lb) out += "\xE2\x80\xA6";
  std::size_t cursor = from;
  for (const SecretSpan& span : spans) {  // sorted by begin
    if (span.end <= cursor || span.begin >= to) continue;
    if (span.begin > cursor) out.append(bytes.substr(cursor, span.begin - cursor));
    out += *span.redacted;
    cursor = span.end;
    if (cursor >= to) break;
  }
  if (cursor < to) out.append(bytes.substr(cursor, to - cursor));
  if (single_line && to < first_line_end) out += "\xE2\x80\xA6";
  if (!out.empty() && out.back() == '\r') out.pop_back();
  return out;
}

}  // namespace

void ScanCounters::merge(const ScanCounters& o) {
  files_scanned += o.files_scanned;
  bytes_scanned += o.bytes_scanned;
  skipped_binary += o.skipped_binary;
  skipped_size += o.skipped_size;
  skipped_excluded += o.skipped_excluded;
  unreadable += o.unreadable;
  suppressed += o.suppressed;
  not_fetched += o.not_fetched;
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

  bool wrong_path(std::size_t rule, std::string_view path) const {
    const auto& required = extras[rule].path;
    return required && !path.empty() && !required->search(path);
  }
};

Scanner::Scanner(const RuleSet& rules, const Allowlist& global, bool inline_markers) : impl_(std::make_unique<Impl>()) {
  impl_->rules = &rules;
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

bool Scanner::path_allowlisted(std::string_view path) const { return any_match(impl_->allow_paths, path); }

bool Scanner::path_suppresses(std::string_view rule_id, std::string_view path) const {
  if (path_allowlisted(path)) return true;
  const auto it = impl_->rule_index.find(rule_id);
  if (it == impl_->rule_index.end()) return false;
  return impl_->wrong_path(it->second, path) || any_match(impl_->rules->impl().compiled[it->second].allow_paths, path);
}

void Scanner::scan(const ScanTarget& target, Matcher& matcher, std::vector<Finding>& out, ScanCounters& counters) const {
  const std::vector<Match>& matches = target.record_candidates
                                          ? matcher.find_recording(target.bytes, target.derived_from, *target.record_candidates)
                                          : matcher.find(target.bytes);
  if (matches.empty()) return;

  const auto& set = impl_->rules->impl();
  LineCursor cursor(target);
  std::pair<std::size_t, std::size_t> previous_span{SIZE_MAX, SIZE_MAX};
  std::size_t same_span_start = SIZE_MAX;
  std::size_t kept_rule = 0;  // rule index of out.back() while same_span_start is valid
  const std::size_t first_new = out.size();
  std::optional<std::string> lowered;  // the buffer lower-cased, made when a keyword is required
  for (const Match& m : matches) {
    if (m.secret_start < target.report_from || m.secret_start >= target.report_until) continue;
    const Rule& rule = set.rules[m.rule_index];
    const CompiledRule& compiled = set.compiled[m.rule_index];
    const RuleExtras& extras = impl_->extras[m.rule_index];
    if (impl_->wrong_path(m.rule_index, target.path)) continue;
    if (!extras.keywords.empty()) {
      if (!lowered) lowered = ascii_lower(std::string(target.bytes));
      if (!contains_any(*lowered, extras.keywords)) continue;
    }
    // A path-only rule reports the file; the byte its placeholder regex matched is no secret.
    const std::string_view secret =
        rule.path_only ? std::string_view() : target.bytes.substr(m.secret_start, m.secret_end - m.secret_start);

    Validation validation = Validation::none;
    bool keep = true;
    if (rule.path_only) {
      // Only path and commit criteria apply to a file without a secret.
    } else if (rule.entropy && shannon_entropy(secret) < *rule.entropy) {
      keep = false;
    }
    if (keep && !rule.path_only && rule.entropy_margin && shannon_entropy(secret) < random_string_entropy(secret) - *rule.entropy_margin)
      keep = false;
    if (keep && compiled.validator) {
      validation = compiled.validator->fn(secret);
      keep = validation != Validation::failed;
    }
    if (keep && (contains_stopword(secret, compiled.stopwords) || contains_stopword(secret, impl_->stopwords))) keep = false;
    if (keep && (any_match(compiled.allow_regexes, secret) || any_match(impl_->allow_regexes, secret))) keep = false;
    if (keep && any_match(compiled.allow_paths, target.path)) keep = false;
    if (keep) {
      const std::size_t lb = line_begin(target.bytes, m.secret_start);
      const std::size_t le = line_end(target.bytes, m.secret_end > 0 ? m.secret_end - 1 : 0);
      const std::string_view line = target.bytes.substr(lb, le - lb);
      const auto previous_line = [&] {
        const std::size_t begin = line_begin(target.bytes, lb - 1);
        return target.bytes.substr(begin, lb - 1 - begin);
      };
      if (impl_->inline_markers && (has_inline_ignore(line) || (lb > 0 && has_next_line_ignore(previous_line())))) keep = false;
      if (keep && (!extras.conditional.empty() || !impl_->conditional.empty())) {
        const std::size_t mlb = line_begin(target.bytes, m.match_start);
        const std::size_t mle = line_end(target.bytes, m.match_end > 0 ? m.match_end - 1 : 0);
        const AllowSubject subject{secret, target.bytes.substr(m.match_start, m.match_end - m.match_start),
                                   target.bytes.substr(mlb, mle - mlb), target.path};
        if (any_conditional(extras.conditional, subject) || any_conditional(impl_->conditional, subject)) keep = false;
      }
    }
    if (keep && published_example(secret)) keep = false;
    Evidence evidence;
    if (keep && rule.assignment != Field::none) {
      if (auto read = read_assignment(target.bytes, m.match_start, m.secret_start, m.secret_end, rule.assignment)) evidence = *read;
      else keep = false;
    } else if (keep && rule.confidence < Confidence::high) {
      keep = read_value(secret, evidence);
    }
    evidence.base = rule.confidence;
    evidence.validated = validation == Validation::passed;
    std::optional<Confidence> confidence = evidence.base;
    // A Git blob's path is learnt after the scan; its findings are weighed once it is known.
    if (keep && !target.path.empty()) {
      confidence = decide_confidence(evidence, target.path);
      keep = confidence.has_value();
    }
    if (!keep) {
      ++counters.suppressed;
      continue;
    }

    Finding f;
    f.rule_id = rule.id;
    f.rule_name = rule.name;
    f.severity = rule.severity;
    f.confidence = *confidence;
    f.evidence = evidence;
    f.path = std::string(target.path);
    std::tie(f.line, f.column) = cursor.locate(m.secret_start);
    {
      // The end position may lie lines further on (multi-line keys); locate it on a copy.
      LineCursor end_cursor = cursor;
      std::tie(f.end_line, f.end_column) = end_cursor.locate(m.secret_end);
    }
    f.offset = target.base_offset + m.secret_start;
    f.secret = std::string(secret);
    f.redacted = rule.path_only ? std::string() : redact(secret);
    f.fingerprint = fingerprint(rule.id, rule.path_only ? target.path : secret);
    if (rule.path_only) std::tie(f.end_line, f.end_column) = std::pair{f.line, f.column};
    if (validation == Validation::passed) f.validation = std::string(compiled.validator->passed_label);
    // One secret, one finding: when rules agree on the same bytes (a specific rule and a generic
    // assignment rule, say), keep the validated one, else the specific one (a provider's or the
    // user's rule knows the secret better than "generic", down to a test key's low severity), else
    // the more severe, else the earlier. Its confidence is the better of theirs: both rules'
    // evidence counts (a connection string's password is also a password assignment).
    const auto rank = [](const Finding& x, const Rule& r) {
      return std::tuple{!x.validation.empty(), r.family != "generic", static_cast<int>(x.severity)};
    };
    if (same_span_start < out.size() && previous_span == std::pair{m.secret_start, m.secret_end}) {
      Finding& kept = out.back();
      const auto strength = [&](const Evidence& e) { return decide_confidence(e, target.path); };
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
  // Contexts come last: a line may hold several secrets, and each context must hide them all.
  std::vector<SecretSpan> spans;
  for (std::size_t i = first_new; i < out.size(); ++i) {
    const std::size_t b = static_cast<std::size_t>(out[i].offset - target.base_offset);
    spans.push_back({b, b + out[i].secret.size(), &out[i].redacted});
  }
  for (std::size_t i = first_new; i < out.size(); ++i) {
    // A path-only finding (no secret) names a file whose content is nobody's business.
    if (!out[i].secret.empty()) out[i].context = make_context(target.bytes, spans[i - first_new], spans);
  }
}

}  // namespace hush::scanner
