#include <algorithm>
#include <climits>
#include <cstring>
#include <new>
#include <utility>
#include <vector>

#include "hush/common/error.hpp"
#include "mask/mask_set_impl.hpp"

namespace hush::injector {
namespace {

struct Interval {
  std::uint64_t begin;
  std::uint64_t end;
};

}  // namespace

struct Masker::State {
  std::shared_ptr<const MaskSet> set;
  HsScratch scratch;
  MaskStream stream;
  WipingBytes pending;              // stream bytes [base, total), not yet released
  WipingBytes tail;                 // the last (longest - 1) bytes of the stream
  std::uint64_t base = 0;           // stream offset of pending[0]
  std::uint64_t total = 0;          // bytes fed so far
  std::vector<Interval> intervals;  // sorted, merged, not yet released
  std::vector<Interval> found;      // matches of the current scan
  std::uint64_t mask_end = 0;       // end of the last masked run released
  bool masked_any = false;
  bool out_of_memory = false;
  bool finished = false;

  [[nodiscard]] const MaskSet::Impl& impl() const { return set->impl(); }
  void scan(std::string_view bytes);
  void merge_found();
  [[nodiscard]] std::size_t possible_value_start() const;
  void release(std::uint64_t upto, std::string& out);
  void drop_released(std::uint64_t upto);
};

namespace {

int on_match(unsigned id, unsigned long long /*from*/, unsigned long long to, unsigned /*flags*/, void* context) {
  auto* state = static_cast<Masker::State*>(context);
  const std::size_t length = state->impl().values[id].size();
  try {
    state->found.push_back(Interval{to - length, to});
  } catch (const std::bad_alloc&) {
    state->out_of_memory = true;
    return 1;  // stop: the caller fails closed
  }
  return 0;
}

}  // namespace

void Masker::State::scan(std::string_view bytes) {
  while (!bytes.empty()) {
    const std::size_t chunk = std::min<std::size_t>(bytes.size(), UINT_MAX);
    const hs_error_t rc =
        hs_scan_stream(stream.get(), bytes.data(), static_cast<unsigned>(chunk), 0, scratch.get(), on_match, this);
    if (rc != HS_SUCCESS || out_of_memory) throw Error(ErrorKind::runtime, "output masking failed");
    bytes.remove_prefix(chunk);
  }
}

void Masker::State::merge_found() {
  if (found.empty()) return;
  intervals.insert(intervals.end(), found.begin(), found.end());
  found.clear();
  std::sort(intervals.begin(), intervals.end(), [](const Interval& a, const Interval& b) { return a.begin < b.begin; });
  std::size_t kept = 0;
  for (const Interval& next : intervals) {
    // Touching runs merge too: "******" once per run says less than once per value.
    if (kept > 0 && next.begin <= intervals[kept - 1].end) {
      intervals[kept - 1].end = std::max(intervals[kept - 1].end, next.end);
    } else {
      intervals[kept++] = next;
    }
  }
  intervals.resize(kept);
}

// The length of the longest tail of the stream that is a proper prefix of some value. Only those
// bytes can still turn into a match, so everything before them is final.
std::size_t Masker::State::possible_value_start() const {
  std::size_t hold = 0;
  const MaskSet::Impl& set_impl = impl();
  for (std::size_t i = 0; i < set_impl.values.size(); ++i) {
    const std::string_view value = set_impl.values[i].view();
    const auto& failure = set_impl.failure[i];
    const std::size_t window = std::min(value.size() - 1, tail.size());
    std::size_t k = 0;
    for (std::size_t j = tail.size() - window; j < tail.size(); ++j) {
      const char c = tail[j];
      while (k > 0 && c != value[k]) k = failure[k - 1];
      if (c == value[k]) ++k;
      if (k == value.size()) k = failure[k - 1];
    }
    hold = std::max(hold, k);
  }
  return hold;
}

void Masker::State::release(std::uint64_t upto, std::string& out) {
  std::uint64_t at = base;
  while (at < upto) {
    if (masked_any && at < mask_end) {
      at = std::min(mask_end, upto);
      continue;
    }
    while (!intervals.empty() && intervals.front().end <= at) intervals.erase(intervals.begin());
    if (!intervals.empty() && intervals.front().begin <= at) {
      const Interval run = intervals.front();
      intervals.erase(intervals.begin());
      const bool continues = masked_any && run.begin <= mask_end;
      if (!continues) out.append(mask_text);
      mask_end = continues ? std::max(mask_end, run.end) : run.end;
      masked_any = true;
      continue;
    }
    const std::uint64_t stop = intervals.empty() ? upto : std::min(intervals.front().begin, upto);
    out.append(pending.data() + (at - base), static_cast<std::size_t>(stop - at));
    at = stop;
  }
  drop_released(at);
}

void Masker::State::drop_released(std::uint64_t upto) {
  const auto count = static_cast<std::size_t>(upto - base);
  if (count == 0) return;
  const std::size_t remaining = pending.size() - count;
  std::memmove(pending.data(), pending.data() + count, remaining);
  secure_wipe(pending.data() + remaining, count);
  pending.resize(remaining);
  base = upto;
}

Masker::Masker(std::shared_ptr<const MaskSet> set) : state_(std::make_unique<State>()) {
  state_->set = std::move(set);
  if (state_->set == nullptr || state_->set->empty()) return;
  const hs_database_t* db = state_->impl().database.get();
  hs_scratch_t* scratch = nullptr;
  if (hs_alloc_scratch(db, &scratch) != HS_SUCCESS) throw Error(ErrorKind::runtime, "output masking: out of memory");
  state_->scratch.reset(scratch);
  hs_stream_t* stream = nullptr;
  if (hs_open_stream(db, 0, &stream) != HS_SUCCESS) throw Error(ErrorKind::runtime, "output masking: out of memory");
  state_->stream = MaskStream(stream, db);
}

Masker::Masker(std::span<const std::string_view> values) : Masker(std::make_shared<const MaskSet>(values)) {}

Masker::~Masker() = default;
Masker::Masker(Masker&&) noexcept = default;
Masker& Masker::operator=(Masker&&) noexcept = default;

void Masker::feed(std::string_view bytes, std::string& out) {
  State& s = *state_;
  if (s.finished) throw Error(ErrorKind::runtime, "output masking: stream already finished");
  if (bytes.empty()) return;
  if (s.stream.get() == nullptr) {
    out.append(bytes);
    s.total += bytes.size();
    s.base = s.total;
    return;
  }
  s.scan(bytes);
  s.pending.insert(s.pending.end(), bytes.begin(), bytes.end());
  s.total += bytes.size();

  const std::size_t keep = s.impl().longest - 1;
  if (bytes.size() >= keep) {
    s.tail.assign(bytes.end() - static_cast<std::ptrdiff_t>(keep), bytes.end());
  } else {
    s.tail.insert(s.tail.end(), bytes.begin(), bytes.end());
    if (s.tail.size() > keep) {
      const std::size_t extra = s.tail.size() - keep;
      std::memmove(s.tail.data(), s.tail.data() + extra, keep);
      secure_wipe(s.tail.data() + keep, extra);
      s.tail.resize(keep);
    }
  }

  s.merge_found();
  s.release(s.total - s.possible_value_start(), out);
}

void Masker::finish(std::string& out) {
  State& s = *state_;
  if (s.finished) return;
  s.finished = true;
  if (s.stream.get() == nullptr) return;
  s.release(s.total, out);
  s.stream.reset();
  secure_wipe(s.tail.data(), s.tail.size());
  s.tail.clear();
}

std::string Masker::feed(std::string_view bytes) {
  std::string out;
  feed(bytes, out);
  return out;
}

std::string Masker::finish() {
  std::string out;
  finish(out);
  return out;
}

std::size_t Masker::held() const noexcept { return static_cast<std::size_t>(state_->total - state_->base); }

}  // namespace hush::injector
