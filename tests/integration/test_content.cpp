// Odd file contents: CRLF, a megabyte-long line, empty files, bytes that are not UTF-8.
#include "catch.hpp"
#include "harness.hpp"

using namespace hush_it;

TEST_CASE("CRLF line endings: line and column are right and no CR leaks into the report", "[content]") {
  TempDir dir;
  const std::string tok = make_github_token(51);
  write_file(dir / "win.ini", "[auth]\r\nkey=1\r\ngh = " + tok + "\r\nend\r\n");
  const auto doc = scan_json({"scan", dir.str()}, 1);
  REQUIRE(doc["findings"].size() == 1);
  const auto& f = doc["findings"][0];
  CHECK(f["line"] == 3);
  CHECK(f["column"] == 6);
  CHECK(f["end_column"] == 6 + tok.size());
  CHECK(f["context"].get<std::string>().find('\r') == std::string::npos);
}

TEST_CASE("a 1 MB single-line file with a secret in the middle", "[content]") {
  TempDir dir;
  const std::string tok = make_github_token(52);
  const std::size_t at = 512 * 1024;
  std::string line(at - 1, 'x');
  line += ' ';
  line += tok;
  line += ' ';
  line += std::string(1024 * 1024 - line.size(), 'y');
  write_file(dir / "min.js", line);
  const auto r = run_hush({"scan", "--format", "json", dir.str()});
  REQUIRE(r.exit_code == 1);
  const auto doc = parse_json(r.out);
  REQUIRE(doc["findings"].size() == 1);
  const auto& f = doc["findings"][0];
  CHECK(f["line"] == 1);
  CHECK(f["column"] == at + 1);
  CHECK(f["end_column"] == at + 1 + tok.size());
  // The context is bounded, not the whole megabyte.
  CHECK(f["context"].get<std::string>().size() < 1024);
  CHECK(r.out.size() < 16 * 1024);
}

TEST_CASE("an empty file is fine", "[content]") {
  TempDir dir;
  write_file(dir / "empty.txt", "");
  const auto doc = scan_json({"scan", dir.str()}, 0);
  CHECK(doc["findings"].empty());
  CHECK(doc["summary"]["files_scanned"] == 1);
  CHECK(doc["summary"]["bytes_scanned"] == 0);
}

TEST_CASE("non-UTF-8 bytes around a secret keep every format valid", "[content]") {
  TempDir dir;
  const std::string tok = make_github_token(53);
  const std::string prefix = "\xff\xfe\x80 caf\xe9 \xc3\x28 ";
  write_file(dir / "latin1.txt", "ok\n" + prefix + tok + " \xe2\x82 \xf0\x9f\x98\n");

  const auto doc = scan_json({"scan", "--reveal", dir.str()}, 1);
  REQUIRE(doc["findings"].size() == 1);
  CHECK(doc["findings"][0]["line"] == 2);
  CHECK(doc["findings"][0]["column"] == prefix.size() + 1);
  CHECK(doc["findings"][0]["secret"] == tok);

  const auto jl = run_hush({"scan", "--format", "jsonl", dir.str()});
  REQUIRE(jl.exit_code == 1);
  CHECK(parse_json(jl.out.substr(0, jl.out.find('\n')))["line"] == 2);

  const auto sarif = run_hush({"scan", "--format", "sarif", dir.str()});
  REQUIRE(sarif.exit_code == 1);
  CHECK(parse_json(sarif.out)["version"] == "2.1.0");

  const auto text = run_hush({"scan", dir.str()});
  CHECK(text.exit_code == 1);
  CHECK(text.out.find('\xff') == std::string::npos);  // raw invalid bytes never reach a terminal
}

TEST_CASE("a file name that is not UTF-8 keeps JSON and SARIF valid", "[content]") {
  TempDir dir;
  const std::string tok = make_github_token(54);
  write_file(dir / "caf\xe9.env", "gh " + tok + "\n");
  const auto doc = scan_json({"scan", dir.str()}, 1);
  REQUIRE(doc["findings"].size() == 1);
  CHECK(doc["findings"][0]["path"] == "caf\xef\xbf\xbd.env");  // U+FFFD replaces the stray byte

  const auto sarif = run_hush({"scan", "--format", "sarif", dir.str()});
  const auto sdoc = parse_json(sarif.out);
  CHECK(sdoc["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "caf%E9.env");
}

TEST_CASE("a secret at the very start and at the very end of a file without newline", "[content]") {
  TempDir dir;
  const std::string a = make_github_token(55);
  const std::string b = make_github_token(56);
  write_file(dir / "edge.txt", a + "\n\n" + b);
  const auto doc = scan_json({"scan", dir.str()}, 1);
  REQUIRE(doc["findings"].size() == 2);
  CHECK(doc["findings"][0]["line"] == 1);
  CHECK(doc["findings"][0]["column"] == 1);
  CHECK(doc["findings"][1]["line"] == 3);
  CHECK(doc["findings"][1]["column"] == 1);
}

TEST_CASE("a multi-line private key: location spans its lines and no key material is printed", "[content][redaction]") {
  TempDir dir;
  // A real (throwaway, 512-bit) key: the validator decodes the body, so a made-up one is not a key.
  const std::vector<std::string> body = {
      "MIIBOgIBAAJBAMmwFjoMs1uAgTvrCEdUskn4u+zQs/xr0O2J7PvrE2NCgTvSmmCO",
      "COUJ7kOEo1WpkzAcvwJ7ESTPJUgflT93jo8CAwEAAQJAdFmHyP8wrPWqGBXTVcsP",
      "e0rppokTe+f6xD3QH9gR/C0IKEmqxoWbXRVg74RB2+D2X64du8b8oyJGB19PKXIF",
      "8QIhAOuBuLE6WBqsJ5oMx2reUlDDQD8SKR0XCi9ohTUECsBZAiEA2zz/QjyyAeUN",
      "HAbfOty9xHgcnttfMDOrJ3fmOUB2KScCIQDedXDS6Hvk5g2adMvCZTN4WpdLfIod",
      "km/qjF6Xz7OgMQIgY/aKBO+b0pVXxuGzQymHNV/23M/1tQq6DYLz7ELiHZ0CIGYk",
      "iKAyM6eG6RULt6IikyNc4Mox10uzOMlXKv1Vf8PC",
  };
  std::string key = "-----BEGIN RSA PRIVATE KEY-----\n";
  for (const auto& l : body) key += l + "\n";
  key += "-----END RSA PRIVATE KEY-----";
  write_file(dir / "deploy/id_rsa", "# deploy key\n" + key + "\n");
  const auto doc = scan_json({"scan", dir.str()}, 1);
  REQUIRE(doc["findings"].size() == 1);
  const auto& f = doc["findings"][0];
  CHECK(f["rule_id"] == "private-key");
  CHECK(f["path"] == "deploy/id_rsa");
  CHECK(f["line"] == 2);
  CHECK(f["column"] == 1);
  CHECK(f["end_line"] == 2 + body.size() + 1);
  CHECK(f["end_column"] == std::string("-----END RSA PRIVATE KEY-----").size() + 1);
  for (const char* format : {"json", "jsonl", "text", "sarif", "junit"}) {
    const auto out = run_hush({"scan", "--format", format, dir.str()});
    for (const auto& line : body) {
      INFO("format " << format << ", key line " << line);
      CHECK(out.out.find(line.substr(0, 24)) == std::string::npos);
    }
  }
  const auto revealed = run_hush({"scan", "--format", "json", "--reveal", dir.str()});
  CHECK(parse_json(revealed.out)["findings"][0]["secret"] == key);
}
