#pragma once
// A Scanner over rules given as TOML, for unit tests that scan bytes in memory.
#include <string>
#include <string_view>
#include <vector>

#include "hush/common/log.hpp"
#include "hush/scanner/config.hpp"
#include "hush/scanner/matcher.hpp"
#include "hush/scanner/ruleset.hpp"
#include "hush/scanner/scanner.hpp"

namespace hush::test {

// One rule for tests of the scan pipeline itself (decoding, archives), and a value it matches.
inline constexpr const char* token_rule = R"([[rule]]
id = "tok"
name = "Test token"
regex = '''\b(tok_[A-Za-z0-9]{24})\b'''
secret_group = 1
severity = "high"
)";
inline constexpr std::string_view token_value = "tok_Q2x9Vb7Lm3Kp8Zr4Tw6Ny1Hd";

// The findings of `scanner` in `bytes` as a file at `path`, counted in `counters`.
inline std::vector<scanner::Finding> scan_bytes(const scanner::Scanner& scanner, scanner::Matcher& matcher,
                                                std::string_view bytes, std::string_view path,
                                                scanner::ScanCounters& counters) {
  std::vector<scanner::Finding> out;
  scanner::ScanTarget target;
  target.bytes = bytes;
  target.path = path;
  scanner.scan(target, matcher, out, counters);
  return out;
}

// The same with counts nobody reads.
inline std::vector<scanner::Finding> scan_bytes(const scanner::Scanner& scanner, scanner::Matcher& matcher,
                                                std::string_view bytes, std::string_view path) {
  scanner::ScanCounters counters;
  return scan_bytes(scanner, matcher, bytes, path, counters);
}

struct ScanFixture {
  explicit ScanFixture(const std::string& toml, scanner::Allowlist global = {}, scanner::DecodeOptions decode = {},
                       std::string default_path = "src/app.cfg", scanner::ArchiveLimits archives = {})
      : set(scanner::RuleSet::build(scanner::parse_rules(toml, "f.toml", "f"), scanner::RuleSetOptions{},
                                    Logger::null())),
        scanner(set, global, decode, true, archives),
        matcher(set),
        path(std::move(default_path)) {}

  // The findings in `bytes` as a file at `at` (the fixture's path when empty); `counters` holds
  // this scan's counts only.
  std::vector<scanner::Finding> scan(std::string_view bytes, std::string_view at = {}) {
    counters = scanner::ScanCounters{};
    return scan_bytes(scanner, matcher, bytes, at.empty() ? std::string_view(path) : at, counters);
  }

  scanner::RuleSet set;
  scanner::Scanner scanner;
  scanner::Matcher matcher;
  std::string path;
  scanner::ScanCounters counters;
};

}  // namespace hush::test
