#pragma once
// The learned part of the confidence decision: a logistic regression over hand-made features of a
// finding's evidence and path, for the findings of rules below high confidence. Its weights are
// data (confidence_weights.cpp), fitted offline by bench/accuracy/confidence_fit.py on labelled
// real code; nothing is learnt or loaded at run time.
#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hush/scanner/confidence.hpp"
#include "path_context.hpp"

namespace hush::scanner {

// One weight per feature and kind of field: a dictionary word is a fair password and a poor key,
// so each feature is weighed apart for passwords (fields, and values without a field such as a
// URL's password) and for the other secrets (keys, tokens, client secrets).
inline constexpr std::array<std::string_view, 29> confidence_base_features = {
    "bias",          "shape_random", "shape_hex",   "shape_base64",  "shape_word",  "shape_word_digits",
    "shape_words",   "shape_digits", "shape_other", "placeholder",   "names_field", "short",
    "long",          "log_length",   "shortfall",   "quoted",        "argument",    "unquoted",
    "call_argument", "comment",      "env_name",    "variant_name",  "in_string",   "path_test",
    "path_example",  "kind_code",    "kind_config", "kind_document", "value_only",
};
inline constexpr std::array<std::string_view, 2> confidence_field_kinds = {"password", "secret"};
inline constexpr std::size_t confidence_feature_count = confidence_base_features.size() * confidence_field_kinds.size();
using ConfidenceFeatures = std::array<float, confidence_feature_count>;

// "kind.feature", in the order of the features: confidence_fit.py writes them beside the weights,
// and a unit test checks that the two lists agree.
[[nodiscard]] std::vector<std::string> confidence_feature_names();

// What makes a finding no secret whatever its score: translated UI strings and generated code,
// and for assignments an unquoted name in a program or a line no person wrote.
[[nodiscard]] bool rejected_by_context(const Evidence& evidence, const PathContext& path);

// A value a person can type from memory (a word, words, a word and a number) in tests, examples,
// documentation or a field named for tests is a test password: low confidence at most, so that
// it never blocks a commit or a CI gate, whatever the model thinks of it. So is a word of the
// field's own name, a service's default (POSTGRES_PASSWORD: postgres).
[[nodiscard]] bool capped_at_low(const Evidence& evidence, const PathContext& path);

// A random-looking value that is no placeholder is reported, at low confidence at least, whatever
// the model says about where it sits: hush never drops a key-shaped value given to a secret field.
// Nor a user:password pair encoded as a Basic header sends it, however weak its password
// (admin:admin is the credential the header sends, not a stand-in for one).
[[nodiscard]] bool reported_at_least_low(const Evidence& evidence);

[[nodiscard]] ConfidenceFeatures confidence_features(const Evidence& evidence, const PathContext& path);

struct ConfidenceModel {
  std::array<std::string_view, confidence_feature_count> names;  // the features it was fitted on
  std::array<float, confidence_feature_count> weights;
  float low;     // log-odds from which a finding is reported at low confidence
  float medium;  // log-odds from which it is reported at medium confidence
};

extern const ConfidenceModel confidence_model;

// decide_confidence() with the path read and the model given.
[[nodiscard]] std::optional<Confidence> decide_confidence(const Evidence& evidence, const PathContext& path,
                                                          const ConfidenceModel& model);

// The model's log-odds that a finding with these features is a secret.
[[nodiscard]] float confidence_score(const ConfidenceFeatures& features,
                                     const ConfidenceModel& model = confidence_model);

}  // namespace hush::scanner
