// `hush scan -`: standard input, including secrets on the 16 MiB window boundaries.
#include "catch.hpp"
#include "harness.hpp"

using namespace hush_it;

namespace {

constexpr std::size_t mib = 1024 * 1024;
constexpr std::size_t window = 16 * mib;    // stdin window size (scanner/src/sources/chunked.hpp)
constexpr std::size_t overlap = 64 * 1024;  // overlap between windows

struct Location {
  std::uint64_t line, column;
};

Location locate(const std::string& data, std::size_t offset) {
  std::uint64_t line = 1;
  std::size_t line_start = 0;
  for (std::size_t i = 0; i < offset; ++i) {
    if (data[i] == '\n') {
      ++line;
      line_start = i + 1;
    }
  }
  return {line, offset - line_start + 1};
}

std::string filler(std::size_t size) {
  const std::string line = "lorem ipsum dolor sit amet consectetur adipiscing elit sed do e\n";  // 64 bytes
  std::string out;
  out.reserve(size + 128);
  while (out.size() < size) out += line;
  out.resize(size);
  return out;
}

// Puts " token " over data[offset-1, offset+size+1).
void plant(std::string& data, std::size_t offset, const std::string& token) {
  data[offset - 1] = ' ';
  data.replace(offset, token.size(), token);
  data[offset + token.size()] = ' ';
}

}  // namespace

TEST_CASE("scan - reads standard input", "[stdin]") {
  const std::string tok = make_github_token(31);
  RunOptions o;
  o.stdin_data = "line one\nline two has " + tok + " in it\n";
  const auto doc = scan_json({"scan", "-"}, 1, o);
  REQUIRE(doc["findings"].size() == 1);
  CHECK(doc["findings"][0]["path"] == "-");
  CHECK(doc["findings"][0]["line"] == 2);
  CHECK(doc["findings"][0]["column"] == 14);

  RunOptions clean;
  clean.stdin_data = "nothing to see\n";
  const auto c = run_hush({"scan", "-"}, clean);
  CHECK(c.exit_code == 0);
  CHECK(c.out.find("no secrets found") != std::string::npos);

  RunOptions empty;
  const auto e = run_hush({"scan", "--format", "json", "-"}, empty);
  CHECK(e.exit_code == 0);
  CHECK(parse_json(e.out)["findings"].empty());
}

TEST_CASE("stdin secrets across the window boundaries are found exactly once", "[stdin][large]") {
  const std::string at_window_end = make_github_token(32);  // straddles the 16 MiB read boundary
  const std::string at_owned_end = make_github_token(33);   // straddles the end of window 1's owned part
  const std::string in_second = make_github_token(34, "gho_");
  std::string data = filler(window - 10);
  data += " ";
  const std::size_t off_a = data.size();
  data += at_window_end + " tail\n";
  data += filler(mib);
  const std::size_t off_c = data.size() - 5000;
  plant(data, off_c, in_second);
  const std::size_t off_b = window - overlap - 10;
  plant(data, off_b, at_owned_end);
  data += "\n";

  const Location la = locate(data, off_a), lb = locate(data, off_b), lc = locate(data, off_c);
  RunOptions o;
  o.stdin_data = data;
  const auto doc = scan_json({"scan", "--reveal", "-"}, 1, o);
  const auto& findings = doc["findings"];
  CHECK(findings.size() == 3);
  auto count_of = [&](const std::string& secret) {
    std::size_t n = 0;
    for (const auto& f : findings) n += f["secret"] == secret ? 1 : 0;
    return n;
  };
  CHECK(count_of(at_window_end) == 1);
  CHECK(count_of(at_owned_end) == 1);
  CHECK(count_of(in_second) == 1);
  for (const auto& f : findings) {
    INFO(f.dump());
    const Location expected = f["secret"] == at_window_end ? la : f["secret"] == at_owned_end ? lb : lc;
    CHECK(f["line"] == expected.line);
    CHECK(f["column"] == expected.column);
    CHECK(f["path"] == "-");
  }
  CHECK(doc["summary"]["bytes_scanned"] == data.size());
}

TEST_CASE("stdin: a token glued to a word is not reported when the glue falls on a window start", "[stdin][large]") {
  // "xghp_..." is no GitHub token (the rule's own negative example); it must stay quiet wherever it
  // sits, including when the second window starts exactly at its "g".
  const std::string tok = make_github_token(35);
  const std::size_t owned = window - overlap;  // where the second window starts
  std::string data = filler(window + mib);
  data[owned - 2] = ' ';
  data[owned - 1] = 'x';
  data.replace(owned, tok.size(), tok);
  data[owned + tok.size()] = ' ';
  RunOptions o;
  o.stdin_data = data;
  const auto r = run_hush({"scan", "--format", "json", "-"}, o);
  const auto doc = parse_json(r.out);
  INFO(doc["findings"].dump());
  CHECK(r.exit_code == 0);
  CHECK(doc["findings"].empty());

  // Control: the same glued token away from any boundary is not reported either.
  std::string control = filler(mib);
  control.replace(1000, 1, "x");
  control.replace(1001, tok.size(), tok);
  control[1001 + tok.size()] = ' ';
  control[999] = ' ';
  RunOptions c;
  c.stdin_data = control;
  CHECK(run_hush({"scan", "-"}, c).exit_code == 0);
}

TEST_CASE("files over 64 MiB are scanned in windows with exact locations", "[walk][large]") {
  TempDir dir;
  const std::size_t owned = window - overlap;
  const std::string a = make_github_token(36);      // straddles the first 16 MiB read boundary
  const std::string b = make_github_token(37);      // straddles the end of window 1's owned part
  const std::string c = make_github_token(38);      // near the end of the file
  const std::string glued = make_github_token(39);  // "x" + token with the "g" on window 3's start
  std::string data = filler(70 * mib);
  const std::size_t off_a = window - 10, off_b = owned - 10, off_c = data.size() - 777, off_g = 2 * owned;
  plant(data, off_a, a);
  plant(data, off_b, b);
  plant(data, off_c, c);
  data[off_g - 2] = ' ';
  data[off_g - 1] = 'x';
  data.replace(off_g, glued.size(), glued);
  data[off_g + glued.size()] = ' ';
  write_file(dir / "huge.log", data);

  const auto doc = scan_json({"scan", "--reveal", "--max-file-size", "100MiB", dir.str()}, 1);
  const auto& findings = doc["findings"];
  INFO(findings.dump());
  auto find_one = [&](const std::string& secret) -> const nlohmann::json* {
    const nlohmann::json* hit = nullptr;
    std::size_t n = 0;
    for (const auto& f : findings)
      if (f["secret"] == secret) {
        hit = &f;
        ++n;
      }
    CHECK(n <= 1);
    return hit;
  };
  for (const auto& [secret, offset] :
       std::vector<std::pair<std::string, std::size_t>>{{a, off_a}, {b, off_b}, {c, off_c}}) {
    const nlohmann::json* f = find_one(secret);
    REQUIRE(f != nullptr);
    const Location loc = locate(data, offset);
    CHECK((*f)["line"] == loc.line);
    CHECK((*f)["column"] == loc.column);
    CHECK((*f)["path"] == "huge.log");
  }
  CHECK(find_one(glued) == nullptr);
  CHECK(findings.size() == 3);
  CHECK(doc["summary"]["bytes_scanned"] == data.size());
  CHECK(doc["summary"]["files_scanned"] == 1);
}

TEST_CASE("stdin: binary input is skipped and counted, and --include-binary scans it", "[stdin]") {
  const std::string tok = make_github_token(30);
  RunOptions o;
  o.stdin_data = std::string(
                     "\x7f"
                     "ELF\0\0",
                     6) +
                 " gh " + tok + "\n";
  const auto skipped = run_hush({"scan", "--format", "json", "-"}, o);
  CHECK(skipped.exit_code == 0);
  CHECK(parse_json(skipped.out)["summary"]["skipped_binary"] == 1);

  const auto included = run_hush({"scan", "--format", "json", "--include-binary", "-"}, o);
  INFO(included.out);
  CHECK(included.exit_code == 1);
  CHECK(parse_json(included.out)["findings"].size() == 1);
}
