#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <future>
#include <nlohmann/json.hpp>
#include <string>

#include "args.hpp"
#include "catch.hpp"
#include "hush/common/codec.hpp"
#include "hush/common/error.hpp"
#include "hush/common/log.hpp"
#include "hush/common/metrics.hpp"
#include "hush/common/progress.hpp"
#include "hush/common/text.hpp"
#include "test_support.hpp"

namespace {

std::string read_all(std::FILE* f) {
  std::rewind(f);
  std::string out;
  char buf[512];
  std::size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) out.append(buf, n);
  return out;
}

}  // namespace

TEST_CASE("Prometheus text exposition") {
  hush::Metrics m;
  m.describe("hush_scan_findings_total", "counter", "Findings by rule.");
  m.add("hush_scan_findings_total", 2, {{"rule", "github-pat"}});
  m.add("hush_scan_findings_total", 1, {{"rule", "github-pat"}});
  m.set("hush_scan_findings_total", 0, {{"rule", "a\"b\\c"}});
  const std::string text = m.render();
  CHECK(text.find("# HELP hush_scan_findings_total Findings by rule.\n# TYPE hush_scan_findings_total counter\n") == 0);
  CHECK(text.find("hush_scan_findings_total{rule=\"github-pat\"} 3\n") != std::string::npos);
  CHECK(text.find("hush_scan_findings_total{rule=\"a\\\"b\\\\c\"} 0\n") != std::string::npos);
}

TEST_CASE("JSON logs are one object per line and respect the level") {
  std::FILE* sink = std::tmpfile();
  REQUIRE(sink != nullptr);
  hush::Logger log(sink, hush::LogFormat::json, hush::LogLevel::info);
  log.debug("hidden");
  log.warn("cannot read file", {{"path", "a\xff.txt"}});
  const std::string out = read_all(sink);
  std::fclose(sink);
  CHECK(out.find("hidden") == std::string::npos);
  REQUIRE(!out.empty());
  CHECK(std::count(out.begin(), out.end(), '\n') == 1);
  const auto j = nlohmann::json::parse(out);
  CHECK(j["level"] == "warn");
  CHECK(j["msg"] == "cannot read file");
  CHECK(j.contains("time"));
  CHECK(j["path"].get<std::string>().rfind("a", 0) == 0);
}

TEST_CASE("log level and format names") {
  hush::LogLevel level{};
  CHECK(hush::parse_log_level("debug", level));
  CHECK(level == hush::LogLevel::debug);
  CHECK_FALSE(hush::parse_log_level("loud", level));
  hush::LogFormat format{};
  CHECK(hush::parse_log_format("json", format));
  CHECK_FALSE(hush::parse_log_format("xml", format));
}

TEST_CASE("errors map to exit codes") {
  CHECK(hush::exit_code_for(hush::ErrorKind::usage) == 2);
  CHECK(hush::exit_code_for(hush::ErrorKind::config) == 2);
  CHECK(hush::exit_code_for(hush::ErrorKind::runtime) == 3);
  try {
    hush::throw_config_error("rules.toml", 12, "bad");
  } catch (const hush::Error& e) {
    CHECK(std::string(e.what()) == "rules.toml:12: bad");
  }
}

TEST_CASE("argument parsing") {
  using hush::cli::OptionSpec;
  const std::vector<OptionSpec> specs = {{"format", 'f', true, "", ""}, {"reveal", 0, false, "", ""}, {"rules", 'r', true, "", ""}};
  const auto args = hush::cli::parse_args({"-f", "json", "--rules=a.toml", "dir", "-rb.toml", "--reveal", "--", "--odd"}, specs);
  CHECK(args.value("format") == "json");
  CHECK(args.values("rules") == std::vector<std::string>{"a.toml", "b.toml"});
  CHECK(args.has("reveal"));
  CHECK(args.positional == std::vector<std::string>{"dir", "--odd"});
  CHECK_THROWS_AS(hush::cli::parse_args({"--nope"}, specs), hush::Error);
  CHECK_THROWS_AS(hush::cli::parse_args({"--format"}, specs), hush::Error);
  CHECK_THROWS_AS(hush::cli::parse_args({"--reveal=yes"}, specs), hush::Error);
  CHECK(hush::cli::parse_size_arg("max-file-size", "10MiB") == 10u * 1024 * 1024);
  CHECK(hush::cli::parse_size_arg("max-file-size", "512k") == 512u * 1024);
  CHECK(hush::cli::parse_size_arg("max-file-size", "4096") == 4096u);
  CHECK_THROWS_AS(hush::cli::parse_size_arg("max-file-size", "lots"), hush::Error);
  CHECK_THROWS_AS(hush::cli::parse_unsigned_arg("threads", "-1", 10), hush::Error);
  CHECK(hush::cli::parse_unsigned_arg("threads", "4", 10) == 4u);
}

TEST_CASE("short flags combine as in getopt; a value-taking letter takes the rest") {
  using hush::cli::OptionSpec;
  const std::vector<OptionSpec> specs = {
      {"quiet", 'q', false, "", ""}, {"verbose", 'v', false, "", ""}, {"threads", 'j', true, "", ""}};
  auto args = hush::cli::parse_args({"-qv", "dir"}, specs);
  CHECK(args.has("quiet"));
  CHECK(args.has("verbose"));
  CHECK(args.positional == std::vector<std::string>{"dir"});
  args = hush::cli::parse_args({"-qj4"}, specs);
  CHECK(args.has("quiet"));
  CHECK(args.value("threads") == "4");
  args = hush::cli::parse_args({"-vj", "2"}, specs);
  CHECK(args.has("verbose"));
  CHECK(args.value("threads") == "2");
  CHECK_THROWS_WITH(hush::cli::parse_args({"-qx"}, specs), Catch::Contains("unknown option -x"));
  CHECK_THROWS_AS(hush::cli::parse_args({"-qj"}, specs), hush::Error);  // -j needs its value
}

TEST_CASE("unknown options, commands and keys suggest the nearest known one") {
  using hush::cli::OptionSpec;
  const std::vector<OptionSpec> specs = {{"baseline", 0, true, "", ""}, {"staged", 0, false, "", ""}};
  CHECK_THROWS_WITH(hush::cli::parse_args({"--basline", "x"}, specs), Catch::Contains("did you mean --baseline?"));
  CHECK_THROWS_WITH(hush::cli::parse_args({"--stagde"}, specs), Catch::Contains("did you mean --staged?"));
  CHECK_THROWS_WITH(hush::cli::parse_args({"--colour"}, specs), !Catch::Contains("did you mean"));
  const std::vector<std::string> commands = {"scan", "run", "rules", "env", "get"};
  CHECK(hush::closest_match("scna", commands) == "scan");  // a swap of neighbours is one edit
  CHECK(hush::closest_match("Rules", commands) == "rules");
  CHECK(hush::closest_match("rum", commands) == "run");
  CHECK_FALSE(hush::closest_match("deploy", commands).has_value());
  CHECK_FALSE(hush::closest_match("x", commands).has_value());  // one letter is never a typo of a word
  CHECK(hush::closest_match("aws-acess-key-id", {"aws-access-key-id", "aws-secret-access-key"}) == "aws-access-key-id");
  CHECK(hush::did_you_mean("refersh", {"refresh", "timeout"}) == " (did you mean 'refresh'?)");
  CHECK(hush::did_you_mean("zzz", {"refresh"}).empty());
}

TEST_CASE("the progress line draws after its delay and erases itself") {
  std::FILE* sink = std::tmpfile();
  REQUIRE(sink != nullptr);
  std::promise<void> drawn;
  bool first = true;
  {
    hush::ProgressLine line(
        true,
        [&] {
          if (first) {
            first = false;
            drawn.set_value();
          }
          return std::string("scanning 3 files");
        },
        sink, std::chrono::milliseconds(0));
    drawn.get_future().wait();
    line.stop();
  }
  const std::string out = read_all(sink);
  std::fclose(sink);
  CHECK(out.find("scanning 3 files") != std::string::npos);
  CHECK(out.size() >= 4);
  CHECK(out.substr(out.size() - 5) == "\r\x1b[2K");
}

TEST_CASE("a quick operation never shows progress") {
  std::FILE* sink = std::tmpfile();
  REQUIRE(sink != nullptr);
  int renders = 0;
  {
    hush::ProgressLine line(true, [&] { ++renders; return std::string("x"); }, sink, std::chrono::hours(1));
  }
  CHECK(renders == 0);
  CHECK(read_all(sink).empty());
  std::fclose(sink);
}

TEST_CASE("read_file_bytes reads whole files, whatever size the kernel reports") {
  hush::test::TempDir dir;
  const auto path = dir.path() / "bytes.bin";
  std::string bytes(100'000, '\0');
  for (std::size_t i = 0; i < bytes.size(); ++i) bytes[i] = static_cast<char>(i * 7 % 256);
  std::ofstream(path, std::ios::binary) << bytes;
  CHECK(hush::read_file_bytes(path) == bytes);

  std::ofstream(dir.path() / "empty", std::ios::binary).flush();
  CHECK(hush::read_file_bytes(dir.path() / "empty") == std::string());
  // /proc files report size 0 and still have content.
  const auto self = hush::read_file_bytes("/proc/self/status");
  REQUIRE(self);
  CHECK(self->find("Pid:") != std::string::npos);

  CHECK_FALSE(hush::read_file_bytes(dir.path()));
  CHECK_FALSE(hush::read_file_bytes(dir.path() / "missing"));
  CHECK_THROWS_AS(hush::read_config_file(dir.path() / "missing"), hush::Error);
}

TEST_CASE("trim drops ASCII whitespace at both ends, nothing else") {
  CHECK(hush::trim(" \t value \r\n") == "value");
  CHECK(hush::trim("a b") == "a b");
  CHECK(hush::trim("\v\f") == "");
  CHECK(hush::trim("\xc2\xa0x") == "\xc2\xa0x");  // no-break space is not ASCII whitespace
}

TEST_CASE("trim with a format's own blanks strips those and nothing else") {
  CHECK(hush::trim(" \tvalue\r", " \t") == "value\r");
  CHECK(hush::trim("\f x \f", " \t\r\n") == "\f x \f");
  CHECK(hush::trim("   ", " ") == "");
  static_assert(hush::trim("  constexpr ") == "constexpr");
}

TEST_CASE("hex and percent encoding spell bytes one way everywhere") {
  const unsigned char bytes[] = {0x00, 0x0f, 0xa5, 0xff};
  CHECK(hush::to_hex(bytes) == "000fa5ff");
  CHECK(hush::to_hex({}) == "");
  CHECK(hush::hex_value('7') == 7);
  CHECK(hush::hex_value('b') == 11);
  CHECK(hush::hex_value('F') == 15);
  CHECK(hush::hex_value('g') == -1);
  CHECK(hush::hex_value('\xff') == -1);
  CHECK(hush::percent_encode("a b/\xc3\xa9~") == "a%20b%2F%C3%A9~");
  CHECK(hush::percent_encode("a:b@c/d", ":@") == "a:b@c%2Fd");
  CHECK(hush::percent_encode("AZaz09-._~") == "AZaz09-._~");
}
