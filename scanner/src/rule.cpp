#include "hush/scanner/rule.hpp"

namespace hush::scanner {

const char* severity_name(Severity s) noexcept {
  switch (s) {
    case Severity::info:
      return "info";
    case Severity::low:
      return "low";
    case Severity::medium:
      return "medium";
    case Severity::high:
      return "high";
    case Severity::critical:
      return "critical";
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

const char* confidence_name(Confidence c) noexcept {
  switch (c) {
    case Confidence::low:
      return "low";
    case Confidence::medium:
      return "medium";
    case Confidence::high:
      return "high";
  }
  return "high";
}

std::optional<Confidence> parse_confidence(std::string_view text) noexcept {
  if (text == "low") return Confidence::low;
  if (text == "medium") return Confidence::medium;
  if (text == "high") return Confidence::high;
  return std::nullopt;
}

const char* field_name(Field f) noexcept {
  switch (f) {
    case Field::none:
      return "none";
    case Field::password:
      return "password";
    case Field::secret:
      return "secret";
  }
  return "none";
}

std::optional<Field> parse_field(std::string_view text) noexcept {
  if (text == "password") return Field::password;
  if (text == "secret") return Field::secret;
  return std::nullopt;
}

}  // namespace hush::scanner
