// Exclude patterns read as gitignore patterns, the same in every scan mode.
#include "catch.hpp"
#include "hush/scanner/path_excludes.hpp"

using hush::scanner::PathExcludes;

namespace {

bool file_excluded(std::vector<std::string> patterns, std::string_view path) {
  return PathExcludes(patterns).excludes_file(path);
}

}  // namespace

TEST_CASE("a directory pattern excludes everything below it, at any depth") {
  for (const std::string pattern : {"vendor/", "vendor", "**/vendor", "**/vendor/", "**/vendor/**"}) {
    INFO(pattern);
    CHECK(file_excluded({pattern}, "vendor/a.js"));
    CHECK(file_excluded({pattern}, "vendor/deep/er/a.js"));
    CHECK(file_excluded({pattern}, "web/vendor/a.js"));
    CHECK_FALSE(file_excluded({pattern}, "vendors/a.js"));
    CHECK_FALSE(file_excluded({pattern}, "src/vendor.js"));
    CHECK_FALSE(file_excluded({pattern}, "myvendor/a.js"));
  }
  // Only "vendor" (no slash) names a file too.
  CHECK(file_excluded({"vendor"}, "lib/vendor"));
  CHECK_FALSE(file_excluded({"vendor/"}, "lib/vendor"));
  CHECK_FALSE(file_excluded({"**/vendor/**"}, "lib/vendor"));
}

TEST_CASE("a leading slash, a leading ./ or a slash inside anchors at the root") {
  for (const std::string pattern : {"/vendor/", "./vendor/", "./vendor", "/vendor"}) {
    INFO(pattern);
    CHECK(file_excluded({pattern}, "vendor/a.js"));
    CHECK_FALSE(file_excluded({pattern}, "web/vendor/a.js"));
  }
  CHECK(file_excluded({"docs/api"}, "docs/api/index.html"));
  CHECK_FALSE(file_excluded({"docs/api"}, "x/docs/api/index.html"));
  CHECK(file_excluded({"vendor/*"}, "vendor/a.js"));
  CHECK(file_excluded({"vendor/*"}, "vendor/pkg/a.js"));  // vendor/pkg is excluded, so its files are
  CHECK_FALSE(file_excluded({"vendor/*"}, "x/vendor/a.js"));
  CHECK(file_excluded({"/build"}, "build"));
}

TEST_CASE("name globs match at any depth, * and ? do not cross a slash") {
  CHECK(file_excluded({"*.min.js"}, "app.min.js"));
  CHECK(file_excluded({"*.min.js"}, "web/static/app.min.js"));
  CHECK_FALSE(file_excluded({"*.min.js"}, "web/app.js"));
  CHECK(file_excluded({"web/*.js"}, "web/app.js"));
  CHECK_FALSE(file_excluded({"web/*.js"}, "web/lib/app.js"));
  CHECK(file_excluded({"web/**/*.js"}, "web/app.js"));
  CHECK(file_excluded({"web/**/*.js"}, "web/lib/deep/app.js"));
  CHECK_FALSE(file_excluded({"web/**/*.js"}, "src/web/app.js"));
  CHECK(file_excluded({"a/**/b"}, "a/b"));
  CHECK(file_excluded({"a/**/b"}, "a/x/y/b"));
  CHECK(file_excluded({"file?.txt"}, "d/file1.txt"));
  CHECK_FALSE(file_excluded({"file?.txt"}, "d/file10.txt"));
  CHECK(file_excluded({"[ab].env"}, "x/b.env"));
  CHECK(file_excluded({"**"}, "any/thing"));
}

TEST_CASE("a trailing /** is what is inside, not the directory itself") {
  const PathExcludes inside({"build/**"});
  CHECK(inside.excludes_file("build/out.o"));
  CHECK_FALSE(inside.excludes("build", true));
  CHECK(inside.excludes("build/obj", true));
}

TEST_CASE("! re-includes, the last matching pattern wins, an excluded directory stays excluded") {
  CHECK_FALSE(file_excluded({"*.env", "!keep.env"}, "conf/keep.env"));
  CHECK(file_excluded({"*.env", "!keep.env"}, "conf/drop.env"));
  CHECK(file_excluded({"!keep.env", "*.env"}, "conf/keep.env"));
  CHECK(file_excluded({"vendor/", "!vendor/keep.js"}, "vendor/keep.js"));
  CHECK_FALSE(file_excluded({"vendor/*", "!vendor/keep/"}, "vendor/keep/a.js"));
  CHECK(file_excluded({"vendor/*", "!vendor/keep/"}, "vendor/other/a.js"));
  CHECK(file_excluded({"\\!bang"}, "x/!bang"));
}

TEST_CASE("directory tests for walks that prune, and degenerate patterns") {
  const PathExcludes e({"vendor/", "*.log", "", "  ", "/", "./"});
  CHECK(e.excludes("vendor", true));
  CHECK(e.excludes("a/vendor", true));
  CHECK_FALSE(e.excludes("vendor", false));
  CHECK(e.excludes("x.log", false));
  CHECK(e.excludes("logs.log", true));
  CHECK_FALSE(e.excludes("src", true));
  CHECK_FALSE(e.excludes_file("src/main.c"));
  CHECK_FALSE(e.excludes_file(""));
  CHECK(PathExcludes().empty());
  CHECK(PathExcludes({"", "/"}).empty());
  CHECK_FALSE(PathExcludes().excludes_file("vendor/a.js"));
  CHECK(file_excluded({" vendor/ "},
                      "vendor/a.js"));  // surrounding blanks from a config list are not part of the pattern
}
