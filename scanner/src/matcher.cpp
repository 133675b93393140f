#include "hush/scanner/matcher.hpp"

#include <algorithm>
#include <climits>
#include <tuple>

#include "hush/common/error.hpp"
#include "ruleset_impl.hpp"

namespace hush::scanner {
namespace {

struct Candidate {
  std::uint32_t rule;
  std::size_t end;
};

int on_candidate(unsigned id, unsigned long long /*from*/, unsigned long long to, unsigned /*flags*/, void* context) {
  static_cast<std::vector<Candidate>*>(context)->push_back({id, static_cast<std::size_t>(to)});
  return 0;
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

const std::vector<Match>& Matcher::find(std::string_view bytes) {
  auto& st = *state_;
  auto& out = st.matches;
  out.clear();
  st.candidates.clear();
  if (bytes.empty()) return out;
  // hs_scan takes an unsigned length; sources feed larger inputs in windows (see chunked.hpp).
  if (bytes.size() > UINT_MAX) throw Error(ErrorKind::runtime, "buffer too large for one scan call");
  const hs_error_t rc = hs_scan(st.rules->database.get(), bytes.data(), static_cast<unsigned>(bytes.size()), 0,
                                st.scratch.get(), on_candidate, &st.candidates);
  if (rc != HS_SUCCESS) throw Error(ErrorKind::runtime, "Hyperscan scan failed with code " + std::to_string(rc));
  if (st.candidates.empty()) return out;

  std::stable_sort(st.candidates.begin(), st.candidates.end(),
                   [](const Candidate& a, const Candidate& b) { return a.rule != b.rule ? a.rule < b.rule : a.end < b.end; });

  const auto* subject = reinterpret_cast<PCRE2_SPTR>(bytes.data());
  std::uint32_t current_rule = UINT32_MAX;
  std::size_t covered_until = 0;  // PCRE2 has already searched this rule's subject up to here
  std::size_t last_match_end = 0;
  for (const Candidate& cand : st.candidates) {
    if (cand.rule != current_rule) {
      current_rule = cand.rule;
      covered_until = 0;
      last_match_end = 0;
    } else if (cand.end <= covered_until) {
      continue;
    }
    const CompiledRule& rule = st.rules->compiled[cand.rule];
    const pcre2_code* code = rule.regex.code();
    const unsigned group = st.rules->rules[cand.rule].secret_group;
    std::size_t start = cand.end > rule.window ? cand.end - rule.window : 0;
    start = std::max(start, last_match_end);
    std::size_t limit = std::min(bytes.size(), cand.end + lookahead_slack);
    bool confirmed = false;
    while (start < limit) {
      // The whole buffer up to `limit` is the subject so lookbehind and \b see real context.
      const int m = pcre2_match(code, subject, limit, start, 0, st.match_data.get(), st.match_context.get());
      if (m < 0) break;  // no match, or the match limit guarded us against pathological backtracking
      const PCRE2_SIZE* ov = pcre2_get_ovector_pointer(st.match_data.get());
      const std::size_t ms = ov[0], me = ov[1];
      if (me <= ms) {  // empty match: step past it
        start = me + 1;
        continue;
      }
      // A match ending where the subject was cut may be cut short (greedy tail), or may have
      // passed a \b or lookahead that the next real byte fails: look again with every byte a
      // match starting here can reach.
      if (const std::size_t reach = std::min(bytes.size(), ms + rule.window + lookahead_slack); me == limit && limit < reach) {
        limit = reach;
        continue;
      }
      const PCRE2_SIZE ss = ov[2 * group], se = ov[2 * group + 1];
      if (ss != PCRE2_UNSET && se > ss) {
        out.push_back({cand.rule, ms, me, ss, se});
        confirmed = true;
      }
      last_match_end = me;
      start = me;
    }
    if (!confirmed) ++st.rejected;
    covered_until = limit;
  }
  std::sort(out.begin(), out.end(), [](const Match& a, const Match& b) {
    return std::tie(a.secret_start, a.secret_end, a.rule_index) < std::tie(b.secret_start, b.secret_end, b.rule_index);
  });
  return out;
}

}  // namespace hush::scanner
