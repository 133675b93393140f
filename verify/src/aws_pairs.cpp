#include "aws_pairs.hpp"

#include <limits>
#include <map>
#include <tuple>

namespace hush::verify::detail {
namespace {

constexpr std::string_view key_id_rule = "aws-access-key-id";

std::tuple<std::string_view, std::string_view, std::string_view> file_of(const scanner::Finding& f) {
  if (!f.git) return {f.path, {}, {}};
  return {f.path, f.git->blob, f.git->commit};
}

std::uint64_t distance(std::uint64_t a, std::uint64_t b) noexcept { return a > b ? a - b : b - a; }

}  // namespace

bool is_aws_secret_rule(std::string_view rule_id) noexcept {
  return rule_id == "aws-credentials-pair" || rule_id == "aws-secret-access-key";
}

std::vector<std::optional<std::string_view>> aws_key_ids(const std::vector<scanner::Finding>& findings) {
  std::map<std::tuple<std::string_view, std::string_view, std::string_view>, std::vector<const scanner::Finding*>> key_ids;
  for (const auto& f : findings)
    if (f.rule_id == key_id_rule) key_ids[file_of(f)].push_back(&f);
  std::vector<std::optional<std::string_view>> out(findings.size());
  if (key_ids.empty()) return out;
  for (std::size_t i = 0; i < findings.size(); ++i) {
    const scanner::Finding& f = findings[i];
    if (!is_aws_secret_rule(f.rule_id)) continue;
    const auto candidates = key_ids.find(file_of(f));
    if (candidates == key_ids.end()) continue;
    const scanner::Finding* nearest = nullptr;
    std::uint64_t best = std::numeric_limits<std::uint64_t>::max();
    for (const scanner::Finding* id : candidates->second) {
      if (const std::uint64_t d = distance(id->offset, f.offset); d < best) {
        best = d;
        nearest = id;
      }
    }
    if (nearest) out[i] = nearest->secret;
  }
  return out;
}

const scanner::RuleVerifier& sts_verifier() {
  static const scanner::RuleVerifier verifier = [] {
    scanner::RuleVerifier v;
    v.method = "POST";
    v.provider = "aws";
    v.url = "https://sts.amazonaws.com/";
    v.live = {200};
    // InvalidClientTokenId (no such key id) and SignatureDoesNotMatch (wrong secret).
    v.invalid = {403};
    v.details = {{"account", "xml:Account"}, {"arn", "xml:Arn"}};
    return v;
  }();
  return verifier;
}

}  // namespace hush::verify::detail
