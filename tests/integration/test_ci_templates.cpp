// The CI templates users copy: the GitLab job builds the release matching this source tree, and
// both templates keep the built binary in the CI cache.
#include <regex>

#include "catch.hpp"
#include "harness.hpp"

using namespace hush_it;

TEST_CASE("the GitLab template pins the release of this version, and caches the build under it", "[ci-templates]") {
  const std::string text = read_file(fs::path(HUSH_SOURCE_DIR) / "hooks/gitlab-ci.yml");
  std::smatch pinned;
  REQUIRE(std::regex_search(text, pinned, std::regex(R"(\n    HUSH_REF: (\S+))")));
  const RunResult version = run_hush({"version"});
  REQUIRE(version.exit_code == 0);
  std::smatch ours;
  REQUIRE(std::regex_search(version.out, ours, std::regex(R"((\d+\.\d+\.\d+))")));
  CHECK(pinned[1].str() == "v" + ours[1].str());
  CHECK(text.find("key: hush-$HUSH_REF") != std::string::npos);
}

TEST_CASE("the GitHub Action restores a cached build before building and saves it after", "[ci-templates]") {
  const std::string text = read_file(fs::path(HUSH_SOURCE_DIR) / "action.yml");
  const auto restore = text.find("uses: actions/cache/restore@");
  const auto build = text.find("cmake --build");
  const auto save = text.find("uses: actions/cache/save@");
  REQUIRE(restore != std::string::npos);
  REQUIRE(build != std::string::npos);
  REQUIRE(save != std::string::npos);
  CHECK(restore < build);
  CHECK(build < save);
  CHECK(text.find("steps.cache.outputs.cache-hit != 'true'") != std::string::npos);
}
