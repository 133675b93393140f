// Ways to accept a known finding: inline markers, .hushignore, --baseline, --write-baseline.
#include <algorithm>
#include <map>

#include "catch.hpp"
#include "harness.hpp"

using namespace hush_it;

TEST_CASE("inline hush:allow suppresses a finding on its line only", "[suppress]") {
  TempDir dir;
  const std::string a = make_github_token(61);
  const std::string b = make_github_token(62);
  const std::string c = make_github_token(63);
  write_file(dir / "a.py", "x = '" + a + "'  # hush:allow\ny = '" + b + "'\n");
  write_file(dir / "b.go", "// gitleaks:allow\nz := \"" + c + "\" // gitleaks:allow\n");
  const auto doc = scan_json({"scan", "--reveal", dir.str()}, 1);
  CHECK(finding_values(doc, "secret") == std::vector<std::string>{b});
  CHECK(doc["findings"][0]["line"] == 2);
  CHECK(doc["summary"]["suppressed"] == 2);

  TempDir only;
  write_file(only / "a.py", "x = '" + a + "'  # hush:allow\n");
  CHECK(run_hush({"scan", only.str()}).exit_code == 0);
}

TEST_CASE("inline markers: the usual spellings in any case, the next-line form, and --ignore-inline-allow",
          "[suppress]") {
  TempDir dir;
  const std::string a = make_github_token(71);
  const std::string b = make_github_token(72);
  const std::string c = make_github_token(73);
  const std::string d = make_github_token(74);
  write_file(dir / "a.py", "x = '" + a + "'  # pragma: allowlist secret\ny = '" + b + "'  # Hush:Allow\n");
  // JSON has no comments: the marker goes in a key of its own on the line before.
  write_file(dir / "b.json", "{\n  \"_comment\": \"hush:allow-next-line\",\n  \"token\": \"" + c +
                                 "\",\n  \"other\": \"" + d + "\"\n}\n");
  const auto doc = scan_json({"scan", "--reveal", dir.str()}, 1);
  CHECK(finding_values(doc, "secret") == std::vector<std::string>{d});

  // A CI gate can refuse them all.
  const auto strict = run_hush({"scan", "--format", "json", "--reveal", "--ignore-inline-allow", dir.str()});
  REQUIRE(strict.exit_code == 1);
  auto secrets = finding_values(parse_json(strict.out), "secret");
  std::sort(secrets.begin(), secrets.end());
  std::vector<std::string> all = {a, b, c, d};
  std::sort(all.begin(), all.end());
  CHECK(secrets == all);
}

TEST_CASE(".hushignore with a fingerprint suppresses that finding", "[suppress]") {
  TempDir dir;
  const std::string a = make_github_token(64);
  const std::string b = make_github_token(65);
  write_file(dir / "one.env", "gh " + a + "\n");
  write_file(dir / "two.env", "gh " + b + "\n");
  const auto doc1 = scan_json({"scan", dir.str()}, 1);
  REQUIRE(doc1["findings"].size() == 2);
  const std::string fp = doc1["findings"][0]["fingerprint"];

  write_file(dir / ".hushignore", "# accepted: test fixture\n\n  " + fp + "   # one.env\n");
  const auto doc2 = scan_json({"scan", "--reveal", dir.str()}, 1);
  CHECK(finding_values(doc2, "secret") == std::vector<std::string>{b});
  CHECK(doc2["summary"]["baseline_suppressed"] == 1);

  // Both known: clean. The fingerprint follows the secret, not the line.
  write_file(dir / ".hushignore", fp + "\n" + doc1["findings"][1]["fingerprint"].get<std::string>() + "\n");
  write_file(dir / "one.env", "\n\n\nmoved: " + a + "\n");
  CHECK(run_hush({"scan", dir.str()}).exit_code == 0);

  // A malformed .hushignore is a configuration error naming file and line.
  write_file(dir / ".hushignore", fp + "\nnot-a-fingerprint\n");
  const auto bad = run_hush({"scan", dir.str()});
  CHECK(bad.exit_code == 2);
  CHECK(bad.err.find(".hushignore:2:") != std::string::npos);
}

TEST_CASE("scan --baseline with an earlier JSON report suppresses its findings", "[suppress]") {
  TempDir dir;
  TempDir out;
  const std::string a = make_github_token(66);
  const std::string b = make_github_token(67);
  write_file(dir / "one.env", "gh " + a + "\n");
  const auto report = out / "report.json";
  const auto first = run_hush({"scan", "--format", "json", "-o", report.string(), dir.str()});
  REQUIRE(first.exit_code == 1);
  CHECK(read_file(report).find(a) == std::string::npos);

  CHECK(run_hush({"scan", "--baseline", report.string(), dir.str()}).exit_code == 0);

  write_file(dir / "two.env", "gh " + b + "\n");
  const auto doc = scan_json({"scan", "--reveal", "--baseline", report.string(), dir.str()}, 1);
  CHECK(finding_values(doc, "secret") == std::vector<std::string>{b});
  CHECK(doc["summary"]["baseline_suppressed"] == 1);

  SECTION("a JSONL report works as a baseline too") {
    const auto jsonl = out / "report.jsonl";
    REQUIRE(run_hush({"scan", "--format", "jsonl", "-o", jsonl.string(), dir.str()}).exit_code == 1);
    CHECK(run_hush({"scan", "--baseline", jsonl.string(), dir.str()}).exit_code == 0);
  }
  SECTION("a baseline that is not a report is exit 2") {
    write_file(out / "junk.json", "this is not json\n");
    CHECK(run_hush({"scan", "--baseline", (out / "junk.json").string(), dir.str()}).exit_code == 2);
    CHECK(run_hush({"scan", "--baseline", (out / "missing.json").string(), dir.str()}).exit_code == 2);
  }
}

TEST_CASE("scan --write-baseline then --baseline gives exit 0", "[suppress]") {
  TempDir dir;
  TempDir out;
  write_file(dir / "one.env", "gh " + make_github_token(68) + "\n");
  write_file(dir / "sub/two.env", "gh " + make_github_token(69, "ghs_") + "\n");
  const auto base = out / "baseline.json";
  const auto w = run_hush({"scan", "--write-baseline", base.string(), dir.str()});
  CHECK(w.exit_code == 0);
  CHECK(w.out.empty());
  CHECK(w.err.find("wrote 2 finding(s)") != std::string::npos);
  REQUIRE(fs::exists(base));
  const auto doc = parse_json(read_file(base));
  CHECK(doc["findings"].size() == 2);
  for (const auto& f : doc["findings"]) CHECK_FALSE(f.contains("secret"));

  const auto r = run_hush({"scan", "--baseline", base.string(), dir.str()});
  CHECK(r.exit_code == 0);
  CHECK(r.out.find("no secrets found") != std::string::npos);
  CHECK(r.out.find("2 known in baseline") != std::string::npos);
}

TEST_CASE("scan --baseline X --write-baseline X updates X: kept, added and removed are said", "[suppress]") {
  TempDir dir;
  TempDir out;
  const std::string a = make_github_token(70);
  const std::string b = make_github_token(71);
  const std::string c = make_github_token(72);
  write_file(dir / "one.env", "gh " + a + "\n");
  write_file(dir / "two.env", "gh " + b + "\n");
  const auto base = out / "baseline.json";
  REQUIRE(run_hush({"scan", "--write-baseline", base.string(), dir.str()}).exit_code == 0);
  const auto fingerprints = [&] {
    std::vector<std::string> fps;
    const auto doc = parse_json(read_file(base));
    for (const auto& f : doc["findings"]) fps.push_back(f["fingerprint"]);
    std::sort(fps.begin(), fps.end());
    return fps;
  };
  const auto first = fingerprints();
  REQUIRE(first.size() == 2);

  // b is fixed, c is new: the update keeps a, drops b, adds c.
  write_file(dir / "two.env", "clean\n");
  write_file(dir / "three.env", "gh " + c + "\n");
  const auto update = run_hush({"scan", "--baseline", base.string(), "--write-baseline", base.string(), dir.str()});
  INFO(update.err);
  CHECK(update.exit_code == 0);
  CHECK(update.err.find("wrote 2 finding(s)") != std::string::npos);
  CHECK(update.err.find("1 kept, 1 added, 1 removed") != std::string::npos);
  CHECK(update.err.find("+ github-pat three.env:1") != std::string::npos);
  CHECK(update.err.find("- github-pat two.env:1") != std::string::npos);
  CHECK(update.err.find(a) == std::string::npos);
  CHECK(update.err.find(c) == std::string::npos);
  const auto doc = parse_json(read_file(base));
  std::vector<std::string> paths;
  for (const auto& f : doc["findings"]) paths.push_back(f["path"]);
  CHECK(paths == std::vector<std::string>{"one.env", "three.env"});
  CHECK(doc["summary"]["baseline_suppressed"] == 0);

  // Updated, it suppresses everything still there; run again, nothing changes.
  CHECK(run_hush({"scan", "--baseline", base.string(), dir.str()}).exit_code == 0);
  const auto again = run_hush({"scan", "--baseline", base.string(), "--write-baseline", base.string(), dir.str()});
  CHECK(again.err.find("2 kept, 0 added, 0 removed") != std::string::npos);
  CHECK(parse_json(read_file(base))["findings"].size() == 2);

  // .hushignore still keeps what it lists out of the baseline.
  write_file(dir / ".hushignore", parse_json(read_file(base))["findings"][0]["fingerprint"].get<std::string>() + "\n");
  REQUIRE(run_hush({"scan", "--baseline", base.string(), "--write-baseline", base.string(), dir.str()}).exit_code == 0);
  CHECK(parse_json(read_file(base))["findings"].size() == 1);
}

TEST_CASE("scan --list-suppressed reports what each kind of suppression drops, and by what, and exits 0",
          "[suppress]") {
  TempDir dir;
  const std::string marked = make_github_token(81);
  const std::string stopped = make_github_token(82);
  const std::string pathed = make_github_token(83);
  const std::string ignored = make_github_token(84);
  const std::string baselined = make_github_token(85);
  const std::string reported = make_github_token(86);
  write_file(dir / "a.py", "x = '" + marked + "'  # hush:allow\n");
  write_file(dir / "b.env", "T=" + stopped + "\n");
  write_file(dir / "fixtures/c.env", "T=" + pathed + "\n");
  write_file(dir / "d.env", "T=" + ignored + "\n");
  write_file(dir / "e.env", "T=" + baselined + "\n");
  write_file(dir / "f.env", "T=" + reported + "\n");
  write_file(dir / ".hush.toml",
             "[allow]\nstopwords = [\"" + stopped.substr(4, 12) + "\"]\npaths = ['''^fixtures/''']\n");
  // Fingerprints for the ignore file and the baseline, from a scan of those two files alone.
  TempDir probe;
  write_file(probe / "d.env", "T=" + ignored + "\n");
  write_file(probe / "e.env", "T=" + baselined + "\n");
  const auto probe_report = parse_json(run_hush({"scan", "-f", "json", probe.str()}).out);
  REQUIRE(probe_report["findings"].size() == 2);
  write_file(dir / ".hushignore", probe_report["findings"][0]["fingerprint"].get<std::string>() + "\n");
  write_file(probe / "baseline.json", "{\"findings\": [{\"fingerprint\": \"" +
                                          probe_report["findings"][1]["fingerprint"].get<std::string>() + "\"}]}\n");

  const auto r = run_hush({"scan", "-f", "json", "--reveal", "--list-suppressed", "--baseline",
                           (probe / "baseline.json").string(), dir.str()});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  std::map<std::string, std::string> by_secret;
  const auto listed = parse_json(r.out);
  for (const auto& f : listed["findings"])
    by_secret[f["secret"].get<std::string>()] = f["suppressed_by"].get<std::string>();
  CHECK(by_secret[marked] == "inline marker");
  CHECK(by_secret[stopped] == "allowlist: stopword");
  CHECK(by_secret[ignored] == ".hushignore or .gitleaksignore");
  CHECK(by_secret[baselined] == "baseline");
  // Not read at all (the global path allowlist skips the file), and what is reported is not listed.
  CHECK(by_secret.count(pathed) == 0);
  CHECK(by_secret.count(reported) == 0);
  CHECK(by_secret.size() == 4);

  // SARIF records them as suppressions, in the source or outside it.
  const auto sarif = run_hush({"scan", "-f", "sarif", "--list-suppressed", dir.str()});
  REQUIRE(sarif.exit_code == 0);
  std::size_t in_source = 0;
  const auto sarif_doc = parse_json(sarif.out);
  for (const auto& res : sarif_doc["runs"][0]["results"]) in_source += res["suppressions"][0]["kind"] == "inSource";
  CHECK(in_source == 1);

  // Without it the same scan reports only the one left.
  const auto normal =
      run_hush({"scan", "-f", "json", "--reveal", "--baseline", (probe / "baseline.json").string(), dir.str()});
  REQUIRE(normal.exit_code == 1);
  CHECK(finding_values(parse_json(normal.out), "secret") == std::vector<std::string>{reported});
}

TEST_CASE("an inline marker covers every secret of its line, and only that line", "[suppress]") {
  TempDir dir;
  std::string marked_line, plain_line;
  for (std::uint32_t k = 0; k < 5; ++k)
    marked_line += "a" + std::to_string(k) + "='" + make_github_token(90 + k) + "'; ";
  for (std::uint32_t k = 5; k < 8; ++k)
    plain_line += "a" + std::to_string(k) + "='" + make_github_token(90 + k) + "'; ";
  write_file(dir / "min.js", marked_line + "// hush:allow\n" + plain_line + "\n");
  const auto doc = scan_json({"scan", dir.str()}, 1);
  REQUIRE(doc["findings"].size() == 3);
  for (const auto& f : doc["findings"]) CHECK(f["line"] == 2);
  CHECK(doc["summary"]["suppressed"] == 5);
}
