#include "hush/scanner/confidence.hpp"

#include <algorithm>
#include <cmath>

#include "confidence_model.hpp"
#include "path_context.hpp"

namespace hush::scanner {

std::vector<std::string> confidence_feature_names() {
  std::vector<std::string> names;
  for (const std::string_view kind : confidence_field_kinds)
    for (const std::string_view feature : confidence_base_features) names.push_back(std::string(kind) + "." + std::string(feature));
  return names;
}

ConfidenceFeatures confidence_features(const Evidence& e, const PathContext& pc) {
  const auto flag = [](bool b) { return b ? 1.0f : 0.0f; };
  const auto shape = [&](ValueShape s) { return flag(e.shape == s); };
  const bool a = e.assignment;
  const std::array<float, confidence_base_features.size()> base = {
      1.0f,
      shape(ValueShape::random),
      shape(ValueShape::hex),
      shape(ValueShape::base64),
      shape(ValueShape::word),
      shape(ValueShape::word_digits),
      shape(ValueShape::words),
      shape(ValueShape::digits),
      shape(ValueShape::other),
      flag(e.placeholder),
      flag(a && e.names_field),
      flag(e.length < 6),
      flag(e.length > 32),
      std::log(static_cast<float>(std::max<std::uint16_t>(e.length, 1))),
      std::clamp(e.shortfall, 0.0f, 4.0f),
      flag(!a || e.framing == Framing::quoted),  // a value without a field is delimited by its format
      flag(a && e.framing == Framing::argument),
      flag(a && e.framing == Framing::unquoted),
      flag(a && e.call_argument),
      flag(a && e.comment),
      flag(a && e.env_name),
      flag(a && e.variant_name),
      flag(a && e.in_string),
      flag(pc.test),
      flag(pc.example),
      flag(pc.kind == FileKind::code),
      flag(pc.kind == FileKind::config),
      flag(pc.kind == FileKind::document),
      flag(!a),
  };
  const std::size_t kind = !a || e.password_field ? 0 : 1;
  ConfidenceFeatures x{};
  std::copy(base.begin(), base.end(), x.begin() + static_cast<std::ptrdiff_t>(kind * base.size()));
  return x;
}

float confidence_score(const ConfidenceFeatures& x, const ConfidenceModel& model) {
  float z = 0;
  for (std::size_t i = 0; i < x.size(); ++i) z += model.weights[i] * x[i];
  return z;
}

namespace {

bool random_shape(const Evidence& e) {
  return e.shape == ValueShape::random || e.shape == ValueShape::hex || e.shape == ValueShape::base64;
}

}  // namespace

bool rejected_by_context(const Evidence& e, const PathContext& pc) {
  // Translated labels and the names in generated code are words; a key-shaped value is no label.
  if ((pc.translation || pc.generated) && !random_shape(e)) return true;
  if (!e.assignment) return false;
  // In a program an unquoted value is a variable, a constant or an expression, not a literal.
  return e.long_line || (e.framing == Framing::unquoted && pc.kind == FileKind::code && !e.comment && !e.in_string);
}

bool capped_at_low(const Evidence& e, const PathContext& pc) {
  const bool test_context = pc.test || pc.example || pc.kind == FileKind::document || (e.assignment && e.variant_name);
  return test_context && !random_shape(e);
}

bool reported_at_least_low(const Evidence& e) { return (random_shape(e) && !e.placeholder) || e.credential_pair; }

std::optional<Confidence> decide_confidence(const Evidence& e, const PathContext& pc, const ConfidenceModel& model) {
  if (e.validated || e.base == Confidence::high) return Confidence::high;
  if (!e.valued) return e.base;
  if (rejected_by_context(e, pc)) return std::nullopt;
  const float score = confidence_score(confidence_features(e, pc), model);
  if (score < model.low) return reported_at_least_low(e) ? std::optional(Confidence::low) : std::nullopt;
  const bool medium = score >= model.medium && !capped_at_low(e, pc);
  return std::min(medium ? Confidence::medium : Confidence::low, e.base);
}

std::optional<Confidence> decide_confidence(const Evidence& e, std::string_view path) {
  return decide_confidence(e, read_path(path), confidence_model);
}

}  // namespace hush::scanner
