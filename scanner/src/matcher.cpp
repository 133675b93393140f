#include "hush/scanner/matcher.hpp"

#include <algorithm>
#include <climits>
#include <cstring>
#include <optional>
#include <tuple>

#include "confirm_memo.hpp"
#include "hush/common/error.hpp"
#include "ruleset_impl.hpp"

namespace hush::scanner {
namespace {

int on_candidate(unsigned id, unsigned long long /*from*/, unsigned long long to, unsigned /*flags*/, void* context) {
  static_cast<std::vector<Candidate>*>(context)->push_back({id, to});
  return 0;
}

// Candidates of a scan over part of a buffer that starts at `offset`, kept when their end (in
// the whole buffer) lies in [keep_first, keep_last].
struct PartSink {
  std::vector<Candidate>* out;
  std::uint64_t offset, keep_first, keep_last;
};

int on_part_candidate(unsigned id, unsigned long long /*from*/, unsigned long long to, unsigned /*flags*/,
                      void* context) {
  auto* sink = static_cast<PartSink*>(context);
  const std::uint64_t end = sink->offset + to;
  if (end >= sink->keep_first && end <= sink->keep_last) sink->out->push_back({id, end});
  return 0;
}

// Hyperscan patterns look one byte beyond a match on either side (\b, ^, $); a few more cost nothing.
constexpr std::uint64_t edge_margin = 8;
// A copied range shorter than this is scanned again rather than taken over: each extra Hyperscan
// call costs about as much as scanning a kilobyte or two.
constexpr std::uint64_t min_taken_over = 1024;

void scan_or_throw(const hs_database_t* db, const char* data, std::size_t size, hs_scratch_t* scratch,
                   match_event_handler handler, void* context) {
  if (size > UINT_MAX) throw Error(ErrorKind::runtime, "buffer too large for one scan call");
  const hs_error_t rc = hs_scan(db, data, static_cast<unsigned>(size), 0, scratch, handler, context);
  if (rc != HS_SUCCESS) throw Error(ErrorKind::runtime, "Hyperscan scan failed with code " + std::to_string(rc));
}

// Deep enough for a lazily matched multi-kilobyte key block; bounded so no input can exhaust it.
constexpr std::size_t jit_stack_max = 1024 * 1024;
constexpr uint32_t pcre2_match_limit = 1'000'000;

}  // namespace

struct Matcher::State {
  const RuleSet::Impl* rules = nullptr;
  HsScratch scratch;
  Pcre2MatchData match_data;
  Pcre2JitStack jit_stack;
  Pcre2MatchContext match_context;
  std::vector<Candidate> candidates;
  std::vector<Match> matches;
  std::uint64_t rejected = 0;
  std::uint64_t taken_over_total = 0;
  const SplitDatabases* split = nullptr;  // once find_recording has sized the scratch for it
  ConfirmMemo memo;
  std::vector<ConfirmMemo::Found> found;                          // of the search being run
  std::vector<std::pair<std::uint64_t, std::size_t>> taken_over;  // (first end, copy index)
  struct DirtyScan {
    std::uint64_t begin, first, last;
  };
  std::vector<DirtyScan> dirty;

  void confirm(std::string_view bytes);
  void record_local(std::string_view bytes, const DerivedFrom* from, std::vector<Candidate>& recorded);
};

Matcher::Matcher(const RuleSet& rules) : state_(std::make_unique<State>()) {
  state_->rules = &rules.impl();
  hs_scratch_t* scratch = nullptr;
  if (hs_alloc_scratch(state_->rules->database.get(), &scratch) != HS_SUCCESS)
    throw Error(ErrorKind::runtime, "Hyperscan could not allocate scratch space");
  state_->scratch.reset(scratch);
  uint32_t max_captures = 0;
  for (const auto& c : state_->rules->compiled) max_captures = std::max(max_captures, c.captures);
  state_->match_data.reset(pcre2_match_data_create(max_captures + 1, nullptr));
  state_->jit_stack.reset(pcre2_jit_stack_create(32 * 1024, jit_stack_max, nullptr));
  state_->match_context.reset(pcre2_match_context_create(nullptr));
  if (!state_->match_data || !state_->jit_stack || !state_->match_context)
    throw Error(ErrorKind::runtime, "out of memory allocating PCRE2 match state");
  pcre2_jit_stack_assign(state_->match_context.get(), nullptr, state_->jit_stack.get());
  pcre2_set_match_limit(state_->match_context.get(), pcre2_match_limit);
}

Matcher::Matcher(Matcher&&) noexcept = default;
Matcher& Matcher::operator=(Matcher&&) noexcept = default;
Matcher::~Matcher() = default;

std::uint64_t Matcher::rejected_candidates() const noexcept { return state_->rejected; }
std::uint64_t Matcher::taken_over_bytes() const noexcept { return state_->taken_over_total; }

const std::vector<Match>& Matcher::find(std::string_view bytes) {
  auto& st = *state_;
  st.matches.clear();
  st.candidates.clear();
  if (bytes.empty()) return st.matches;
  // hs_scan takes an unsigned length; sources feed larger inputs in windows (see chunked.hpp).
  scan_or_throw(st.rules->database.get(), bytes.data(), bytes.size(), st.scratch.get(), on_candidate, &st.candidates);
  st.confirm(bytes);
  return st.matches;
}

const std::vector<Match>& Matcher::find_recording(std::string_view bytes, const DerivedFrom* from,
                                                  std::vector<Candidate>& recorded) {
  auto& st = *state_;
  st.matches.clear();
  st.candidates.clear();
  recorded.clear();
  if (!st.split) {
    const SplitDatabases* split = st.rules->split_if_built();
    if (!split) throw Error(ErrorKind::runtime, "the rule set's split databases were not built");
    for (const HsDatabase* db : {&split->local, &split->global}) {
      if (!*db) continue;
      hs_scratch_t* scratch = st.scratch.release();
      const hs_error_t rc = hs_alloc_scratch(db->get(), &scratch);
      st.scratch.reset(scratch);
      if (rc != HS_SUCCESS) throw Error(ErrorKind::runtime, "Hyperscan could not allocate scratch space");
    }
    st.split = split;  // only once the scratch fits both databases
  }
  if (bytes.empty()) return st.matches;
  if (st.split->global)
    scan_or_throw(st.split->global.get(), bytes.data(), bytes.size(), st.scratch.get(), on_candidate, &st.candidates);
  if (st.split->local) st.record_local(bytes, from, recorded);
  st.candidates.insert(st.candidates.end(), recorded.begin(), recorded.end());
  st.confirm(bytes);
  return st.matches;
}

// A local rule's candidate ending at `end` depends only on the bytes from a little before its
// match to one byte after `end`: at most max_width + 1 bytes back for the rules Hyperscan bounds,
// for the others not past the (max_newlines + 1)-th newline before `end` (a match holds at most
// max_newlines). Where all of that lies inside one copied range, the earlier buffer had the same
// candidate at the same place in the range.
void Matcher::State::record_local(std::string_view bytes, const DerivedFrom* from, std::vector<Candidate>& recorded) {
  const std::uint64_t n = bytes.size();
  const std::uint64_t width = split->max_width + edge_margin;
  const std::optional<unsigned> lines = split->max_newlines;
  // The first end offset in copied range `c` whose candidate can be taken over, if any.
  const auto first_taken_end = [&](const CopiedRange& c) -> std::optional<std::uint64_t> {
    std::uint64_t first = c.target + width;
    if (lines) {
      const char* p = bytes.data() + c.target;
      const char* const stop = bytes.data() + c.target + c.length;
      for (unsigned k = 0;; ++k) {
        p = static_cast<const char*>(std::memchr(p, '\n', static_cast<std::size_t>(stop - p)));
        if (!p) return std::nullopt;
        if (k == *lines) break;
        ++p;
      }
      first = std::max(first, static_cast<std::uint64_t>(p - bytes.data()) + 1);
    }
    return first;
  };
  // Where a scan must start to see every candidate that ends at `first` or later whole.
  const auto scan_begin = [&](std::uint64_t first) -> std::uint64_t {
    std::uint64_t begin = first > width ? first - width : 0;
    if (lines) {
      std::uint64_t at = first;
      for (unsigned k = 0; k <= *lines; ++k) {
        const void* q = ::memrchr(bytes.data(), '\n', static_cast<std::size_t>(at));
        if (!q) return 0;
        at = static_cast<std::uint64_t>(static_cast<const char*>(q) - bytes.data());
      }
      begin = std::min(begin, at);
    }
    return begin;
  };

  taken_over.clear();
  std::uint64_t taken_bytes = 0;
  bool in_order = true;
  if (from) {
    std::uint64_t previous_end = 0;
    for (std::size_t i = 0; i < from->copies.size() && in_order; ++i) {
      const CopiedRange& c = from->copies[i];
      in_order = c.target >= previous_end && c.length <= n && c.target <= n - c.length;
      previous_end = c.target + c.length;
      if (!in_order || c.length < min_taken_over) continue;
      const std::optional<std::uint64_t> first = first_taken_end(c);
      const std::uint64_t last = c.target + c.length - edge_margin;
      if (!first || *first + min_taken_over > last) continue;
      taken_over.emplace_back(*first, i);
      taken_bytes += last - *first;
    }
  }
  // The scans between the ranges taken over: candidates ending in [first, last], read from `begin`.
  dirty.clear();
  std::uint64_t dirty_bytes = 0;
  if (in_order && !taken_over.empty()) {
    const auto plan = [&](std::uint64_t first, std::uint64_t last) {
      const std::uint64_t begin = scan_begin(first);
      dirty.push_back({begin, first, last});
      dirty_bytes += std::min(n, last + edge_margin) - begin;
    };
    std::uint64_t next_end = 1;  // a match is never empty, so no candidate ends at 0
    for (const auto& [first, index] : taken_over) {
      const CopiedRange& c = from->copies[index];
      if (first > next_end) plan(next_end, first - 1);
      next_end = c.target + c.length - edge_margin + 1;
    }
    if (next_end <= n) plan(next_end, n);
  }
  const hs_database_t* db = split->local.get();
  // Taking over a small share is not worth the extra calls (nor is rereading, before each change,
  // lines so long that the scans would overlap).
  if (!in_order || taken_over.empty() || taken_bytes < n / 16 || dirty_bytes >= n) {
    scan_or_throw(db, bytes.data(), bytes.size(), scratch.get(), on_candidate, &recorded);
  } else {
    taken_over_total += taken_bytes;
    for (const DirtyScan& d : dirty) {
      PartSink sink{&recorded, d.begin, d.first, d.last};
      const std::uint64_t end = std::min(n, d.last + edge_margin);
      scan_or_throw(db, bytes.data() + d.begin, end - d.begin, scratch.get(), on_part_candidate, &sink);
    }
    for (const auto& [first, index] : taken_over) {
      const CopiedRange& c = from->copies[index];
      const std::uint64_t last = c.target + c.length - edge_margin;
      const std::uint64_t source_first = first - c.target + c.source, source_last = last - c.target + c.source;
      auto it = std::lower_bound(from->candidates.begin(), from->candidates.end(), source_first,
                                 [](const Candidate& x, std::uint64_t e) { return x.end < e; });
      for (; it != from->candidates.end() && it->end <= source_last; ++it)
        recorded.push_back({it->rule, it->end - c.source + c.target});
    }
  }
  std::sort(recorded.begin(), recorded.end(),
            [](const Candidate& a, const Candidate& b) { return std::tie(a.end, a.rule) < std::tie(b.end, b.rule); });
}

void Matcher::State::confirm(std::string_view bytes) {
  auto& out = matches;
  if (candidates.empty()) return;

  std::stable_sort(candidates.begin(), candidates.end(), [](const Candidate& a, const Candidate& b) {
    return a.rule != b.rule ? a.rule < b.rule : a.end < b.end;
  });

  const auto* subject = reinterpret_cast<PCRE2_SPTR>(bytes.data());
  std::uint32_t current_rule = UINT32_MAX;
  std::size_t covered_until = 0;  // PCRE2 has already searched this rule's subject up to here
  std::size_t last_match_end = 0;
  for (const Candidate& cand : candidates) {
    if (cand.rule != current_rule) {
      current_rule = cand.rule;
      covered_until = 0;
      last_match_end = 0;
    } else if (cand.end <= covered_until) {
      continue;
    }
    const CompiledRule& rule = rules->compiled[cand.rule];
    const pcre2_code* code = rule.regex.code();
    const unsigned group = rules->rules[cand.rule].secret_group;
    std::size_t start = cand.end > rule.window ? cand.end - rule.window : 0;
    start = std::max(start, last_match_end);
    std::size_t limit = std::min<std::size_t>(bytes.size(), cand.end + lookahead_slack);
    if (start >= limit) {
      ++rejected;
      covered_until = limit;
      continue;
    }
    // Everything this search can read: the subject up to `limit`, and before `start` as far as
    // the pattern looks behind (plus the byte \b and ^ inspect).
    uint32_t lookbehind = 0;
    pcre2_pattern_info(code, PCRE2_INFO_MAXLOOKBEHIND, &lookbehind);
    const std::size_t context_begin = start > std::size_t{lookbehind} + 1 ? start - lookbehind - 1 : 0;
    const std::string_view context = bytes.substr(context_begin, limit - context_begin);
    const std::size_t first_start = start;
    bool confirmed = false;
    if (const auto* known = memo.find(cand.rule, context, start - context_begin)) {
      for (const ConfirmMemo::Found& f : *known) {
        if (f.secret_start != UINT32_MAX) {
          out.push_back({cand.rule, first_start + f.match_start, first_start + f.match_end,
                         first_start + f.secret_start, first_start + f.secret_end});
          confirmed = true;
        }
        last_match_end = first_start + f.match_end;
      }
      if (!confirmed) ++rejected;
      covered_until = limit;
      continue;
    }
    found.clear();
    bool reached_limit = false;  // then the outcome depends on bytes past `limit` too
    while (start < limit) {
      // The whole buffer up to `limit` is the subject so lookbehind and \b see real context.
      const int m = pcre2_match(code, subject, limit, start, 0, match_data.get(), match_context.get());
      if (m < 0) break;  // no match, or the match limit guarded us against pathological backtracking
      const PCRE2_SIZE* ov = pcre2_get_ovector_pointer(match_data.get());
      const std::size_t ms = ov[0], me = ov[1];
      if (me <= ms) {  // empty match: step past it
        start = me + 1;
        continue;
      }
      // A match ending where the subject was cut may be cut short (greedy tail), or may have
      // passed a \b or lookahead that the next real byte fails: look again with every byte a
      // match starting here can reach.
      reached_limit = reached_limit || me == limit;
      if (const std::size_t reach = std::min(bytes.size(), ms + rule.window + lookahead_slack);
          me == limit && limit < reach) {
        limit = reach;
        continue;
      }
      const PCRE2_SIZE ss = ov[2 * group], se = ov[2 * group + 1];
      const bool has_secret = ss != PCRE2_UNSET && se > ss;
      if (has_secret) {
        out.push_back({cand.rule, ms, me, ss, se});
        confirmed = true;
      }
      const auto relative = [&](std::size_t x) { return static_cast<std::uint32_t>(x - first_start); };
      found.push_back(
          {relative(ms), relative(me), has_secret ? relative(ss) : UINT32_MAX, has_secret ? relative(se) : UINT32_MAX});
      last_match_end = me;
      start = me;
    }
    if (!reached_limit) memo.remember(cand.rule, context, first_start - context_begin, found);
    if (!confirmed) ++rejected;
    covered_until = limit;
  }
  std::sort(out.begin(), out.end(), [](const Match& a, const Match& b) {
    return std::tie(a.secret_start, a.secret_end, a.rule_index) < std::tie(b.secret_start, b.secret_end, b.rule_index);
  });
}

}  // namespace hush::scanner
