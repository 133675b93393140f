#pragma once
// RAII wrappers for PCRE2 (8-bit code units, no UTF: bytes are bytes).
#ifndef PCRE2_CODE_UNIT_WIDTH
#define PCRE2_CODE_UNIT_WIDTH 8
#endif
#include <pcre2.h>

#include <memory>
#include <string>
#include <string_view>

namespace hush::scanner {

struct Pcre2CodeFree {
  void operator()(pcre2_code* p) const noexcept { pcre2_code_free(p); }
};
struct Pcre2MatchDataFree {
  void operator()(pcre2_match_data* p) const noexcept { pcre2_match_data_free(p); }
};
struct Pcre2MatchContextFree {
  void operator()(pcre2_match_context* p) const noexcept { pcre2_match_context_free(p); }
};
struct Pcre2JitStackFree {
  void operator()(pcre2_jit_stack* p) const noexcept { pcre2_jit_stack_free(p); }
};

using Pcre2Code = std::unique_ptr<pcre2_code, Pcre2CodeFree>;
using Pcre2MatchData = std::unique_ptr<pcre2_match_data, Pcre2MatchDataFree>;
using Pcre2MatchContext = std::unique_ptr<pcre2_match_context, Pcre2MatchContextFree>;
using Pcre2JitStack = std::unique_ptr<pcre2_jit_stack, Pcre2JitStackFree>;

struct Pcre2CompileResult {
  Pcre2Code code;
  std::string error;  // empty on success
  size_t error_offset = 0;
};

[[nodiscard]] Pcre2CompileResult pcre2_compile_pattern(std::string_view pattern, uint32_t options = 0);

// A compiled regex used for yes/no questions (allowlists); JIT-compiled when available.
class Pcre2Regex {
 public:
  Pcre2Regex() = default;
  explicit Pcre2Regex(Pcre2Code code);
  [[nodiscard]] bool search(std::string_view subject) const;

 private:
  Pcre2Code code_;
};

}  // namespace hush::scanner
