// `-f html`: one self-contained file, every value escaped, no secret without --reveal; and, where
// Chromium is installed (CI installs it), the page rendered in a real headless browser: its
// filters hide and show the right rows, and its screenshot shows the findings.
#include <algorithm>

#include "catch.hpp"
#include "harness.hpp"

using namespace hush_it;

namespace {

std::size_t count_of(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + what.size())) ++n;
  return n;
}

struct Tree {
  TempDir dir;
  std::string token_a = make_github_token(601);
  std::string token_b = make_github_token(602);
  Tree() {
    write_file(dir / "config/app.env", "GITHUB_TOKEN=" + token_a + "\n");
    // A file name a browser would run if it were not escaped.
    write_file(dir / "src/<script>alert(1)<script>.py", "token = '" + token_b + "'\n");
    write_file(dir / "src/db.py", "password = 'Tr0ub4dor&3xyzzy'\n");
  }
};

bool have_chromium() { return run_program("sh", {"-c", "command -v chromium"}).exit_code == 0; }

RunResult chromium(const std::vector<std::string>& args) {
  std::vector<std::string> all = {"--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"};
  all.insert(all.end(), args.begin(), args.end());
  return run_program("chromium", all);
}

}  // namespace

TEST_CASE("the HTML report is one self-contained, escaped file", "[reporters][html]") {
  Tree tree;
  const fs::path report = tree.dir / "report.html";
  const RunResult r =
      run_hush({"scan", "-f", "html", "-o", report.string(), "--min-confidence", "low", tree.dir.str()});
  REQUIRE(r.exit_code == 1);
  const std::string page = read_file(report);
  CHECK(page.rfind("<!DOCTYPE html>", 0) == 0);
  CHECK(count_of(page, "<tr data-severity=") == 3);
  // Nothing is fetched: no external script, style, image or font, and the CSP forbids it.
  CHECK(page.find("default-src 'none'") != std::string::npos);
  CHECK(page.find(" src=") == std::string::npos);
  CHECK(page.find("<link") == std::string::npos);
  CHECK(page.find("http://") == std::string::npos);
  CHECK(page.find("https://") == std::string::npos);
  // The hostile file name is text, and the only script is the report's own.
  CHECK(page.find("&lt;script&gt;alert(1)&lt;script&gt;.py") != std::string::npos);
  CHECK(count_of(page, "<script>") == 1);
  CHECK(page.find(tree.token_a) == std::string::npos);
  CHECK(page.find(tree.token_b) == std::string::npos);
  const RunResult revealed = run_hush({"scan", "-f", "html", "--reveal", tree.dir.str()});
  CHECK(revealed.out.find(tree.token_a) != std::string::npos);
}

TEST_CASE("the HTML report in a headless browser: filters and a screenshot", "[reporters][html][browser]") {
  if (!have_chromium()) {
    WARN("chromium is not installed: the HTML report was not rendered (apt-get install chromium)");
    return;
  }
  Tree tree;
  const fs::path report = tree.dir / "report.html";
  REQUIRE(
      run_hush({"scan", "-f", "html", "-o", report.string(), "--min-confidence", "low", tree.dir.str()}).exit_code ==
      1);
  const std::string url = "file://" + report.string();

  // The filters' state comes from the fragment: the page's script ran when the DOM hides rows.
  const RunResult all = chromium({"--dump-dom", url});
  REQUIRE(all.exit_code == 0);
  CHECK(all.out.find("3 of 3 shown") != std::string::npos);
  CHECK(count_of(all.out, " hidden=\"\"") == 0);
  const RunResult filtered = chromium({"--dump-dom", url + "#q=config%2F"});
  REQUIRE(filtered.exit_code == 0);
  CHECK(filtered.out.find("1 of 3 shown") != std::string::npos);
  CHECK(count_of(filtered.out, " hidden=\"\"") == 2);
  const RunResult confident = chromium({"--dump-dom", url + "#confidence=high"});
  CHECK(confident.out.find("2 of 3 shown") != std::string::npos);
  // A file name that would run as script stayed text.
  CHECK(all.out.find("alert(1)") != std::string::npos);
  CHECK(all.out.find("<script>alert") == std::string::npos);

  // The screenshot: a real image, and what it shows depends on the findings.
  const fs::path shot = tree.dir / "report.png";
  const fs::path empty_shot = tree.dir / "empty.png";
  REQUIRE(chromium({"--screenshot=" + shot.string(), "--window-size=1200,800", url}).exit_code == 0);
  TempDir clean;
  write_file(clean / "a.txt", "nothing here\n");
  const fs::path empty_report = tree.dir / "empty.html";
  REQUIRE(run_hush({"scan", "-f", "html", "-o", empty_report.string(), clean.str()}).exit_code == 0);
  REQUIRE(chromium({"--screenshot=" + empty_shot.string(), "--window-size=1200,800", "file://" + empty_report.string()})
              .exit_code == 0);
  const std::string png = read_file(shot);
  const std::string empty_png = read_file(empty_shot);
  REQUIRE(png.size() > 8);
  CHECK(png.substr(0, 8) == std::string("\x89PNG\r\n\x1a\n", 8));
  CHECK(png != empty_png);
  CHECK(png.size() > empty_png.size());  // rows of findings compress worse than a blank table
}
