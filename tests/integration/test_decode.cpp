// Secrets in encoded text: base64 values of a Kubernetes Secret and a docker config.json, in a
// directory scan and in history, reported on the encoded text with how it was decoded; UTF-16
// files read as text.
#include "catch.hpp"
#include "git_repo.hpp"
#include "harness.hpp"

using namespace hush_it;

namespace {

// The system's base64 encoder: fixtures built by a tool that is not the decoder under test.
std::string base64_of(const std::string& bytes) {
  RunOptions o;
  o.stdin_data = bytes;
  const RunResult r = run_program("base64", {"-w0"}, o);
  REQUIRE(r.exit_code == 0);
  return r.out;
}

std::string k8s_secret(const std::string& encoded) {
  return "apiVersion: v1\nkind: Secret\nmetadata:\n  name: ci-token\ntype: Opaque\ndata:\n  token: " + encoded + "\n";
}

// `text` (ASCII) as UTF-16LE with a byte order mark.
std::string utf16le(const std::string& text) {
  std::string out = "\xFF\xFE";
  for (const char c : text) out += {c, '\0'};
  return out;
}

}  // namespace

TEST_CASE("a token in a Kubernetes Secret's data is found through base64", "[decode]") {
  TempDir dir;
  const std::string token = make_github_token(171);
  const std::string encoded = base64_of(token);
  write_file(dir / "deploy/secret.yaml", k8s_secret(encoded));
  const auto r = run_hush({"scan", "--format", "json", dir.str()});
  REQUIRE(r.exit_code == 1);
  const auto doc = parse_json(r.out);
  REQUIRE(doc["findings"].size() == 1);
  const auto& f = doc["findings"][0];
  CHECK(f["rule_id"] == "github-pat");
  CHECK(f["decoded"] == nlohmann::json::array({"base64"}));
  CHECK(f["validation"] != nullptr);  // the decoded token's checksum held
  CHECK(f["path"] == "deploy/secret.yaml");
  CHECK(f["line"] == 7);
  CHECK(f["column"] == 10);
  CHECK(f["end_column"] == 10 + encoded.size());
  // Neither the token nor its encoding reaches the report.
  CHECK(r.out.find(token) == std::string::npos);
  CHECK(r.out.find(encoded) == std::string::npos);

  // Without decoding, at most a generic rule sees a high-entropy value; no token.
  const auto token_found = [&](const std::vector<std::string>& extra) {
    std::vector<std::string> args = {"scan", "--format", "json"};
    args.insert(args.end(), extra.begin(), extra.end());
    args.push_back(dir.str());
    const auto report = parse_json(run_hush(args).out);
    for (const auto& finding : report["findings"])
      if (finding["rule_id"] == "github-pat") return true;
    return false;
  };
  CHECK_FALSE(token_found({"--max-decode-depth", "0"}));
  CHECK(token_found({"--max-decode-depth", "1"}));
  write_file(dir / ".hush.toml", "[limits]\nmax_decode_depth = 0\n");
  CHECK_FALSE(token_found({}));
  CHECK(token_found({"--max-decode-depth", "2"}));  // the flag wins over the file
}

TEST_CASE("a docker config.json auth field is found through base64 of user:token", "[decode]") {
  TempDir dir;
  const std::string token = make_github_token(172);
  write_file(dir / ".docker/config.json", "{\n  \"auths\": {\n    \"registry.example.com\": {\n      \"auth\": \"" +
                                              base64_of("ci-bot:" + token) + "\"\n    }\n  }\n}\n");
  const auto r = run_hush({"scan", "--format", "jsonl", dir.str()});
  REQUIRE(r.exit_code == 1);
  const auto f = parse_json(r.out);
  CHECK(f["rule_id"] == "github-pat");
  CHECK(f["decoded"] == nlohmann::json::array({"base64"}));
  CHECK(f["line"] == 4);
  CHECK(f["column"] == 16);
}

TEST_CASE("text and SARIF reports say how a secret was decoded", "[decode]") {
  TempDir dir;
  write_file(dir / "secret.yaml", k8s_secret(base64_of(make_github_token(173))));
  const auto text = run_hush({"scan", "--color", "never", dir.str()});
  REQUIRE(text.exit_code == 1);
  CHECK(text.out.find("(decoded from base64)") != std::string::npos);
  const auto sarif = run_hush({"scan", "--format", "sarif", dir.str()});
  REQUIRE(sarif.exit_code == 1);
  const auto doc = parse_json(sarif.out);
  const auto& result = doc["runs"][0]["results"][0];
  CHECK(result["message"]["text"].get<std::string>().find("decoded from base64") != std::string::npos);
  CHECK(result["properties"]["decoded"] == nlohmann::json::array({"base64"}));
  CHECK(result["locations"][0]["physicalLocation"]["region"]["startLine"] == 7);
}

TEST_CASE("base64 of binary noise and a plain token are reported once or not at all", "[decode]") {
  TempDir dir;
  std::string noise;
  for (unsigned i = 0; i < 4096; ++i) noise += static_cast<char>((i * 2654435761u) >> 13);
  write_file(dir / "blob.yaml", "binaryData:\n  blob: " + base64_of(noise) + "\n");
  CHECK(run_hush({"scan", dir.str()}).exit_code == 0);
  const std::string token = make_github_token(174);
  write_file(dir / "plain.json",
             "{\"url\": \"https://x.example/?a=%20&t=" + token + "\", \"note\": \"token: " + token + "\\n\"}\n");
  const auto doc = parse_json(run_hush({"scan", "--format", "json", dir.str()}).out);
  REQUIRE(doc["findings"].size() == 2);
  for (const auto& f : doc["findings"]) CHECK_FALSE(f.contains("decoded"));
}

TEST_CASE("a UTF-16 file is scanned as text, columns in characters", "[decode]") {
  TempDir dir;
  const std::string token = make_github_token(175);
  write_file(dir / "settings.ini", utf16le("[auth]\r\nkey = " + token + "\r\n"));
  const auto doc = scan_json({"scan", dir.str()}, 1);
  REQUIRE(doc["findings"].size() == 1);
  CHECK(doc["findings"][0]["line"] == 2);
  CHECK(doc["findings"][0]["column"] == 7);
  CHECK(doc["findings"][0]["end_column"] == 7 + token.size());
  CHECK(doc["summary"]["skipped_binary"] == 0);
}

TEST_CASE("history: encoded secrets and UTF-16 files are found in blobs too", "[decode]") {
  Repo repo;
  const std::string token = make_github_token(176);
  const std::string other = make_github_token(177);
  repo.write("deploy/secret.yaml", k8s_secret(base64_of(token)));
  repo.write("win/app.ini", utf16le("[auth]\r\nkey = " + other + "\r\n"));
  const std::string sha = repo.commit_all("add deployment");
  const auto report = scan_json({"scan", "--git", repo.str()}, 1);
  const auto found = by_rule(report, "github-pat");
  REQUIRE(found.size() == 2);
  const auto& encoded = found[0]["path"] == "deploy/secret.yaml" ? found[0] : found[1];
  const auto& wide = found[0]["path"] == "deploy/secret.yaml" ? found[1] : found[0];
  CHECK(encoded["decoded"] == nlohmann::json::array({"base64"}));
  CHECK(encoded["line"] == 7);
  CHECK(encoded["commit"] == sha);
  CHECK(wide["path"] == "win/app.ini");
  CHECK(wide["line"] == 2);
  CHECK(wide["column"] == 7);
}
