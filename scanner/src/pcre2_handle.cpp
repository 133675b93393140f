#include "pcre2_handle.hpp"

#include "hush/common/error.hpp"

namespace hush::scanner {

Pcre2CompileResult pcre2_compile_pattern(std::string_view pattern, uint32_t options) {
  int error_code = 0;
  PCRE2_SIZE error_offset = 0;
  Pcre2CompileResult result;
  result.code.reset(pcre2_compile(reinterpret_cast<PCRE2_SPTR>(pattern.data()), pattern.size(), options, &error_code,
                                  &error_offset, nullptr));
  if (!result.code) {
    PCRE2_UCHAR buffer[256];
    pcre2_get_error_message(error_code, buffer, sizeof buffer);
    result.error = reinterpret_cast<const char*>(buffer);
    result.error_offset = error_offset;
  }
  return result;
}

Pcre2Regex::Pcre2Regex(std::string pattern, uint32_t options, Pcre2Code checked)
    : pattern_(std::move(pattern)), options_(options), lazy_(std::make_unique<Lazy>()) {
  lazy_->code = std::move(checked);
}

const pcre2_code* Pcre2Regex::code() const {
  Lazy& lazy = *lazy_;
  if (const pcre2_code* fast = lazy.fast.load(std::memory_order_acquire)) return fast;
  // Nothing is thrown inside call_once: unwinding through pthread_once aborts with some runtimes.
  std::call_once(lazy.once, [&] {
    if (lazy.code) return;
    auto result = pcre2_compile_pattern(pattern_, options_);
    if (!result.code) {
      lazy.error = "regex '" + pattern_ + "' is rejected by PCRE2 at offset " + std::to_string(result.error_offset) +
                   ": " + result.error;
      return;
    }
    lazy.code = std::move(result.code);
  });
  if (!lazy.code) throw Error(ErrorKind::config, lazy.error);
  if (lazy.uses.fetch_add(1, std::memory_order_relaxed) + 1 >= jit_after_uses) {
    std::call_once(lazy.jit_once, [&] {
      // JIT is an optimisation: where PCRE2 has none the interpreter goes on, with the same answers
      // (short of the match limit, which the two count differently: only pathological input trips it).
      Pcre2Code copy(pcre2_code_copy(lazy.code.get()));
      if (!copy || pcre2_jit_compile(copy.get(), PCRE2_JIT_COMPLETE) != 0) return;
      lazy.jitted = std::move(copy);
      lazy.fast.store(lazy.jitted.get(), std::memory_order_release);
    });
  }
  return lazy.code.get();
}

bool Pcre2Regex::search(std::string_view subject) const {
  const pcre2_code* compiled = code();
  Pcre2MatchData md(pcre2_match_data_create_from_pattern(compiled, nullptr));
  const int rc =
      pcre2_match(compiled, reinterpret_cast<PCRE2_SPTR>(subject.data()), subject.size(), 0, 0, md.get(), nullptr);
  return rc >= 0;
}

std::vector<std::pair<std::size_t, std::string_view>> Pcre2Regex::first_groups(std::string_view subject) const {
  std::vector<std::pair<std::size_t, std::string_view>> out;
  const pcre2_code* compiled = code();
  Pcre2MatchData md(pcre2_match_data_create_from_pattern(compiled, nullptr));
  for (std::size_t start = 0; start <= subject.size();) {
    const int rc = pcre2_match(compiled, reinterpret_cast<PCRE2_SPTR>(subject.data()), subject.size(), start, 0,
                               md.get(), nullptr);
    if (rc < 0) break;
    const PCRE2_SIZE* ovector = pcre2_get_ovector_pointer(md.get());
    if (rc >= 2 && ovector[2] != PCRE2_UNSET && ovector[3] > ovector[2])
      out.emplace_back(ovector[2], subject.substr(ovector[2], ovector[3] - ovector[2]));
    start = ovector[1] > ovector[0] ? ovector[1] : ovector[0] + 1;
  }
  return out;
}

}  // namespace hush::scanner
