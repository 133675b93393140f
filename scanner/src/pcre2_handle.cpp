#include "pcre2_handle.hpp"

namespace hush::scanner {

Pcre2CompileResult pcre2_compile_pattern(std::string_view pattern, uint32_t options) {
  int error_code = 0;
  PCRE2_SIZE error_offset = 0;
  Pcre2CompileResult result;
  result.code.reset(pcre2_compile(reinterpret_cast<PCRE2_SPTR>(pattern.data()), pattern.size(), options,
                                  &error_code, &error_offset, nullptr));
  if (!result.code) {
    PCRE2_UCHAR buffer[256];
    pcre2_get_error_message(error_code, buffer, sizeof buffer);
    result.error = reinterpret_cast<const char*>(buffer);
    result.error_offset = error_offset;
  }
  return result;
}

Pcre2Regex::Pcre2Regex(Pcre2Code code) : code_(std::move(code)) {
  // JIT is an optimisation: if unavailable the interpreter gives the same answers.
  (void)pcre2_jit_compile(code_.get(), PCRE2_JIT_COMPLETE);
}

bool Pcre2Regex::search(std::string_view subject) const {
  Pcre2MatchData md(pcre2_match_data_create_from_pattern(code_.get(), nullptr));
  const int rc = pcre2_match(code_.get(), reinterpret_cast<PCRE2_SPTR>(subject.data()), subject.size(), 0, 0,
                             md.get(), nullptr);
  return rc >= 0;
}

}  // namespace hush::scanner
