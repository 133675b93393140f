#include "hush/scanner/rule.hpp"

#include "hush/common/enum_names.hpp"

namespace hush::scanner {
namespace {

constexpr EnumName<Severity> severity_names[] = {{Severity::info, "info"},
                                                 {Severity::low, "low"},
                                                 {Severity::medium, "medium"},
                                                 {Severity::high, "high"},
                                                 {Severity::critical, "critical"}};

constexpr EnumName<Confidence> confidence_names[] = {
    {Confidence::low, "low"}, {Confidence::medium, "medium"}, {Confidence::high, "high"}};

constexpr EnumName<Field> field_names[] = {
    {Field::none, "none"}, {Field::password, "password"}, {Field::secret, "secret"}};

}  // namespace

const char* severity_name(Severity s) noexcept { return name_of(severity_names, s, "medium"); }

std::optional<Severity> parse_severity(std::string_view text) noexcept { return value_named(severity_names, text); }

const char* confidence_name(Confidence c) noexcept { return name_of(confidence_names, c, "high"); }

std::optional<Confidence> parse_confidence(std::string_view text) noexcept {
  return value_named(confidence_names, text);
}

const char* field_name(Field f) noexcept { return name_of(field_names, f, "none"); }

std::optional<Field> parse_field(std::string_view text) noexcept {
  // `none` is what a rule without an assignment has, not a field a rule file may name.
  const auto field = value_named(field_names, text);
  if (field == Field::none) return std::nullopt;
  return field;
}

}  // namespace hush::scanner
