// What the confidence decision sees: every finding of the built-in rules in a tree with the
// confidence decided at its path and, for those the confidence model weighs, the model's features
// and score, as JSON lines. Input for confidence_fit.py, which fits the model's weights
// (README.md, "Confidence").
//
//   hush_evidence_dump ROOT > evidence.jsonl
//
// Paths are relative to ROOT; files that look binary or exceed 10 MiB are skipped as hush does.
#include <algorithm>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "confidence_model.hpp"
#include "hush/common/file.hpp"
#include "hush/common/log.hpp"
#include "hush/rules/builtin.hpp"
#include "hush/scanner/confidence.hpp"
#include "hush/scanner/matcher.hpp"
#include "hush/scanner/ruleset.hpp"
#include "hush/scanner/scanner.hpp"
#include "path_context.hpp"

namespace {

using namespace hush::scanner;

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: hush_evidence_dump ROOT\n");
    return 2;
  }
  try {
    namespace fs = std::filesystem;
    const fs::path root(argv[1]);
    const RuleSet rules = RuleSet::build(hush::rules::builtin_rules(), RuleSetOptions{}, hush::Logger::null());
    const Scanner scanner(rules, Allowlist{});
    Matcher matcher(rules);
    std::vector<fs::path> files;
    for (auto it = fs::recursive_directory_iterator(root, fs::directory_options::skip_permission_denied);
         it != fs::recursive_directory_iterator(); ++it)
      if (it->is_regular_file() && !it->is_symlink()) files.push_back(it->path());
    std::sort(files.begin(), files.end());
    std::puts(nlohmann::json{{"feature_names", confidence_feature_names()}}.dump().c_str());
    for (const fs::path& file : files) {
      const auto bytes = hush::read_file_bytes(file);
      if (!bytes || bytes->size() > 10u * 1024 * 1024 || looks_binary(*bytes)) continue;
      std::vector<Finding> found;
      ScanCounters counters;
      ScanTarget target;
      target.bytes = *bytes;  // no path: the scanner keeps what only the path would drop
      scanner.scan(target, matcher, found, counters);
      const std::string path = file.lexically_relative(root).generic_string();
      for (const Finding& f : found) {
        const Evidence& e = f.evidence;
        const auto decided = decide_confidence(e, path);
        nlohmann::ordered_json j;
        j["path"] = path;
        j["line"] = f.line;
        j["rule_id"] = f.rule_id;
        j["confidence"] = decided ? nlohmann::ordered_json(confidence_name(*decided)) : nlohmann::ordered_json(nullptr);
        // The model weighs only valued findings of rules below high confidence that the context
        // does not reject outright: those are its training rows.
        const PathContext context = read_path(path);
        const bool modelled =
            !e.validated && e.base != Confidence::high && e.valued && !rejected_by_context(e, context);
        j["modelled"] = modelled;
        if (modelled) {
          const ConfidenceFeatures x = confidence_features(e, context);
          j["features"] = std::vector<float>(x.begin(), x.end());
          j["score"] = confidence_score(x);
          j["floor"] = reported_at_least_low(e);
          j["cap"] = capped_at_low(e, context);
        }
        std::puts(j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace).c_str());
      }
    }
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "hush_evidence_dump: %s\n", e.what());
    return 1;
  }
}
