#include "hush/scanner/confidence.hpp"

#include <algorithm>
#include <cmath>

#include "confidence_model.hpp"
#include "path_context.hpp"

namespace hush::scanner {

std::vector<std::string> confidence_feature_names() {
  std::vector<std::string> names;
  for (const std::string_view kind : confidence_field_kinds)
    for (const std::string_view feature : confidence_base_features)
      names.push_back(std::string(kind) + "." + std::string(feature));
  return names;
}

ConfidenceFeatures confidence_features(const Evidence& evidence, const PathContext& path) {
  const auto flag = [](bool b) { return b ? 1.0f : 0.0f; };
  const auto shape = [&](ValueShape s) { return flag(evidence.shape == s); };
  const bool a = evidence.assignment;
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
      flag(evidence.placeholder),
      flag(a && evidence.names_field),
      flag(evidence.length < 6),
      flag(evidence.length > 32),
      std::log(static_cast<float>(std::max<std::uint16_t>(evidence.length, 1))),
      std::clamp(evidence.shortfall, 0.0f, 4.0f),
      flag(!a || evidence.framing == Framing::quoted),  // a value without a field is delimited by its format
      flag(a && evidence.framing == Framing::argument),
      flag(a && evidence.framing == Framing::unquoted),
      flag(a && evidence.call_argument),
      flag(a && evidence.comment),
      flag(a && evidence.env_name),
      flag(a && evidence.variant_name),
      flag(a && evidence.in_string),
      flag(path.test),
      flag(path.example),
      flag(path.kind == FileKind::code),
      flag(path.kind == FileKind::config),
      flag(path.kind == FileKind::document),
      flag(!a),
  };
  const std::size_t kind = !a || evidence.password_field ? 0 : 1;
  ConfidenceFeatures features{};
  std::copy(base.begin(), base.end(), features.begin() + static_cast<std::ptrdiff_t>(kind * base.size()));
  return features;
}

float confidence_score(const ConfidenceFeatures& features, const ConfidenceModel& model) {
  float z = 0;
  for (std::size_t i = 0; i < features.size(); ++i) z += model.weights[i] * features[i];
  return z;
}

namespace {

bool random_shape(const Evidence& e) {
  return e.shape == ValueShape::random || e.shape == ValueShape::hex || e.shape == ValueShape::base64;
}

}  // namespace

bool rejected_by_context(const Evidence& evidence, const PathContext& path) {
  // Translated labels and the names in generated code are words; a key-shaped value is no label.
  if ((path.translation || path.generated) && !random_shape(evidence)) return true;
  if (!evidence.assignment) return false;
  // In a program an unquoted value is a variable, a constant or an expression, not a literal.
  return evidence.long_line || (evidence.framing == Framing::unquoted && path.kind == FileKind::code &&
                                !evidence.comment && !evidence.in_string);
}

bool capped_at_low(const Evidence& evidence, const PathContext& path) {
  const bool test_context =
      path.test || path.example || path.kind == FileKind::document || (evidence.assignment && evidence.variant_name);
  // A word of the field's own name is the password a service is set up with (POSTGRES_PASSWORD:
  // postgres): a credential of a test database or a local container, not a chosen secret.
  return (test_context && !random_shape(evidence)) || (evidence.assignment && evidence.name_word);
}

bool reported_at_least_low(const Evidence& evidence) {
  return (random_shape(evidence) && !evidence.placeholder) || evidence.credential_pair;
}

std::optional<Confidence> decide_confidence(const Evidence& evidence, const PathContext& path,
                                            const ConfidenceModel& model) {
  if (evidence.validated || evidence.base == Confidence::high) return Confidence::high;
  if (!evidence.valued) return evidence.base;
  if (rejected_by_context(evidence, path)) return std::nullopt;
  const float score = confidence_score(confidence_features(evidence, path), model);
  if (score < model.low) return reported_at_least_low(evidence) ? std::optional(Confidence::low) : std::nullopt;
  const bool medium = score >= model.medium && !capped_at_low(evidence, path);
  return std::min(medium ? Confidence::medium : Confidence::low, evidence.base);
}

std::optional<Confidence> decide_confidence(const Evidence& evidence, std::string_view path) {
  return decide_confidence(evidence, read_path(path), confidence_model);
}

}  // namespace hush::scanner
