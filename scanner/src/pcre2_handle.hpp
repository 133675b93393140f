#pragma once
// RAII wrappers for PCRE2 (8-bit code units, no UTF: bytes are bytes).
#ifndef PCRE2_CODE_UNIT_WIDTH
#define PCRE2_CODE_UNIT_WIDTH 8
#endif
#include <pcre2.h>

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "hush/common/c_handle.hpp"

namespace hush::scanner {

using Pcre2Code = CHandle<pcre2_code, pcre2_code_free>;
using Pcre2MatchData = CHandle<pcre2_match_data, pcre2_match_data_free>;
using Pcre2MatchContext = CHandle<pcre2_match_context, pcre2_match_context_free>;
using Pcre2JitStack = CHandle<pcre2_jit_stack, pcre2_jit_stack_free>;

struct Pcre2CompileResult {
  Pcre2Code code;
  std::string error;  // empty on success
  size_t error_offset = 0;
};

[[nodiscard]] Pcre2CompileResult pcre2_compile_pattern(std::string_view pattern, uint32_t options = 0);

// A regex compiled on first use, and JIT-compiled once it has been used a few times: most rules
// never see a candidate in a pre-commit run and most allowlists run once per finding, where
// compiling (let alone JIT-compiling) every regex up front dominated the run. A history scan
// reaches the JIT code after a rule's first few candidates. Give it the code when the pattern
// was just checked; without it the pattern must be one PCRE2 has accepted before (RuleSet's
// cache records that), and a rejection on first use is a config error. Thread-safe: the JIT
// code is compiled into a copy and published whole, never attached to code in use.
class Pcre2Regex {
 public:
  Pcre2Regex(std::string pattern, uint32_t options, Pcre2Code checked = {});

  // The code to match with: interpreted for the first uses, then JIT-compiled when PCRE2 can.
  [[nodiscard]] const pcre2_code* code() const;

  // Uses before the JIT compilation, which costs as much as dozens of interpreted matches.
  static constexpr std::uint32_t jit_after_uses = 8;
  [[nodiscard]] bool search(std::string_view subject) const;
  // Every match of the whole subject, left to right: where its first capture group starts and what
  // it holds (matches whose group is empty or unset are left out).
  [[nodiscard]] std::vector<std::pair<std::size_t, std::string_view>> first_groups(std::string_view subject) const;

 private:
  struct Lazy {
    std::once_flag once;
    Pcre2Code code;
    std::string error;  // PCRE2's rejection, when `code` stays empty
    std::atomic<std::uint32_t> uses{0};
    std::once_flag jit_once;
    Pcre2Code jitted;                              // a JIT-compiled copy of `code`
    std::atomic<const pcre2_code*> fast{nullptr};  // `jitted` once it is complete
  };
  std::string pattern_;
  uint32_t options_ = 0;
  std::unique_ptr<Lazy> lazy_;
};

}  // namespace hush::scanner
