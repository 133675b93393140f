// Clean trees, planted secrets, locations, redaction and --reveal, through the real binary.
#include "catch.hpp"
#include "harness.hpp"

using namespace hush_it;

namespace {

struct Planted {
  std::string rule_id;
  std::string path;
  std::uint64_t line, column;
  std::string secret;
};

// Three files with secrets (one of them with two on a line) and a clean one.
std::vector<Planted> plant_tree(const fs::path& root) {
  const std::string a = make_github_token(1);
  const std::string b = make_github_token(2, "gho_");
  const std::string c = make_github_token(3);
  const std::string d = make_github_token(4, "ghs_");
  write_file(root / "README.md", "# demo\nNothing to see here.\n");
  write_file(root / "config/app.env", "# app settings\nDEBUG=1\ngh = \"" + a + "\"\n");
  const std::string prefix_b = "  const char *t = \"";
  write_file(root / "src/deep/main.c", "int main(void) {\n  /* nothing */\n" + prefix_b + b + "\";\n}\n");
  const std::string prefix_c = "first ";
  const std::string prefix_d = "\tsecond: ";
  write_file(root / "multi.txt", "\n\n\n" + prefix_c + c + "\n" + prefix_d + d + "\n");
  return {
      {"github-pat", "config/app.env", 3, 7, a},
      {"github-pat", "multi.txt", 4, prefix_c.size() + 1, c},
      {"github-app-token", "multi.txt", 5, prefix_d.size() + 1, d},
      {"github-app-token", "src/deep/main.c", 3, prefix_b.size() + 1, b},
  };
}

}  // namespace

TEST_CASE("a clean tree exits 0 and says no secrets found", "[scan]") {
  TempDir dir;
  write_file(dir / "README.md", "hello\n");
  write_file(dir / "src/main.cpp", "int main() { return 0; }\n");
  const auto r = run_hush({"scan", dir.str()});
  INFO(r.err);
  CHECK(r.exit_code == 0);
  CHECK(r.out.find("no secrets found") != std::string::npos);
  CHECK(r.err.empty());

  const auto doc = scan_json({"scan", dir.str()}, 0);
  CHECK(doc["findings"].empty());
  CHECK(doc["summary"]["files_scanned"] == 2);
  CHECK(doc["summary"]["findings"] == 0);
}

TEST_CASE("planted secrets are reported with rule, relative path and exact 1-based location", "[scan]") {
  TempDir dir;
  const auto planted = plant_tree(dir.path());

  SECTION("json without --reveal") {
    const auto r = run_hush({"scan", "--format", "json", dir.str()});
    INFO(r.err);
    REQUIRE(r.exit_code == 1);
    CHECK(r.err.empty());
    const auto doc = parse_json(r.out);
    const auto& findings = doc["findings"];
    REQUIRE(findings.size() == planted.size());
    for (std::size_t i = 0; i < planted.size(); ++i) {
      const auto& f = findings[i];
      const auto& p = planted[i];
      INFO("finding " << i << ": " << f.dump());
      CHECK(f["rule_id"] == p.rule_id);
      CHECK(f["path"] == p.path);
      CHECK(f["line"] == p.line);
      CHECK(f["column"] == p.column);
      CHECK(f["end_line"] == p.line);
      CHECK(f["end_column"] == p.column + p.secret.size());
      CHECK(f["validation"] == "checksum-ok");
      CHECK(f["commit"].is_null());
      CHECK(f["fingerprint"].is_string());
      CHECK(!f["fingerprint"].get<std::string>().empty());
      CHECK_FALSE(f.contains("secret"));
      CHECK(r.out.find(p.secret) == std::string::npos);
    }
    CHECK(doc["summary"]["files_scanned"] == 4);
    CHECK(doc["summary"]["findings"] == planted.size());
    CHECK(doc["version"] == 1);
  }

  SECTION("json with --reveal carries the secret") {
    const auto r = run_hush({"scan", "--format", "json", "--reveal", dir.str()});
    REQUIRE(r.exit_code == 1);
    const auto doc = parse_json(r.out);
    REQUIRE(doc["findings"].size() == planted.size());
    for (std::size_t i = 0; i < planted.size(); ++i) {
      CHECK(doc["findings"][i]["secret"] == planted[i].secret);
      CHECK(r.out.find(planted[i].secret) != std::string::npos);
    }
  }

  SECTION("text output names the files but not the secrets") {
    const auto r = run_hush({"scan", dir.str()});
    REQUIRE(r.exit_code == 1);
    CHECK(r.out.find("config/app.env") != std::string::npos);
    CHECK(r.out.find("src/deep/main.c") != std::string::npos);
    CHECK(r.out.find("4 findings in 3 files") != std::string::npos);
    for (const auto& p : planted) CHECK(r.out.find(p.secret) == std::string::npos);
    const auto revealed = run_hush({"scan", "--reveal", dir.str()});
    for (const auto& p : planted) CHECK(revealed.out.find(p.secret) != std::string::npos);
  }

  SECTION("the default path is the current directory") {
    RunOptions o;
    o.cwd = dir.path();
    const auto r = run_hush({"scan", "--format", "json"}, o);
    REQUIRE(r.exit_code == 1);
    const auto doc = parse_json(r.out);
    REQUIRE(doc["findings"].size() == planted.size());
    for (std::size_t i = 0; i < planted.size(); ++i) CHECK(doc["findings"][i]["path"] == planted[i].path);
  }

  SECTION("a file root reports the path as given; several roots are prefixed") {
    const std::string file = (dir / "config/app.env").string();
    const auto doc1 = scan_json({"scan", file}, 1);
    REQUIRE(doc1["findings"].size() == 1);
    CHECK(doc1["findings"][0]["path"] == file);
    CHECK(doc1["findings"][0]["line"] == 3);

    RunOptions o;
    o.cwd = dir.path();
    const auto doc2 = scan_json({"scan", "config", "src"}, 1, o);
    REQUIRE(doc2["findings"].size() == 2);
    CHECK(doc2["findings"][0]["path"] == "config/app.env");
    CHECK(doc2["findings"][1]["path"] == "src/deep/main.c");
  }

  SECTION("--threads 1 and many threads give identical reports") {
    const auto one = run_hush({"scan", "--format", "json", "-j", "1", dir.str()});
    const auto many = run_hush({"scan", "--format", "json", "-j", "8", dir.str()});
    REQUIRE(one.exit_code == 1);
    REQUIRE(many.exit_code == 1);
    CHECK(parse_json(one.out)["findings"] == parse_json(many.out)["findings"]);
  }
}

TEST_CASE("scan --exit-code sets the status for findings only", "[scan]") {
  TempDir dir;
  write_file(dir / "a.env", "gh=" + make_github_token(10) + "\n");
  CHECK(run_hush({"scan", "--exit-code", "7", dir.str()}).exit_code == 7);
  CHECK(run_hush({"scan", "--exit-code=7", dir.str()}).exit_code == 7);
  CHECK(run_hush({"scan", "--exit-code", "0", dir.str()}).exit_code == 0);
  TempDir clean;
  write_file(clean / "a.txt", "nothing\n");
  CHECK(run_hush({"scan", "--exit-code", "7", clean.str()}).exit_code == 0);
  const auto bad = run_hush({"scan", "--exit-code", "abc", dir.str()});
  CHECK(bad.exit_code == 2);
}

TEST_CASE("usage errors exit 2", "[scan][errors]") {
  TempDir dir;
  SECTION("nonexistent path") {
    const auto r = run_hush({"scan", (dir / "does-not-exist").string()});
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("does-not-exist") != std::string::npos);
    CHECK(r.out.empty());
  }
  SECTION("bad options") {
    CHECK(run_hush({"scan", "--format", "xml", dir.str()}).exit_code == 2);
    CHECK(run_hush({"scan", "--max-file-size", "lots", dir.str()}).exit_code == 2);
    CHECK(run_hush({"scan", "--no-such-option", dir.str()}).exit_code == 2);
    CHECK(run_hush({"scan", "--format"}).exit_code == 2);
    CHECK(run_hush({"frobnicate"}).exit_code == 2);
  }
}

TEST_CASE("two secrets on one line: each is located, and neither appears without --reveal", "[scan][redaction]") {
  TempDir dir;
  const std::string c = make_github_token(5);
  const std::string d = make_github_token(6, "ghs_");
  const std::string prefix = "first ";
  const std::string middle = " second ";
  write_file(dir / "multi.txt", "\n" + prefix + c + middle + d + "\n");
  for (const char* format : {"json", "jsonl", "text", "sarif", "junit"}) {
    const auto r = run_hush({"scan", "--format", format, dir.str()});
    INFO("format " << format << ": " << r.out);
    CHECK(r.exit_code == 1);
    CHECK(r.out.find(c) == std::string::npos);
    CHECK(r.out.find(d) == std::string::npos);
  }
  const auto r = run_hush({"scan", "--format", "json", dir.str()});
  const auto doc = parse_json(r.out);
  REQUIRE(doc["findings"].size() == 2);
  CHECK(doc["findings"][0]["line"] == 2);
  CHECK(doc["findings"][0]["column"] == prefix.size() + 1);
  CHECK(doc["findings"][1]["line"] == 2);
  CHECK(doc["findings"][1]["column"] == prefix.size() + c.size() + middle.size() + 1);
}

TEST_CASE("scan -q leaves out the summary line, with -o FILE the console gets it on stderr unless -q", "[scan][cli]") {
  TempDir dir;
  plant_tree(dir / "tree");
  const std::string tree = (dir / "tree").string();

  const auto loud = run_hush({"scan", tree});
  CHECK(loud.exit_code == 1);
  CHECK(loud.out.find("4 findings in 3 files") != std::string::npos);
  const auto quiet = run_hush({"scan", "-q", tree});
  CHECK(quiet.exit_code == 1);
  CHECK(quiet.out.find("multi.txt") != std::string::npos);  // the findings themselves stay
  CHECK(quiet.out.find("findings in") == std::string::npos);
  CHECK(quiet.out.find("files scanned") == std::string::npos);

  const auto report = dir / "report.json";
  const auto to_file = run_hush({"scan", "-f", "json", "-o", report.string(), tree});
  CHECK(to_file.exit_code == 1);
  CHECK(to_file.out.empty());
  CHECK(to_file.err.find("hush: 4 findings in 3 files · ") != std::string::npos);
  CHECK(to_file.err.find(report.string()) != std::string::npos);
  CHECK(nlohmann::json::parse(read_file(report))["findings"].size() == 4);
  const auto to_file_quiet = run_hush({"scan", "-q", "-f", "json", "-o", report.string(), tree});
  CHECK(to_file_quiet.exit_code == 1);
  CHECK(to_file_quiet.err.empty());
}

TEST_CASE("scan --enable-rule scans with only the rules it names", "[scan][cli]") {
  TempDir dir;
  write_file(dir / "a.env", "GITHUB_TOKEN=" + make_github_token(501) + "\nAWS_ACCESS_KEY_ID=AKIAQYLPMN5HHHFPZAM2\n");
  const auto all = parse_json(run_hush({"scan", "-f", "json", dir.str()}).out);
  REQUIRE(all["findings"].size() == 2);
  const RunResult one = run_hush({"scan", "-f", "json", "--enable-rule", "github-pat", dir.str()});
  CHECK(one.exit_code == 1);
  const auto doc = parse_json(one.out);
  REQUIRE(doc["findings"].size() == 1);
  CHECK(doc["findings"][0]["rule_id"] == "github-pat");
  CHECK(doc["summary"]["rules"] == 1);
  const RunResult typo = run_hush({"scan", "--enable-rule", "github-patt", dir.str()});
  CHECK(typo.exit_code == 2);
  CHECK(typo.err.find("did you mean 'github-pat'") != std::string::npos);
}
