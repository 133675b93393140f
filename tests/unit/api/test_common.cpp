#include <algorithm>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "catch.hpp"
#include "hush/common/codec.hpp"
#include "hush/common/error.hpp"
#include "hush/common/file.hpp"
#include "hush/common/log.hpp"
#include "hush/common/metrics.hpp"
#include "hush/common/text.hpp"
#include "test_support.hpp"

using hush::test::read_all;

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
