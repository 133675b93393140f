// --min-confidence, min_confidence in .hush.toml, and the summary's count of what is below the cut,
// through the real binary.
#include "catch.hpp"
#include "harness.hpp"

#include <algorithm>

using namespace hush_it;

namespace {

// A random API key in configuration (medium) and a test password in a fixture (low).
void plant(const fs::path& root) {
  write_file(root / "config/settings.py", "STRIPE_WEBHOOK_SECRET = \"q8Z2rT4mW2pLk9Xv7Bn3\"\n");
  write_file(root / "spec/fixtures/users.yml", "admin:\n  password: 'marmalade'\n");
}

std::vector<std::string> confidences(const nlohmann::json& doc) {
  std::vector<std::string> out;
  for (const auto& f : doc["findings"]) out.push_back(f["confidence"].get<std::string>());
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

TEST_CASE("the default reports medium confidence and above, and counts the rest", "[confidence]") {
  TempDir dir;
  plant(dir.path());
  const auto doc = scan_json({"scan", "--no-cache", dir.str()}, 1);
  CHECK(confidences(doc) == std::vector<std::string>{"medium"});
  CHECK(doc["summary"]["min_confidence"] == "medium");
  CHECK(doc["summary"]["below_confidence"] == 1);

  const auto text = run_hush({"scan", "--no-cache", "--color", "never", dir.str()});
  CHECK(text.out.find("1 below medium confidence") != std::string::npos);
}

TEST_CASE("scan --min-confidence low shows every finding, high only what a format backs", "[confidence]") {
  TempDir dir;
  plant(dir.path());
  const auto low = run_hush({"scan", "--format", "json", "--no-cache", "--min-confidence", "low", dir.str()});
  const auto all = parse_json(low.out);
  CHECK(confidences(all) == std::vector<std::string>{"low", "medium"});
  CHECK(all["summary"]["below_confidence"] == 0);

  const auto high = run_hush({"scan", "--format", "json", "--no-cache", "--min-confidence", "high", dir.str()});
  CHECK(high.exit_code == 0);
  CHECK(parse_json(high.out)["summary"]["below_confidence"] == 2);

  const auto bad = run_hush({"scan", "--min-confidence", "sure", dir.str()});
  CHECK(bad.exit_code == 2);
  CHECK(bad.err.find("--min-confidence must be low, medium or high") != std::string::npos);
}

TEST_CASE("min_confidence in .hush.toml applies, and the flag overrides it", "[confidence]") {
  TempDir dir;
  plant(dir.path());
  write_file(dir / ".hush.toml", "min_confidence = \"low\"\n");
  const auto configured = parse_json(run_hush({"scan", "--format", "json", "--no-cache", dir.str()}).out);
  CHECK(confidences(configured) == std::vector<std::string>{"low", "medium"});
  const auto flagged =
      parse_json(run_hush({"scan", "--format", "json", "--no-cache", "--min-confidence", "medium", dir.str()}).out);
  CHECK(confidences(flagged) == std::vector<std::string>{"medium"});
}
