#include "hush/scanner/rule.hpp"

namespace hush::scanner {

const char* severity_name(Severity s) noexcept {
  switch (s) {
    case Severity::info: return "info";
    case Severity::low: return "low";
    case Severity::medium: return "medium";
    case Severity::high: return "high";
    case Severity::critical: return "critical";
  }
  return "medium";
}

std::optional<Severity> parse_severity(std::string_view text) noexcept {
  if (text == "info") return Severity::info;
  if (text == "low") return Severity::low;
  if (text == "medium") return Severity::medium;
  if (text == "high") return Severity::high;
  if (text == "critical") return Severity::critical;
  return std::nullopt;
}

}  // namespace hush::scanner
